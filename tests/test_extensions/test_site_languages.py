"""Every page links its other languages, and says how much of it is translated.

The test project (roots/test-site-languages) is built once per language, the
builds side by side as on the published site: <site>/en/, <site>/ru/, <site>/ko/.
Its Russian catalogs translate index and full completely, partial three
messages of four, and outdated two of three, the third fuzzy; nested/deep has
no catalog, and Korean has none at all.
"""

import importlib
import posixpath
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.catalog import Catalog
from sphinx.testing.util import SphinxTestApp

DOCS = Path(__file__).resolve().parents[2] / "docs"
sys.path.insert(0, str(DOCS / "_ext"))
site_languages = importlib.import_module("site_languages")

ROOT = Path(__file__).with_name("roots") / "test-site-languages"
SITE_URL = "https://example.org/docs/"
LANGUAGES = {"en": "en", "ru": "ru", "ko": "ko"}  # Sphinx code: BCP 47 tag
PAGES = ["index", "full", "partial", "outdated", "nested/deep", "404", "search", "genindex", "translation-status"]


class Links(HTMLParser):
    """The <link> and <a> tags of a page, and its banner."""

    def __init__(self, text):
        super().__init__()
        self.links, self.anchors, self.navs, self.banner = [], [], [], None
        self._nav = self._banner = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "nav" and "site-languages" in attrs.get("class", ""):
            self._nav = []
            self.navs.append(self._nav)
        elif tag == "a":
            self.anchors.append(attrs)
            if self._nav is not None and "hreflang" in attrs:
                self._nav.append(attrs)
        elif tag == "div" and attrs.get("class") == "translation-banner":
            self._banner = []

    def handle_endtag(self, tag):
        if tag == "nav":
            self._nav = None
        elif tag == "div" and self._banner is not None:
            self.banner, self._banner = " ".join(" ".join(self._banner).split()), None

    def handle_data(self, data):
        if self._banner is not None:
            self._banner.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The test project built in every language, side by side: site/<lang>/."""
    base = tmp_path_factory.mktemp("site-languages")
    srcdir = base / "src"
    shutil.copytree(ROOT, srcdir)
    (base / "site").mkdir()
    warnings = {}
    for code in LANGUAGES:
        overrides = {"templates_path": [str(DOCS / "_templates")]}
        if code != "en":
            overrides["language"] = code
        app = SphinxTestApp("html", srcdir=srcdir, builddir=base / "build" / code, confoverrides=overrides)
        try:
            app.build()
        finally:
            app.cleanup()
        warnings[code] = app.warning.getvalue()
        (base / "site" / code).symlink_to(app.outdir, target_is_directory=True)
    return SimpleNamespace(root=base / "site", warnings=warnings)


def page(site, code, pagename):
    return Links((site.root / code / f"{pagename}.html").read_text())


def test_every_language_builds_without_warnings(site):
    assert site.warnings == {code: "" for code in LANGUAGES}


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
    assert [link["href"] for link in links if link.get("rel") == "canonical"] == [
        f"{SITE_URL}{code}/{pagename}.html"
    ]


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("pagename", [p for p in PAGES if p != "404"])
def test_the_switcher_links_the_same_page_in_every_language(site, code, pagename):
    navs = page(site, code, pagename).navs
    assert len(navs) == 2  # sidebar and footer
    for nav in navs:
        assert [a["hreflang"] for a in nav] == [a["lang"] for a in nav] == list(LANGUAGES.values())
        assert [a.get("aria-current") for a in nav] == ["page" if other == code else None for other in LANGUAGES]
        for other, a in zip(LANGUAGES, nav):
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


def test_a_partly_translated_page_shows_the_share_and_links_the_english(site):
    banner = page(site, "ru", "partial").banner
    assert banner == (
        "This translation is incomplete: 75% of this page is translated; the rest is in English. "
        "Read the English original."
    )
    english = [a for a in page(site, "ru", "partial").anchors if a.get("hreflang") == "en" and "lang" not in a]
    assert [a["href"] for a in english] == ["../en/partial.html"]


def test_a_page_in_a_folder_links_the_english_from_its_depth(site):
    assert page(site, "ru", "nested/deep").banner.startswith("This translation is incomplete: 0% ")
    html = (site.root / "ru" / "nested" / "deep.html").read_text()
    assert '<a href="../../en/nested/deep.html" hreflang="en">Read the English original.</a>' in html


def test_a_fuzzy_message_marks_the_page_outdated(site):
    assert page(site, "ru", "outdated").banner == (
        "This translation may be outdated: the English page has changed since it was translated. "
        "This translation is incomplete: 66% of this page is translated; the rest is in English. "
        "Read the English original."
    )


@pytest.mark.parametrize("pagename", ["index", "full", "search", "genindex", "translation-status"])
def test_a_fully_translated_page_has_no_banner(site, pagename):
    assert page(site, "ru", pagename).banner is None


@pytest.mark.parametrize("pagename", ["partial", "outdated", "nested/deep"])
def test_the_english_pages_have_no_banner(site, pagename):
    assert page(site, "en", pagename).banner is None


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_status_page_lists_every_language_and_page(site, code):
    html = (site.root / code / "translation-status.html").read_text()
    cells = re.findall(
        r'<td class="translation-(\w+)">\s*<a href="([^"]+)" hreflang="([^"]+)">([^<]+)</a>\s*'
        r'<span class="translation-state">([^<]+)</span>',
        html,
    )
    expected = {
        # In the order of the table of contents, then the other pages.
        "index": [("complete", "100%", "Complete"), ("incomplete", "0%", "Incomplete")],
        "full": [("complete", "100%", "Complete"), ("incomplete", "0%", "Incomplete")],
        "partial": [("incomplete", "75%", "Incomplete"), ("incomplete", "0%", "Incomplete")],
        "outdated": [("outdated", "66%", "Outdated"), ("incomplete", "0%", "Incomplete")],
        "nested/deep": [("incomplete", "0%", "Incomplete"), ("incomplete", "0%", "Incomplete")],
        "404": [("incomplete", "0%", "Incomplete"), ("incomplete", "0%", "Incomplete")],
    }
    assert cells == [
        (state, posixpath.relpath(f"/{other}/{pagename}.html", f"/{code}"), other, share, label)
        for pagename, states in expected.items()
        for other, (state, share, label) in zip(["ru", "ko"], states)
    ]
    # The same from every build: the status of all languages is in each.
    assert html.count('<th scope="row">') == len(expected)


def test_the_switcher_marks_the_current_language_in_every_page(site):
    # The sidebar's switcher sits under the search box.
    html = (site.root / "ko" / "full.html").read_text()
    assert html.index('id="searchbox"') < html.index('class="site-languages site-languages-sidebar"')
    assert '<a href="full.html" lang="ko" hreflang="ko" aria-current="page">한국어</a>' in html


# -- the counting, unit by unit ----------------------------------------------


def catalog(**messages):
    result = Catalog(locale="ru")
    for msgid, msgstr in messages.items():
        fuzzy = msgstr.startswith("~")
        result.add(msgid, msgstr.lstrip("~"), flags=["fuzzy"] if fuzzy else [])
    return result


def test_a_page_without_messages_is_complete():
    assert site_languages.page_status([], None) == {
        "total": 0, "translated": 0, "percent": 100, "incomplete": False, "outdated": False,
    }


def test_a_missing_catalog_translates_nothing():
    assert site_languages.page_status(["A", "B"], None)["percent"] == 0


def test_the_share_is_rounded_down():
    status = site_languages.page_status(["A", "B", "C"], catalog(A="а", B="б", C=""))
    assert (status["translated"], status["percent"], status["incomplete"]) == (2, 66, True)


def test_a_fuzzy_message_counts_as_untranslated_and_outdated():
    status = site_languages.page_status(["A", "B"], catalog(A="а", B="~б"))
    assert (status["translated"], status["outdated"]) == (1, True)


def test_messages_the_english_no_longer_has_do_not_count():
    status = site_languages.page_status(["A"], catalog(A="а", Gone="ушло"))
    assert (status["total"], status["percent"], status["incomplete"]) == (1, 100, False)


def test_the_reading_order_follows_the_toctree_once():
    env = SimpleNamespace(
        config=SimpleNamespace(root_doc="index"),
        toctree_includes={"index": ["b", "a"], "b": ["c", "a"]},
        found_docs={"index", "a", "b", "c", "orphan"},
    )
    assert site_languages.reading_order(env) == ["index", "b", "c", "a", "orphan"]


def test_parallel_reads_merge_their_messages():
    env, other = SimpleNamespace(), SimpleNamespace(site_languages_messages={"a": ["A"]})
    site_languages.merge_info(None, env, {"a"}, other)
    assert env.site_languages_messages == {"a": ["A"]}
