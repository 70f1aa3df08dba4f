"""The built site's search page finds pages by their translated words, in Chromium.

The site is built once by `make site` and served on 127.0.0.1 (the session
fixtures of tests/test_site/conftest.py); Debian's headless Chromium opens
``search.html?q=...``, so the index, ``language_data.js`` (the stemmer) and
Sphinx's ``searchtools.js`` are tested together, as readers use them.
"""

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

import search_ko

ROOT = Path(__file__).resolve().parents[2]

# searchtools.js creates Search.status, empty, when it starts, and writes the summary
# there once the last result is shown. Not "the pulse has stopped": a pulse tick that
# was already scheduled restarts it, so Search._pulse_status is -1 only for a moment,
# which a busy machine misses (the search then seemed to hang for 10 s).
SEARCH_FINISHED = (
    "() => typeof Search !== 'undefined' && Search.status instanceof HTMLElement && Search.status.innerText !== ''"
)

pytestmark = pytest.mark.browser


def docname(href):
    return urlsplit(href).path.removesuffix(".html")


@pytest.fixture
def search(page, site_url):
    """Search one language's site; return the pages found (and what ``script`` evaluated).

    The page fixture fails the test on any console error.
    """

    def search(lang, query, script=None):
        page.goto(f"{site_url}{lang}/search.html?q={quote(query)}")
        page.wait_for_function(SEARCH_FINISHED)
        hrefs = page.eval_on_selector_all(
            "#search-results ul.search > li > a:first-child",
            "links => links.map(a => a.getAttribute('href'))",
        )
        found = {docname(href) for href in hrefs}
        return (found, page.evaluate(*script)) if script else found

    return search


@pytest.mark.parametrize(
    ("lang", "query", "pagename"),
    [
        ("en", "nginx", "errors"),
        ("en", "EventSource", "browser"),
        ("zh_CN", "代理", "errors"),
        ("zh_CN", "断开", "errors"),
        ("zh_TW", "代理", "errors"),
        ("zh_TW", "用戶端", "errors"),
        ("ru", "прокси", "errors"),
        ("ru", "nginx", "errors"),
        ("ko", "프록시", "errors"),
        ("ko", "nginx", "errors"),
    ],
)
def test_a_translated_word_finds_its_page(search, lang, query, pagename):
    assert pagename in search(lang, query)


def pages_containing(built_site, lang, forms):
    """The pages whose main text contains one of the word forms."""
    found = set()
    for path in (built_site / lang).glob("*.html"):
        html = path.read_text(encoding="utf-8")
        if "<article" not in html:
            continue
        article = re.sub(r"<[^>]+>", " ", html[html.index("<article") : html.index("</article>")])
        if any(form in unescape(article) for form in forms):
            found.add(path.stem)
    return found


@pytest.mark.parametrize(
    ("query", "forms"),
    [
        ("응답", ["응답을", "응답은"]),  # two syllables: no partial matching in searchtools.js
        ("응답을", ["응답을", "응답은"]),
        ("연결", ["연결을", "연결이", "연결은"]),
        ("제너레이터", ["제너레이터를", "제너레이터가"]),
        ("제너레이터가", ["제너레이터를", "제너레이터가"]),
    ],
)
def test_korean_word_finds_every_page_with_it_and_a_particle(search, built_site, query, forms):
    expected = pages_containing(built_site, "ko", forms)
    assert expected
    assert expected <= search("ko", query)


def test_browser_stems_korean_words_like_the_index(search):
    words = ["응답을", "응답은", "응답", "제너레이터를", "서버에서는", "결과", "nginx는", "Streaming", "responses"]
    script = "words => words.map(word => new Stemmer().stemWord(word.toLowerCase()))"
    _, stems = search("ko", "nginx", (script, words))
    language = search_ko.SearchKorean({})
    assert stems == [language.stem(word) for word in words]


def test_traditional_client_is_one_word(search):
    assert "errors" in search("zh_TW", "用戶端")
    # jieba alone splits 用戶端 into 用戶 + 端: 戶端 would be indexed and found.
    assert search("zh_TW", "戶端") == set()


def test_traditional_index_has_no_split_words(built_site):
    text = (built_site / "zh_TW" / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]
    assert "用戶端" in terms
    assert "戶端" not in terms


@pytest.mark.parametrize(
    ("lang", "query", "summary"),
    [
        ("zh_CN", "nginx", "搜索完成"),
        ("zh_TW", "nginx", "搜尋完成"),
        ("ru", "nginx", "Поиск завершён"),
        ("ko", "nginx", "검색이 끝났습니다"),
    ],
)
def test_results_summary_is_in_the_page_language(search, lang, query, summary):
    # Sphinx's own catalogs leave this line English; docs/_ext/js_translations.py fixes it.
    found, text = search(lang, query, ("() => document.querySelector('.search-summary').innerText",))
    assert found
    assert summary in text
    assert "Search finished" not in text
