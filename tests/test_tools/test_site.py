"""tools/site.py: the root page, the sitemap, the assembly and the static host, in-process."""

import http.client
import http.server
import threading

import pytest

from tools import site

LANGUAGES = [("en", "English"), ("ko", "한국어"), ("zh_TW", "繁體中文")]
URL = "https://example.org/docs/"


@pytest.fixture
def sitedir(tmp_path):
    """A tiny built site: three languages, two pages each, English 404 page."""
    for code, _ in LANGUAGES:
        (tmp_path / code / "_static").mkdir(parents=True)
        for name in ("index.html", "basics.html", "search.html"):
            (tmp_path / code / name).write_text(f"<p>{code} {name}</p>")
        (tmp_path / code / "_static" / "x.html").write_text("static")
    (tmp_path / "en" / "404.html").write_text("<p>not found</p>")
    return tmp_path


def test_root_page_links_every_language_and_names_alternates():
    page = site.root_page(LANGUAGES, URL)
    assert '<a href="zh_TW/index.html" hreflang="zh-TW" lang="zh-TW">繁體中文</a>' in page
    assert f'<link rel="alternate" hreflang="ko" href="{URL}ko/index.html">' in page
    assert f'<link rel="alternate" hreflang="x-default" href="{URL}">' in page
    assert '["en", "ko", "zh_TW"]' in page


def test_sitemap_has_each_content_page_per_language_with_alternates(sitedir):
    xml = site.sitemap(sitedir, LANGUAGES, URL)
    assert xml.count("<url>") == 6  # 2 content pages x 3 languages; no search, no _static
    assert f"<loc>{URL}zh_TW/basics.html</loc>" in xml
    assert f'hreflang="zh-TW" href="{URL}zh_TW/basics.html"' in xml
    assert "search.html" not in xml and "_static" not in xml


def test_assemble_writes_the_site_files(sitedir, monkeypatch, capsys):
    monkeypatch.setattr(site, "load_conf", lambda: type("Conf", (), {"site_url": URL, "site_languages": LANGUAGES}))
    site.main(["assemble", str(sitedir)])
    assert (sitedir / "index.html").read_text().startswith("<!doctype html>")
    assert "<urlset" in (sitedir / "sitemap.xml").read_text()
    assert f"Sitemap: {URL}sitemap.xml" in (sitedir / "robots.txt").read_text()
    assert (sitedir / "404.html").read_text() == "<p>not found</p>"
    assert (sitedir / ".nojekyll").exists()
    assert "assembled" in capsys.readouterr().out


def test_assemble_refuses_a_site_with_a_language_missing(sitedir, monkeypatch):
    monkeypatch.setattr(site, "load_conf", lambda: type("Conf", (), {"site_url": URL,
                                                                   "site_languages": [*LANGUAGES, ("ru", "Русский")]}))
    with pytest.raises(SystemExit, match="no build for ru"):
        site.assemble(sitedir)


def test_real_conf_has_the_one_base_url_setting():
    conf = site.load_conf()
    assert conf.site_url.endswith("/")
    assert [code for code, _ in conf.site_languages] == ["en", "zh_CN", "zh_TW", "ru", "ko"]


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
