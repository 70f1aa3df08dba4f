"""The built site's search page finds pages by what readers type, in Chromium.

The site is built once by `make site` and served on 127.0.0.1 (the session
fixtures of tests/test_site/conftest.py); Debian's headless Chromium opens each
language's ``search.html``, so the index, ``language_data.js`` (the stemmer),
Sphinx's ``searchtools.js`` and ``search_query.js`` (docs/_ext/search_query.py)
are tested together, as readers use them. Most queries run in one loaded search
page per language, through Sphinx's own ``Search._parseQuery`` and
``Search._performSearch`` (what the search box calls, without fetching every
result page for its summary); a few tests open ``search.html?q=...`` as a reader
does, to prove that the page itself runs the same code.
"""

import json
import re
from html import unescape
from urllib.parse import quote, urlsplit

import pytest

import search_ko
from tests.conftest import watch
from tests.test_site import search_queries

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


@pytest.fixture(scope="module")
def search_pages(browser, site_url):
    """``find(lang, queries)``: the pages each query finds, in that language's loaded search page."""
    context = browser.new_context()
    problems: list[str] = []
    pages = {}

    def find(lang, queries):
        if lang not in pages:
            pages[lang] = context.new_page()
            watch(pages[lang], problems)
            search_queries.open_search_page(pages[lang], site_url, lang)
        return [set(found) for found in pages[lang].evaluate(search_queries.FIND_PAGES, list(queries))]

    find.pages = pages
    yield find
    context.close()
    assert not problems


@pytest.fixture(scope="module")
def all_queries(built_site):
    return search_queries.queries(built_site)


@pytest.mark.parametrize("lang", search_queries.LANGUAGES)
def test_every_heading_finds_its_page_as_readers_type_it(search_pages, all_queries, lang):
    queries = [query for query in all_queries if query.lang == lang]
    # Every page with its title and sections: not a list that lost its pages.
    assert len({query.page for query in queries}) >= 7
    assert len(queries) >= 30
    found = search_pages(lang, [query.text for query in queries])
    failed = [
        f"{query.page}: {query.text!r} ({query.how}) found {sorted(pages)}"
        for query, pages in zip(queries, found, strict=True)
        if query.page not in pages
    ]
    assert not failed, "\n".join(failed)


def test_other_forms_are_really_other(all_queries):
    """The queries are not the headings as written (else the test above proves less)."""
    changed = {(query.lang, query.how) for query in all_queries if query.text != query.heading}
    assert {("zh_CN", "other script"), ("zh_TW", "other script"), ("ru", "other word forms")} <= changed
    assert ("ko", "other particles") in changed
    assert ("zh_CN", "without spaces") in changed


def article_text(built_site, lang, page):
    html = (built_site / lang / f"{page}.html").read_text(encoding="utf-8")
    return unescape(re.sub(r"<[^>]+>", " ", html[html.index("<article") : html.index("</article>")]))


def pages_containing(built_site, lang, forms):
    """The indexed pages whose main text contains one of the word forms."""
    return {
        page
        for page in search_queries.indexed_pages(built_site, lang)
        if any(form in article_text(built_site, lang, page) for form in forms)
    }


# What readers typed in the front-end review (shared/reviews/site.md, findings 1 and 9):
# the query, and the forms in which the pages hold it.
REVIEW_QUERIES = [
    ("zh_CN", "请求上下文", ["请求上下文"]),  # 0 results before: the index has 请求 and 上下文
    ("zh_CN", "流式传输", ["流式传输"]),  # only the page with the phrase in its title
    ("zh_TW", "請求情境", ["請求情境"]),
    ("zh_TW", "中斷連線", ["中斷連線"]),
    ("zh_TW", "请求情境", ["請求情境"]),  # typed in Simplified, on the Traditional pages
    ("zh_CN", "請求上下文", ["请求上下文"]),  # typed in Traditional, on the Simplified pages
    ("ru", "отключение клиента", ["отключившегося клиента"]),
    ("ko", "연결 끊김", ["연결이 끊긴", "연결이 끊기면", "연결이 끊깁니다"]),
]


@pytest.mark.parametrize(("lang", "query", "forms"), REVIEW_QUERIES)
def test_what_reviewers_typed_finds_the_pages_with_it(search_pages, built_site, lang, query, forms):
    expected = pages_containing(built_site, lang, forms)
    assert expected
    [found] = search_pages(lang, [query])
    assert expected <= found


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
def test_a_translated_word_finds_its_page(search_pages, lang, query, pagename):
    [found] = search_pages(lang, [query])
    assert pagename in found


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
def test_korean_word_finds_every_page_with_it_and_a_particle(search_pages, built_site, query, forms):
    expected = pages_containing(built_site, "ko", forms)
    assert expected
    [found] = search_pages("ko", [query])
    assert expected <= found


def test_browser_stems_korean_words_like_the_index(search_pages):
    words = ["응답을", "응답은", "응답", "제너레이터를", "서버에서는", "결과", "nginx는", "Streaming", "responses"]
    search_pages("ko", [])
    stems = search_pages.pages["ko"].evaluate(
        "words => words.map(word => new Stemmer().stemWord(word.toLowerCase()))", words
    )
    language = search_ko.SearchKorean({})
    assert stems == [language.stem(word) for word in words]


def test_traditional_client_is_one_word(search_pages):
    client, part = search_pages("zh_TW", ["用戶端", "戶端"])
    assert "errors" in client
    # jieba alone splits 用戶端 into 用戶 + 端: 戶端 would be indexed and found.
    assert part == set()


def test_traditional_index_has_no_split_words(built_site):
    text = (built_site / "zh_TW" / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]
    assert "用戶端" in terms
    assert "戶端" not in terms


# -- as a reader does: the search page, then a result ----------------------------------


def open_results(page, site_url, lang, query):
    page.goto(f"{site_url}{lang}/search.html?q={quote(query)}")
    page.wait_for_function(SEARCH_FINISHED)
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search > li > a:first-child",
        "links => links.map(a => a.getAttribute('href'))",
    )
    return {docname(href): href for href in hrefs}


@pytest.mark.parametrize(
    ("lang", "query", "summary"),
    [
        ("zh_CN", "请求上下文", "搜索完成"),
        ("zh_TW", "请求情境", "搜尋完成"),
        ("ru", "nginx", "Поиск завершён"),
        ("ko", "연결 끊김", "검색이 끝났습니다"),
    ],
)
def test_search_page_shows_results_in_the_page_language(page, site_url, built_site, lang, query, summary):
    # Sphinx's own catalogs leave this line English; docs/_ext/js_translations.py fixes it.
    found = open_results(page, site_url, lang, query)
    assert found
    text = page.inner_text(".search-summary")
    assert summary in text
    assert "Search finished" not in text


def test_opened_result_highlights_the_word_in_the_form_on_the_page(page, site_url, built_site):
    # The errors page says буферизацией, never буферизация: Sphinx highlighted nothing there.
    assert "буферизация" not in article_text(built_site, "ru", "errors").lower()
    found = open_results(page, site_url, "ru", "буферизация")
    page.goto(f"{site_url}ru/{found['errors']}")
    highlighted = page.eval_on_selector_all("article span.highlighted", "spans => spans.map(s => s.innerText)")
    assert highlighted
    assert all(word.lower().startswith("буферизац") for word in highlighted)
