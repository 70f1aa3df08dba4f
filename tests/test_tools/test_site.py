"""tools/site.py: the root page, the sitemap, the assembly and the static host, in-process."""

import http.client
import http.server
import io
import threading
import xml.etree.ElementTree as ET

import pytest

import languages
from tools import site

LANGUAGES = [("en", "English"), ("ko", "한국어"), ("zh_TW", "繁體中文")]
URL = "https://example.org/docs/"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def notfound(code, title):
    """A 404 page as the site's builds have it: its scripts last in the body."""
    return (
        f'<!doctype html>\n<html lang="{code}"><head><title>{title}</title></head>\n'
        f'<body>\n<h1>{title}</h1><p><a href="/docs/{code}/index.html">home</a></p>'
        f'<script src="/docs/{code}/_static/furo.js"></script>\n</body></html>\n'
    )


@pytest.fixture
def sitedir(tmp_path):
    """A tiny built site: three languages, two pages and a 404 page each."""
    for code, _ in LANGUAGES:
        (tmp_path / code / "_static").mkdir(parents=True)
        for name in ("index.html", "basics.html", "search.html"):
            (tmp_path / code / name).write_text(f"<p>{code} {name}</p>")
        (tmp_path / code / "_static" / "x.html").write_text("static")
        (tmp_path / code / "404.html").write_text(notfound(code, f"Not found &amp; {code}"), encoding="utf-8")
    return tmp_path


def test_root_page_links_every_language_and_names_alternates():
    page = site.root_page(LANGUAGES, URL)
    assert '<a href="zh_TW/index.html" hreflang="zh-TW" lang="zh-TW">繁體中文</a>' in page
    assert f'<link rel="alternate" hreflang="ko" href="{URL}ko/index.html">' in page
    assert f'<link rel="alternate" hreflang="x-default" href="{URL}">' in page
    assert '["en", "ko", "zh_TW"]' in page
    # Languages are matched by the browser from their tags (Intl.Locale), not from a list kept here.
    assert '["en", "ko", "zh-TW"]' in page
    assert "zh_CN" not in page


def test_root_page_escapes_what_it_is_given():
    page = site.root_page([("en", "English"), ("xx", "<b>X</b>")], URL)
    assert "&lt;b&gt;X&lt;/b&gt;" in page
    assert "<b>X</b>" not in page


def test_sitemap_has_each_content_page_per_language_with_alternates(sitedir):
    xml = site.sitemap(sitedir, LANGUAGES, URL)
    assert xml.startswith("<?xml version='1.0' encoding='UTF-8'?>\n")
    urls = ET.fromstring(xml).findall("sm:url", NS)
    locs = [url.findtext("sm:loc", namespaces=NS) for url in urls]
    # 2 content pages x 3 languages; no search, no _static
    assert sorted(locs) == sorted(
        f"{URL}{code}/{page}" for code, _ in LANGUAGES for page in ("basics.html", "index.html")
    )
    for url in urls:
        page = url.findtext("sm:loc", namespaces=NS).rsplit("/", 1)[1]
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
        assert alternates == {
            "en": f"{URL}en/{page}",
            "ko": f"{URL}ko/{page}",
            "zh-TW": f"{URL}zh_TW/{page}",
            "x-default": f"{URL}en/{page}",
        }
        assert {link.get("rel") for link in url.findall("xhtml:link", NS)} == {"alternate"}


def test_sitemap_escapes_urls(sitedir):
    (sitedir / "en" / "a&b.html").write_text("<p>odd name</p>")
    xml = site.sitemap(sitedir, LANGUAGES, URL)
    assert "a&amp;b.html" in xml
    locs = [url.findtext("sm:loc", namespaces=NS) for url in ET.fromstring(xml).findall("sm:url", NS)]
    assert f"{URL}en/a&b.html" in locs


def test_assemble_writes_the_site_files(sitedir, capsys):
    site.assemble(sitedir, URL, LANGUAGES)
    assert (sitedir / "index.html").read_text().startswith("<!doctype html>")
    assert "<urlset" in (sitedir / "sitemap.xml").read_text()
    assert f"Sitemap: {URL}sitemap.xml" in (sitedir / "robots.txt").read_text()
    assert (sitedir / "404.html").read_text(encoding="utf-8") == site.notfound_page(sitedir, LANGUAGES, "/docs/")
    assert (sitedir / ".nojekyll").exists()
    assert "assembled" in capsys.readouterr().out


