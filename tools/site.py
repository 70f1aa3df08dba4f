"""Assemble the language builds into one static site, and serve it.

    python -m tools.site assemble SITEDIR   root page, sitemap, robots.txt, 404 page, .nojekyll
    python -m tools.site serve SITEDIR      preview on http://127.0.0.1:8000/<base path>/

`make site` builds every language into SITEDIR/<lang>/ and then runs
`assemble`. The languages are those of locales/ (docs/_ext/languages.py); the
base URL comes from `site_url` in docs/conf.py (the SITE_URL environment variable
overrides it), the one setting that hreflang, canonical links and the sitemap
share. `serve` answers like a static host such as GitHub Pages: under the base
URL's path, with SITEDIR/404.html for a missing page.

A static host has one 404 page for the whole site. Ours is the original's, with
every translation's 404 page in it: under ``<base>/ru/``, a script shows the
Russian one (its links and search are Russian), see ``notfound_page``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import http.server
import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import BinaryIO
from urllib.parse import urlsplit

import jinja2

from languages import language_tag, site_languages

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).with_name("templates")
# Pages that are not content: left out of the sitemap.
NOT_CONTENT = {"search.html", "genindex.html", "404.html"}
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def load_conf() -> ModuleType:
    """docs/conf.py, for its site_url."""
    spec = importlib.util.spec_from_file_location("site_conf", ROOT / "docs" / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


def content_pages(sitedir: Path, lang: str) -> list[str]:
    return sorted(
        path.relative_to(sitedir / lang).as_posix()
        for path in (sitedir / lang).rglob("*.html")
        if path.name not in NOT_CONTENT and not path.relative_to(sitedir / lang).parts[0].startswith("_")
    )


def templates() -> jinja2.Environment:
    """The site's own pages, in tools/templates/."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def root_page(languages: list[tuple[str, str]], site_url: str) -> str:
    """The site's front door (tools/templates/root.html), for ``languages``, the original first."""
    entries = [{"code": code, "tag": language_tag(code), "name": name} for code, name in languages]
    return (
        templates()
        .get_template("root.html")
        .render(
            languages=entries,
            original=entries[0],
            site_url=site_url,
        )
    )


# A Sphinx page: the <head>, then the <body> whose scripts close it.
HEAD_START = re.compile(r"<head>")
TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
BODY = re.compile(r"<body[^>]*>(.*?)</body>", re.DOTALL)
#: Where furo's page.html puts the page's scripts: last in the <body>.
SCRIPTS_START = '<script src="'


class NotFoundPageChanged(RuntimeError):
    """A 404 page no longer has the parts notfound_page() puts together."""


def page_parts(page: str) -> tuple[str, str]:
    """The title (as text) and the body content before the scripts of a built page."""
    title, body = TITLE.search(page), BODY.search(page)
    if not (title and body and SCRIPTS_START in body.group(1)):
        raise NotFoundPageChanged("a 404 page has no <title>, <body> or scripts: update tools/site.py")
    return html.unescape(title.group(1).strip()), body.group(1).split(SCRIPTS_START, 1)[0]


def notfound_page(sitedir: Path, languages: list[tuple[str, str]], base_path: str) -> str:
    """The site's one 404 page: the original's, showing the missing URL's language.

    The translations' 404 pages go in as inert <template>s, before the
    original's scripts (tools/templates/notfound-languages.html); a script first
    in the <head> reads the language folder of the missing URL
    (notfound-head.html). Every 404 page's links are absolute paths
    (docs/_ext/site_languages.py), so they work at any depth.
    """
    original = (sitedir / languages[0][0] / "404.html").read_text(encoding="utf-8")
    page_parts(original)  # the original has the parts too
    translations = []
    for code, _name in languages[1:]:
        title, body = page_parts((sitedir / code / "404.html").read_text(encoding="utf-8"))
        translations.append({"code": code, "tag": language_tag(code), "title": title, "body": body})
    environment = templates()
    head = environment.get_template("notfound-head.html").render(
        base_path=base_path, codes=[code for code, _name in languages[1:]]
    )
    chooser = environment.get_template("notfound-languages.html").render(pages=translations)
    original = HEAD_START.sub(lambda match: match.group(0) + head, original, count=1)
    # The scripts are one run at the end of the body: the chooser goes before the first.
    start = original.index(SCRIPTS_START, original.index("<body"))
    return original[:start] + chooser + original[start:]


def sitemap(sitedir: Path, languages: list[tuple[str, str]], site_url: str) -> str:
    """Every page in every language, each with its alternates (hreflang)."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    original = languages[0][0]
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in content_pages(sitedir, original):
        present = [code for code, _name in languages if (sitedir / code / page).exists()]
        alternates = [(language_tag(code), f"{site_url}{code}/{page}") for code in present]
        alternates.append(("x-default", f"{site_url}{original}/{page}"))
        for code in present:
            url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
            ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = f"{site_url}{code}/{page}"
            for hreflang, href in alternates:
                ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=hreflang, href=href)
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="UTF-8", xml_declaration=True).decode("utf-8") + "\n"


def assemble(sitedir: Path, site_url: str, languages: list[tuple[str, str]]) -> None:
    """Add the site-wide files to the language builds in ``sitedir``."""
    missing = [code for code, _ in languages if not (sitedir / code / "index.html").exists()]
    if missing:
        raise SystemExit(f"tools.site: no build for {', '.join(missing)} in {sitedir}: run `make site`")
    (sitedir / "index.html").write_text(root_page(languages, site_url), encoding="utf-8")
    (sitedir / "sitemap.xml").write_text(sitemap(sitedir, languages, site_url), encoding="utf-8")
    (sitedir / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n")
    # A static host serves /404.html for every missing path.
    (sitedir / "404.html").write_text(notfound_page(sitedir, languages, urlsplit(site_url).path), encoding="utf-8")
    # GitHub Pages would otherwise drop Sphinx's _static/ folders (Jekyll).
    (sitedir / ".nojekyll").touch()
    print(f"tools.site: {sitedir} assembled for {site_url}")


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Serve SITEDIR under ``base_path``, with 404.html for what is missing."""

    def __init__(self, *args: object, base_path: str, **kwargs: object) -> None:
        # Before the base class's __init__, which handles the request.
        self.base_path = base_path
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(self.base_path) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def copyfile(self, source: BinaryIO, outputfile: BinaryIO) -> None:
        # A browser that navigates away cancels the requests under way: a page
        # half sent is not an error of the host's, so no traceback for it.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().copyfile(source, outputfile)

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests and previews read their own output
        pass


def make_server(sitedir: Path, port: int, base_path: str) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(StaticHostHandler, directory=str(sitedir), base_path=base_path)
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["assemble", "serve"])
    parser.add_argument("sitedir", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    site_url = load_conf().site_url
    if args.command == "assemble":
        assemble(args.sitedir, site_url, site_languages())
        return 0
    base_path = urlsplit(site_url).path
    server = make_server(args.sitedir, args.port, base_path)
    print(f"Serving {args.sitedir} on http://127.0.0.1:{args.port}{base_path} (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
