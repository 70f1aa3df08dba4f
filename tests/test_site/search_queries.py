"""What readers type into the search box, made from the built pages' headings.

For every page of every language, each heading (the title and each section
heading) becomes a query, typed as a reader of that language would type it:

- en: as written;
- zh_CN, zh_TW: without the spaces next to Chinese characters (readers do not
  put spaces between words; the headings have some around Latin words), and
  in the other script (OpenCC
  ``s2t``/``t2s``), as written by a reader of the other script;
- ru: each word in another form of the same word (same Snowball stem) that the
  site's Russian pages use: буферизация -> буферизацией;
- ko: each Korean word with another particle: 응답을 -> 응답에서.

Each query must find the page of its heading.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from html import unescape
from pathlib import Path

import opencc
import snowballstemmer

import search_ko

LANGUAGES = ("en", "zh_CN", "zh_TW", "ru", "ko")
HEADING = re.compile(r"<h([1-3])[^>]*>(.*?)</h\1>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.DOTALL)
RUSSIAN_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)
HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
# The spaces a Chinese reader leaves out: next to a Chinese character (Redis pub/sub keeps its).
SPACE_BY_HAN = re.compile(r"(?<=[\u3400-\u9fff])\s+|\s+(?=[\u3400-\u9fff])")


@dataclass(frozen=True)
class Query:
    lang: str
    page: str
    heading: str
    text: str
    how: str


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def text_of(html: str) -> str:
    return " ".join(unescape(TAG.sub(" ", PERMALINK.sub("", html))).split())


def indexed_pages(site: Path, lang: str) -> list[str]:
    """The docnames in the search index (not the 404 page)."""
    text = (site / lang / "searchindex.js").read_text(encoding="utf-8")
    return [name for name in json.loads(text[text.index("(") + 1 : text.rindex(")")])["docnames"] if name != "404"]


def pages(site: Path, lang: str) -> dict[str, str]:
    """docname -> its article's HTML, for the pages that search can find."""
    return {
        name: article((site / lang / f"{name}.html").read_text(encoding="utf-8")) for name in indexed_pages(site, lang)
    }


def headings(html: str) -> list[str]:
    return [text_of(inner) for _level, inner in HEADING.findall(html)]


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def russian_forms(site: Path) -> dict[str, set[str]]:
    """Snowball stem -> the word forms the Russian pages use."""
    stemmer = snowballstemmer.stemmer("russian")
    forms: dict[str, set[str]] = {}
    for html in pages(site, "ru").values():
        for word in RUSSIAN_WORD.findall(text_of(html).lower()):
            forms.setdefault(stemmer.stemWord(word), set()).add(word)
    return forms


def other_russian_form(word: str, forms: dict[str, set[str]], stemmer) -> str:
    lower = word.lower()
    others = sorted(forms.get(stemmer.stemWord(lower), set()) - {lower})
    return others[0] if others else word


def other_particle(word: str) -> str:
    """The word with another particle, if it has one: 응답을 -> 응답에서."""
    stem = search_ko.strip_ending(word)
    if stem == word:
        return word
    return stem + ("에서" if not word.endswith("에서") else "은")


def queries(site: Path) -> list[Query]:
    found = []
    forms = russian_forms(site)
    stemmer = snowballstemmer.stemmer("russian")
    for lang in LANGUAGES:
        for page, html in pages(site, lang).items():
            for heading in headings(html):
                if lang == "en":
                    found.append(Query(lang, page, heading, heading, "as written"))
                elif lang.startswith("zh"):
                    unspaced = SPACE_BY_HAN.sub("", heading)
                    other = _converter("s2t" if lang == "zh_CN" else "t2s").convert(unspaced)
                    found.append(Query(lang, page, heading, unspaced, "without spaces"))
                    found.append(Query(lang, page, heading, other, "other script"))
                elif lang == "ru":
                    text = RUSSIAN_WORD.sub(lambda match: other_russian_form(match[0], forms, stemmer), heading)
                    found.append(Query(lang, page, heading, text, "other word forms"))
                else:
                    text = HANGUL_WORD.sub(lambda match: other_particle(match[0]), heading)
                    found.append(Query(lang, page, heading, text, "other particles"))
    return found


#: Run in a loaded search.html: the docnames each query finds, through Sphinx's
#: own query parsing and search (and whatever wraps them), without showing them.
FIND_PAGES = """queries => queries.map(query => {
  const [searchQuery, terms, excluded, highlight, objects] = Search._parseQuery(query);
  return [...new Set(Search._performSearch(searchQuery, terms, excluded, highlight, objects).map(r => r[0]))];
})"""

INDEX_LOADED = "() => typeof Search !== 'undefined' && Search.hasIndex()"


def open_search_page(page, site_url: str, lang: str):
    page.goto(f"{site_url}{lang}/search.html")
    page.wait_for_function(INDEX_LOADED)
    return page


def failing(browser_page_for, site: Path, site_url: str) -> list[tuple[Query, list[str]]]:
    """The queries that do not find their page, with what they find instead."""
    all_queries = queries(site)
    failed = []
    for lang in LANGUAGES:
        mine = [query for query in all_queries if query.lang == lang]
        page = open_search_page(browser_page_for(lang), site_url, lang)
        for query, found in zip(mine, page.evaluate(FIND_PAGES, [query.text for query in mine]), strict=True):
            if query.page not in found:
                failed.append((query, found))
    return failed


def main() -> None:
    """python -m tests.test_site.search_queries SITE_DIR [--sphinx-only]: print the queries that fail.

    --sphinx-only: without search_query.js, as Sphinx alone searches (before the extension).
    """
    import sys
    import threading
    from urllib.parse import urlsplit

    from playwright.sync_api import sync_playwright

    from tools import site as site_tool

    sitedir = Path(sys.argv[1])
    base_path = urlsplit(site_tool.load_conf().site_url).path
    server = site_tool.make_server(sitedir, 0, base_path)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site_url = f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"]
            )

            def new_page(_lang):
                page = browser.new_page()
                if "--sphinx-only" in sys.argv:
                    page.route(
                        "**/search_query.js*", lambda route: route.fulfill(body="", content_type="text/javascript")
                    )
                return page

            failed = failing(new_page, sitedir, site_url)
            total = len(queries(sitedir))
            for query, found in failed:
                print(f"{query.lang}\t{query.page}\t{query.how}\t{query.text}\t-> {sorted(found)}")
            print(f"{len(failed)} of {total} queries do not find their page")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
