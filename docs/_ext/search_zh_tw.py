"""Traditional Chinese search: segment as Simplified, index the original words.

Sphinx's Chinese search splits text into words with jieba, whose dictionary
is Simplified Chinese. On Traditional text it falls back to guessing, and
guesses wrong: 用戶端 ("client") becomes 用戶 + 端, 資料量 becomes 資 + 料量,
斷線時 becomes 面斷 + 線時. A reader who searches for 用戶端 then finds
nothing, and a search for the non-word 料量 finds pages.

This extension registers a search language for ``zh_TW`` that converts the
text to Simplified characters with OpenCC (``t2s``) for segmentation only,
lets jieba segment the converted text (search mode: 用户端 gives 用户 and
用户端), and indexes the words of the ORIGINAL text at the offsets jieba
reports. The conversion keeps one character for one character, so the
offsets are valid in both texts; should a phrase rule ever change the length,
each character is converted on its own instead. Queries need no conversion:
the browser looks up what the reader typed, in Traditional characters, among
the Traditional terms of the index. Latin words are handled as in Sphinx's
``zh`` language (Porter stemmer), and zh_CN keeps Sphinx's own ``zh``.

Enable it in ``conf.py``; it takes effect when ``language = "zh_TW"``::

    extensions = ["search_zh_tw"]
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import jieba
import opencc
from sphinx.search.zh import SearchChinese

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

_t2s = opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified, one character for one."""
    converted = _t2s.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_one_character(char) for char in text)


def _one_character(char: str) -> str:
    converted = _t2s.convert(char)
    return converted if len(converted) == 1 else char


class SearchTraditionalChinese(SearchChinese):
    """Chinese search whose segmentation understands Traditional characters."""

    lang = "zh_TW"
    language_name = "Traditional Chinese"

    def split(self, input: str) -> list[str]:
        simplified = to_simplified(input)
        chinese = [input[start:end] for _word, start, end in jieba.tokenize(simplified, mode="search")]
        latin = self.latin1_letters.findall(input)
        self.latin_terms.update(latin)
        return chinese + latin


def setup(app: Sphinx) -> ExtensionMetadata:
    # jieba reports loading its dictionary on every Chinese build; the build's
    # output is for warnings.
    jieba.setLogLevel(logging.WARNING)
    app.add_search_language(SearchTraditionalChinese)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