def test_the_404_page_is_the_originals_with_each_translation_inert_before_its_scripts(sitedir):
    page = site.notfound_page(sitedir, LANGUAGES, "/docs/")
    head, body = page.split("</head>")
    # First in the head: the script that reads the language of the missing URL.
    assert head.index('var base = "/docs/";') < head.index("<title>")
    assert '["ko", "zh_TW"]' in head
    # The original's content, then the translations, then the chooser, then the page's scripts.
    assert body.index("<h1>Not found &amp; en</h1>") < body.index('<template id="notfound-ko"')
    assert body.index('<template id="notfound-zh_TW"') < body.index("document.currentScript")
    assert body.index("document.currentScript") < body.index('<script src="/docs/en/_static/furo.js">')
    template = body[
        body.index('<template id="notfound-zh_TW"') : body.index("</template>", body.index("notfound-zh_TW"))
    ]
    assert 'data-lang="zh-TW" data-title="Not found &amp; zh_TW"' in template
    assert '<h1>Not found &amp; zh_TW</h1><p><a href="/docs/zh_TW/index.html">home</a></p>' in template
    # A translation's own scripts stay out: the original's run once, on the shown content.
    assert "<script src" not in template
    assert "notfound-en" not in page


def test_the_404_page_refuses_a_page_it_cannot_take_apart(sitedir):
    (sitedir / "ko" / "404.html").write_text("<p>not found</p>")
    with pytest.raises(site.NotFoundPageChanged):
        site.notfound_page(sitedir, LANGUAGES, "/docs/")


def test_assemble_command_uses_the_sites_languages_and_url(sitedir, monkeypatch, capsys):
    monkeypatch.setattr(site, "site_languages", lambda: LANGUAGES)
    assert site.main(["assemble", str(sitedir)]) == 0
    assert f"assembled for {site.load_conf().site_url}" in capsys.readouterr().out
    assert '<a href="ko/index.html" hreflang="ko" lang="ko">한국어</a>' in (sitedir / "index.html").read_text()


def test_assemble_refuses_a_site_with_a_language_missing(sitedir):
    with pytest.raises(SystemExit, match="no build for ru"):
        site.assemble(sitedir, URL, [*LANGUAGES, ("ru", "Русский")])


def test_real_conf_has_the_one_base_url_setting_and_the_locales_languages():
    conf = site.load_conf()
    assert conf.site_url.endswith("/")
    assert conf.site_languages == languages.site_languages()
    assert conf.site_languages[0] == ("en", "English")


@pytest.fixture
def static_host(sitedir):
    """tools.site's server on a free port, serving sitedir under /docs/."""
    (sitedir / "404.html").write_text("<p>not found</p>")
    server = site.make_server(sitedir, 0, "/docs/")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port, path, method="GET"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_static_host_serves_under_the_base_path_with_the_404_page(static_host):
    assert get(static_host, "/docs/ko/basics.html") == (200, b"<p>ko basics.html</p>")
    assert get(static_host, "/docs/ko/missing.html") == (404, b"<p>not found</p>")
    assert get(static_host, "/ko/basics.html") == (404, b"<p>not found</p>")
    assert get(static_host, "/docs/ko/missing.html", "HEAD") == (404, b"")
    assert get(static_host, "/docs/ko/basics.html", "POST")[0] == 501  # other errors stay as they are


def test_serve_command_stops_on_ctrl_c(sitedir, monkeypatch, capsys):
    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(http.server.ThreadingHTTPServer, "serve_forever", interrupted)
    assert site.main(["serve", str(sitedir), "--port", "0"]) == 0
    assert "Serving" in capsys.readouterr().out


def test_static_host_lets_a_reader_cancel_a_page_quietly():
    class HungUp:
        def write(self, data):
            raise BrokenPipeError(32, "Broken pipe")

    handler = object.__new__(site.StaticHostHandler)
    # No exception, so socketserver prints no traceback for a cancelled request.
    handler.copyfile(io.BytesIO(b"<html>" * 1000), HungUp())
