"""Every page says how much of it is translated (docs/_ext/translation_status.py).

roots/test-site-languages is built in every language by the ``site`` fixture
(conftest.py); tests/test_extensions/site_pages.py says what its catalogs hold.
"""

import posixpath
import re
from types import SimpleNamespace

import pytest
from babel.messages.catalog import Catalog

import translation_status
from tests.test_extensions.site_pages import LANGUAGES, page


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
        for other, (state, share, label) in zip(["ru", "ko"], states, strict=True)
    ]
    # The same from every build: the status of all languages is in each.
    assert html.count('<th scope="row">') == len(expected)


# -- the counting, unit by unit ----------------------------------------------


def catalog(**messages):
    result = Catalog(locale="ru")
    for msgid, msgstr in messages.items():
        fuzzy = msgstr.startswith("~")
        result.add(msgid, msgstr.lstrip("~"), flags=["fuzzy"] if fuzzy else [])
    return result


def test_a_page_without_messages_is_complete():
    assert translation_status.page_status([], None) == {
        "total": 0,
        "translated": 0,
        "percent": 100,
        "incomplete": False,
        "outdated": False,
    }


def test_a_missing_catalog_translates_nothing():
    assert translation_status.page_status(["A", "B"], None)["percent"] == 0


def test_the_share_is_rounded_down():
    status = translation_status.page_status(["A", "B", "C"], catalog(A="а", B="б", C=""))
    assert (status["translated"], status["percent"], status["incomplete"]) == (2, 66, True)


def test_a_fuzzy_message_counts_as_untranslated_and_outdated():
    status = translation_status.page_status(["A", "B"], catalog(A="а", B="~б"))
    assert (status["translated"], status["outdated"]) == (1, True)


def test_messages_the_english_no_longer_has_do_not_count():
    status = translation_status.page_status(["A"], catalog(A="а", Gone="ушло"))
    assert (status["total"], status["percent"], status["incomplete"]) == (1, 100, False)
    status = translation_status.page_status(["A"], catalog(A="а", Gone="~ушло"))
    assert status["outdated"] is False


def test_the_reading_order_follows_the_toctree_once():
    env = SimpleNamespace(
        config=SimpleNamespace(root_doc="index"),
        toctree_includes={"index": ["b", "a"], "b": ["c", "a"]},
        found_docs={"index", "a", "b", "c", "orphan"},
    )
    assert translation_status.reading_order(env) == ["index", "b", "c", "a", "orphan"]


def test_parallel_reads_merge_their_messages():
    env, other = SimpleNamespace(), SimpleNamespace(translation_status_messages={"a": ["A"]})
    translation_status.merge_info(None, env, {"a"}, other)
    assert env.translation_status_messages == {"a": ["A"]}
