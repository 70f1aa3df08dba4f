"""Assemble the five language builds into one static site, and serve it.

    python -m tools.site assemble SITEDIR   root page, sitemap, robots.txt, 404, .nojekyll
    python -m tools.site serve SITEDIR      preview on http://127.0.0.1:8000/<base path>/

`make site` builds every language into SITEDIR/<lang>/ and then runs
`assemble`. The base URL comes from `site_url` in conf.py (the SITE_URL
environment variable overrides it), the one setting that hreflang, canonical
links and the sitemap share. `serve` answers like a static host such as GitHub
Pages: under the base URL's path, with SITEDIR/404.html for a missing page.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import importlib.util
import json
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
# Pages that are not content: left out of the sitemap.
NOT_CONTENT = {"search.html", "genindex.html", "404.html"}


def load_conf():
    spec = importlib.util.spec_from_file_location("site_conf", ROOT / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


def hreflang(code: str) -> str:
    """BCP 47 language tag of a Sphinx language code: zh_TW -> zh-TW."""
    return code.replace("_", "-")


def content_pages(sitedir: Path, lang: str) -> list[str]:
    return sorted(
        path.relative_to(sitedir / lang).as_posix()
        for path in (sitedir / lang).rglob("*.html")
        if path.name not in NOT_CONTENT and not path.relative_to(sitedir / lang).parts[0].startswith("_")
    )


def root_page(languages: list[tuple[str, str]], site_url: str) -> str:
    """The site's front door: sends the browser to its preferred language.

    Without JavaScript, or for a language the site lacks, it is a plain page of
    links to the five home pages.
    """
    codes = [code for code, _ in languages]
    links = "\n".join(
        f'    <li><a href="{code}/index.html" hreflang="{hreflang(code)}" lang="{hreflang(code)}">'
        f"{html.escape(name)}</a></li>"
        for code, name in languages
    )
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{hreflang(code)}" href="{site_url}{code}/index.html">'
        for code in codes
    ) + f'\n  <link rel="alternate" hreflang="x-default" href="{site_url}">'
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Streaming Flask</title>
  <link rel="icon" href="en/_static/favicon.svg">
  <link rel="canonical" href="{site_url}">
{alternates}
  <script>
    // The first of the browser's languages that the site has; English otherwise.
    (function () {{
      var site = {json.dumps(codes)};
      var wanted = navigator.languages || [navigator.language || "en"];
      function pick(tag) {{
        tag = tag.toLowerCase();
        if (/^zh-(tw|hk|mo|hant)/.test(tag)) return "zh_TW";
        if (/^zh/.test(tag)) return "zh_CN";
        var base = tag.split("-")[0];
        return site.indexOf(base) >= 0 ? base : null;
      }}
      for (var i = 0; i < wanted.length; i++) {{
        var code = pick(wanted[i]);
        if (code) {{ location.replace(code + "/index.html"); return; }}
      }}
      location.replace("en/index.html");
    }})();
  </script>
  <style>
    body {{ font: 18px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; }}
    ul {{ list-style: none; padding: 0; }} li {{ margin: .5rem 0; }}
  </style>
</head>
<body>
  <h1>Streaming Flask</h1>
  <p>Streaming responses in Flask, in five languages:</p>
  <ul>
{links}
  </ul>
</body>
</html>
"""


def sitemap(sitedir: Path, languages: list[tuple[str, str]], site_url: str) -> str:
    """Every page in every language, each with its alternates (hreflang)."""
    codes = [code for code, _ in languages]
    entries = []
    for page in content_pages(sitedir, "en"):
        present = [code for code in codes if (sitedir / code / page).exists()]
        alternates = "".join(
            f'\n    <xhtml:link rel="alternate" hreflang="{hreflang(code)}" href="{site_url}{code}/{page}"/>'
            for code in present
        ) + f'\n    <xhtml:link rel="alternate" hreflang="x-default" href="{site_url}en/{page}"/>'
        for code in present:
            entries.append(f"  <url>\n    <loc>{site_url}{code}/{page}</loc>{alternates}\n  </url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"\n'
        '        xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    )


def assemble(sitedir: Path) -> None:
    conf = load_conf()
    site_url = conf.site_url
    languages = conf.site_languages
    missing = [code for code, _ in languages if not (sitedir / code / "index.html").exists()]
    if missing:
        raise SystemExit(f"tools.site: no build for {', '.join(missing)} in {sitedir}: run `make site`")
    (sitedir / "index.html").write_text(root_page(languages, site_url), encoding="utf-8")
    (sitedir / "sitemap.xml").write_text(sitemap(sitedir, languages, site_url), encoding="utf-8")
    (sitedir / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n")
    # A static host serves /404.html for every missing path; the English one
    # links with absolute URLs, so it works at any depth.
    shutil.copyfile(sitedir / "en" / "404.html", sitedir / "404.html")
    # GitHub Pages would otherwise drop Sphinx's _static/ folders (Jekyll).
    (sitedir / ".nojekyll").touch()
    print(f"tools.site: {sitedir} assembled for {site_url}")


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Serve SITEDIR under the base path, with 404.html for what is missing."""

    base_path = "/"

    def translate_path(self, path):
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(self.base_path):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # quiet: tests and previews read their own output
        pass


def make_server(sitedir: Path, port: int, base_path: str) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(StaticHostHandler, directory=str(sitedir))
    StaticHostHandler.base_path = base_path
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["assemble", "serve"])
    parser.add_argument("sitedir", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "assemble":
        assemble(args.sitedir)
        return 0
    base_path = urlsplit(load_conf().site_url).path
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
