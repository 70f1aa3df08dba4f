"""search_query puts its script, and for Chinese the script table, on the search page only."""

import json
import re

import pytest

import search_query


def search_query_options(html):
    match = re.search(r"window\.SEARCH_QUERY = (\{.*?\});", html)
    assert match, "no SEARCH_QUERY on the page"
    return json.loads(match[1])


def test_traditional_characters_map_to_the_simplified_ones_of_the_index():
    forms = search_query.simplified_forms({"請求情境", "用戶端"})
    assert forms["請"] == "请"
    assert forms["戶"] == "户"
    # Only characters whose Simplified form is in the index: 體 -> 体 is not.
    assert "體" not in forms
    # Simplified and shared characters need no entry.
    assert "求" not in forms
    assert "请" not in forms


def test_the_table_covers_traditional_variants_of_a_simplified_character():
    # 后 stands for both 後 and 后: a reader may type either.
    assert search_query.simplified_forms({"后面"})["後"] == "后"


@pytest.mark.sphinx("html", testroot="search-query")
def test_search_page_gets_the_script_and_the_table(app):
    app.build()
    search = (app.outdir / "search.html").read_text(encoding="utf-8")
    script = re.search(r'<script[^>]*src="_static/search_query\.js[^"]*"[^>]*>', search)
    assert script
    assert "defer" in script[0]
    # After searchtools.js in the page, whose Search it wraps: deferred scripts run last.
    options = search_query_options(search)
    assert options["simplified"]["請"] == "请"
    assert options["simplified"]["戶"] == "户"
    assert (app.outdir / "_static" / "search_query.js").is_file()
    index = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "search_query" not in index
    assert "SEARCH_QUERY" not in index


@pytest.mark.sphinx("html", testroot="search-query", confoverrides={"language": "ru"})
def test_other_languages_get_the_script_without_a_table(app):
    app.build()
    search = (app.outdir / "search.html").read_text(encoding="utf-8")
    assert "_static/search_query.js" in search
    assert search_query_options(search) == {}
