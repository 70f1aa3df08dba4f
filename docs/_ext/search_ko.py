"""Korean search: index and query words without their particles.

Sphinx has no Korean search language. A Korean build falls back to English,
which indexes whole space-separated words: 응답을 ("the response", object)
and 응답은 ("the response", topic) become two unrelated terms, and a query for
응답 finds neither, because the browser only looks for parts of words in
query words longer than two characters.

This extension registers a search language for ``ko`` whose stemmer strips
one trailing particle or ``하다``-verb ending (을, 를, 에서, 으로, 입니다,
하는 ...) from a word, the longest that fits, and only when at least two
characters are left: 응답을 and 응답은 are both indexed as 응답, while 결과
("result") keeps its 과. The same rule runs in the browser (the JavaScript
``Stemmer`` of ``language_data.js``), so a query for 응답 or 응답을 finds both.
Words without Hangul, such as the English words and code names of a Korean
page, are stemmed as in an English build (nginx는 is indexed as nginx).

Enable it in ``conf.py``; it takes effect when ``language = "ko"``::

    extensions = ["search_ko"]
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from sphinx.search.en import SearchEnglish, js_porter_stemmer

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Particles (조사), the copula and common 하다-verb endings, as they appear at
#: the end of a written word. Longest first: 에서는 before 에서 before 서.
ENDINGS = tuple(
    sorted(
        {
            # particles
            "이",
            "가",
            "을",
            "를",
            "은",
            "는",
            "의",
            "에",
            "로",
            "와",
            "과",
            "도",
            "만",
            "으로",
            "에서",
            "에게",
            "까지",
            "부터",
            "처럼",
            "보다",
            "이나",
            "만큼",
            "마다",
            # particles doubled up (에서 + 는)
            "에는",
            "에도",
            "로는",
            "로도",
            "로서",
            "로써",
            "와는",
            "과는",
            "와도",
            "과도",
            "으로는",
            "으로도",
            "으로서",
            "으로써",
            "에서는",
            "에서도",
            "에서의",
            "에게는",
            "에게도",
            "까지는",
            "까지도",
            "부터는",
            "만으로",
            "보다는",
            # quotation and the copula
            "라는",
            "라고",
            "이라는",
            "이라고",
            "이다",
            "입니다",
            "이며",
            "이므로",
            # 하다 / 되다 verbs made from nouns (생성하는 -> 생성)
            "하는",
            "하고",
            "하면",
            "하여",
            "해야",
            "한다",
            "합니다",
            "하지",
            "했다",
            "하므로",
            "하지만",
            "되는",
            "되고",
            "되면",
            "된다",
            "됩니다",
            "되어",
        },
        key=lambda ending: (-len(ending), ending),
    )
)

#: Characters that must remain after an ending is removed.
MIN_STEM = 2

HANGUL = re.compile("[\uac00-\ud7a3]")

#: The browser's half: the same rule, wrapped around Sphinx's Porter stemmer
#: (which SearchEnglish uses too) for words without Hangul. %-formatting, because
#: JavaScript's braces would all need doubling in an f-string or str.format().
JS_STEMMER = """
var Stemmer = (function () {
%(porter)s
  var porter = new Stemmer();
  var endings = %(endings)s;
  var hangul = /[\\uac00-\\ud7a3]/;
  return function () {
    this.stemWord = function (word) {
      for (var i = 0; i < endings.length; i++) {
        var ending = endings[i];
        if (word.length - ending.length >= %(min_stem)d && word.endsWith(ending)) {
          word = word.slice(0, word.length - ending.length);
          break;
        }
      }
      return hangul.test(word) ? word : porter.stemWord(word);
    };
  };
})();
""" % {"porter": js_porter_stemmer, "endings": json.dumps(ENDINGS, ensure_ascii=False), "min_stem": MIN_STEM}  # noqa: UP031


def strip_ending(word: str) -> str:
    """Remove the longest known ending that leaves at least MIN_STEM characters."""
    for ending in ENDINGS:
        if len(word) - len(ending) >= MIN_STEM and word.endswith(ending):
            return word[: -len(ending)]
    return word


class SearchKorean(SearchEnglish):
    """Korean words lose their particle; other words are stemmed as in English."""

    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = JS_STEMMER

    def stem(self, word: str) -> str:
        word = strip_ending(word.lower())
        if HANGUL.search(word):
            return word
        return super().stem(word)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_search_language(SearchKorean)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
