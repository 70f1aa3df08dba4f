"""Every page links the same page in the site's other languages (docs/_ext/site_languages.py).

roots/test-site-languages is built in every language by the ``site`` fixture
(conftest.py); tests/test_extensions/site_pages.py says what its catalogs hold.
"""

import posixpath

import pytest

from tests.test_extensions.site_pages import LANGUAGES, PAGES, SITE_URL, page


def test_every_language_builds_without_warnings(site):
    assert site.warnings == dict.fromkeys(LANGUAGES, "")


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("pagename", PAGES)
def test_every_page_links_its_alternates_and_canonical_url(site, code, pagename):
    links = page(site, code, pagename).links
    alternates = {link["hreflang"]: link["href"] for link in links if link.get("rel") == "alternate"}
    assert len([link for link in links if link.get("rel") == "alternate"]) == len(LANGUAGES) + 1
    assert alternates == {
        **{tag: f"{SITE_URL}{other}/{pagename}.html" for other, tag in LANGUAGES.items()},
        "x-default": f"{SITE_URL}en/{pagename}.html",
    }
    assert [link["href"] for link in links if link.get("rel") == "canonical"] == [f"{SITE_URL}{code}/{pagename}.html"]


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("pagename", [p for p in PAGES if p != "404"])
def test_the_switcher_links_the_same_page_in_every_language(site, code, pagename):
    navs = page(site, code, pagename).navs
    assert len(navs) == 2  # sidebar and footer
    for nav in navs:
        assert [a["hreflang"] for a in nav] == [a["lang"] for a in nav] == list(LANGUAGES.values())
        assert [a.get("aria-current") for a in nav] == ["page" if other == code else None for other in LANGUAGES]
        for other, a in zip(LANGUAGES, nav, strict=True):
            target = posixpath.normpath(posixpath.join(code, posixpath.dirname(pagename), a["href"]))
            assert target == f"{other}/{pagename}.html"
            assert (site.root / target).is_file()


def test_the_404_page_links_other_languages_home_by_absolute_path(site):
    notfound = page(site, "ru", "404")
    for nav in notfound.navs:
        assert [a["href"] for a in nav] == [f"/docs/{other}/index.html" for other in LANGUAGES]
    hrefs = {a["href"] for a in notfound.anchors}
    # Its own link, the toctree's and the search form's work at any URL depth.
    assert "/docs/ru/index.html" in hrefs
    assert "/docs/ru/full.html" in hrefs
    assert "https://example.org/help" in hrefs
    assert 'action="/docs/ru/search.html"' in (site.root / "ru" / "404.html").read_text()


def test_the_switcher_marks_the_current_language_in_every_page(site):
    # The sidebar's switcher sits under the search box.
    html = (site.root / "ko" / "full.html").read_text()
    assert html.index('id="searchbox"') < html.index('class="site-languages site-languages-sidebar"')
    assert '<a href="full.html" lang="ko" hreflang="ko" aria-current="page">한국어</a>' in html
