"""Search finds what readers type: phrases without spaces, either Chinese script, other word forms.

Sphinx's search page splits a query at spaces and punctuation, stems each word
and looks it up among the words of the index. That misses what readers type:

- Chinese readers type phrases without spaces (请求上下文), the index holds
  jieba's words (请求, 上下文): 0 results;
- a query in Simplified characters on the Traditional pages (or back) finds
  nothing, because the index holds one script only;
- Korean 연결 끊김 finds nothing, the pages say 연결이 끊긴;
- Russian отключение finds nothing (its stem, отключен, is not the stem of
  отключился), and a result for буферизация highlights nothing on a page that
  says буферизацией, because Sphinx highlights only the words as typed.

This extension adds ``_static/search_query.js`` to the search page. It wraps
Sphinx's query parsing and replaces each query word that is not in the index
with the index words it stands for (see the script for the rules), and gives
those words to the highlighter as well. For Chinese builds it also writes, into
the search page, the Simplified form of every Traditional character whose
Simplified form is in the index (OpenCC ``t2s``), so that the script can read
the query and the index in one script.

Enable it in ``conf.py``::

    extensions = ["search_query"]
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import opencc

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

STATIC = Path(__file__).with_name("search_query_static")
SCRIPT = "search_query.js"

#: The Unicode blocks of CJK ideographs that readers type: Extension A and the
#: Unified Ideographs.
IDEOGRAPHS = range(0x3400, 0xA000)

HAN = re.compile(r"[\u3400-\u9fff]")

_t2s = opencc.OpenCC("t2s")


def simplified_forms(index_words: set[str]) -> dict[str, str]:
    """Traditional character -> Simplified character, where the latter is the Simplified form of a character in the index's words."""
    characters = [chr(code) for code in IDEOGRAPHS]
    # One call for all: a line per character keeps phrase rules from joining them.
    converted = _t2s.convert("\n".join(characters)).split("\n")
    pairs = dict(zip(characters, converted, strict=True))
    wanted = {pairs.get(char, char) for word in index_words for char in word if HAN.match(char)}
    return {char: form for char, form in pairs.items() if form != char and len(form) == 1 and form in wanted}


def add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(STATIC))


def add_to_search_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """html-page-context: the script (and the characters, for Chinese) on search.html only."""
    if pagename != "search":
        return
    language = app.builder.indexer.lang.lang or ""
    options: dict[str, Any] = {}
    if language.startswith("zh"):
        frozen = app.builder.indexer.freeze()
        options["simplified"] = simplified_forms({*frozen["terms"], *frozen["titleterms"], *frozen["alltitles"]})
    body = f"window.SEARCH_QUERY = {json.dumps(options, ensure_ascii=False, sort_keys=True)};"
    app.add_js_file(None, body=body)
    # Deferred: it runs after searchtools.js, whose Search it wraps, and before
    # the page is ready, which is when Sphinx starts the search.
    app.add_js_file(SCRIPT, defer="defer")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("config-inited", add_static_path)
    app.connect("html-page-context", add_to_search_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
