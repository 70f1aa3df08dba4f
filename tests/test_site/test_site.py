"""The assembled site: five languages side by side, as a reader's browser sees them."""

import re
from urllib.parse import urljoin

import pytest

from tools import site

LANGUAGES = [code for code, _ in site.load_conf().site_languages]
PAGES = [
    "index.html",
    "basics.html",
    "templates.html",
    "context.html",
    "browser.html",
    "errors.html",
    "testing.html",
    "servers.html",
]
SITE_URL = site.load_conf().site_url

pytestmark = pytest.mark.browser


def switcher_links(html: str) -> dict[str, str]:
    """The first link of each language in a page's markup: hreflang -> href."""
    links = re.findall(r'<a href="([^"]*)"[^>]* hreflang="([^"]+)"', html)
    return {hreflang: href for href, hreflang in reversed(links)}


def test_language_switcher_links_every_page_to_itself_in_every_language(built_site, site_url):
    # The links are in the markup: every page of every language, read from the
    # files and resolved as a browser resolves them; one click per language below.
    for lang in LANGUAGES:
        names = sorted(path.name for path in (built_site / lang).glob("*.html"))
        assert set(PAGES) <= set(names)
        # The 404 page offers each language's home page instead.
        for name in [name for name in names if name != "404.html"]:
            hrefs = switcher_links((built_site / lang / name).read_text(encoding="utf-8"))
            for other in LANGUAGES:
                if other != lang:
                    resolved = urljoin(f"{site_url}{lang}/{name}", hrefs.get(other.replace("_", "-"), "#missing"))
                    assert resolved == f"{site_url}{other}/{name}", (lang, name, other)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_click_lands_on_the_same_page(page, site_url, lang):
    # The next language's link, followed for real on a page with a long body.
    target = LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)]
    page.goto(f"{site_url}{lang}/browser.html", wait_until="domcontentloaded")
    page.locator(f'a[hreflang="{target.replace("_", "-")}"]').first.click()
    page.wait_for_url(f"{site_url}{target}/browser.html", wait_until="domcontentloaded")
    assert page.get_attribute("html", "lang") == target.replace("_", "-")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("ko-KR", "ko"),
        ("zh-TW", "zh_TW"),
        ("zh-HK", "zh_TW"),
        ("zh-CN", "zh_CN"),
        ("ru-RU", "ru"),
        ("en-GB", "en"),
        ("de-DE", "en"),
    ],
)
def test_root_page_sends_the_browser_to_its_language(open_page, site_url, accept, expected):
    page = open_page(locale=accept)
    page.goto(site_url)
    page.wait_for_url(f"{site_url}{expected}/index.html")


def test_root_page_without_javascript_lists_every_language(open_page, site_url):
    page = open_page(java_script_enabled=False, locale="ko-KR")
    page.goto(site_url)
    assert page.url == site_url
    hrefs = page.locator("li a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs == [f"{site_url}{lang}/index.html" for lang in LANGUAGES]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_page_gets_the_404_page_with_working_links(page, site_url, lang):
    missing = f"{site_url}{lang}/no/such/page.html"
    response = page.goto(missing)
    assert response.status == 404
    # The page itself is the only error (Chromium logs it too): its styles and scripts load.
    assert sorted(page.problems) == [
        f"404: {missing}",
        "Failed to load resource: the server responded with a status of 404 (Not Found)",
    ]
    page.problems.clear()
    home = page.locator('a[href$="/index.html"]').first.evaluate("a => a.href")
    assert page.request.get(home).status == 200


def test_head_has_alternates_and_canonical_for_every_page(built_site):
    for lang in LANGUAGES:
        for name in PAGES:
            head = (built_site / lang / name).read_text(encoding="utf-8").split("</head>")[0]
            assert f'<link rel="canonical" href="{SITE_URL}{lang}/{name}"' in head
            for other in LANGUAGES:
                assert re.search(
                    rf'<link rel="alternate" hreflang="{other.replace("_", "-")}" '
                    rf'href="{re.escape(SITE_URL + other + "/" + name)}"',
                    head,
                ), (lang, name, other)
            assert f'hreflang="x-default" href="{SITE_URL}en/{name}"' in head


def test_sitemap_lists_every_page_in_every_language_with_alternates(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        for name in PAGES:
            assert f"<loc>{SITE_URL}{lang}/{name}</loc>" in sitemap
    assert sitemap.count("<url>") >= len(LANGUAGES) * len(PAGES)
    assert sitemap.count('hreflang="x-default"') == sitemap.count("<url>")
    assert "search.html" not in sitemap
    assert "404.html" not in sitemap
