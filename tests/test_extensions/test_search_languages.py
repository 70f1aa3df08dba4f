"""Korean and Traditional Chinese pages are indexed by word, not by whole phrase."""

import json

import pytest
from sphinx.search.zh import SearchChinese

import search_ko
import search_zh_tw


@pytest.fixture
def korean():
    """The Korean search language, as the HTML builder makes it."""
    return search_ko.SearchKorean({})


@pytest.fixture
def traditional():
    """The Traditional Chinese search language, without jieba's second dictionary load."""
    return search_zh_tw.SearchTraditionalChinese({"dict": ""})


def search_index(app):
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def pages(index, term, kind="terms"):
    found = index[kind].get(term, [])
    found = [found] if isinstance(found, int) else found
    return {index["docnames"][number] for number in found}


# -- Korean ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("응답을", "응답"),
        ("응답은", "응답"),
        ("응답", "응답"),
        ("제너레이터를", "제너레이터"),
        ("제너레이터가", "제너레이터"),
        ("서버에서는", "서버"),  # 에서는, not 는: the longest ending wins
        ("스트리밍으로", "스트리밍"),  # 으로, not 로
        ("버퍼링합니다", "버퍼링"),
        ("생성하는", "생성"),
        ("이스케이프하므로", "이스케이프"),
        ("HTML이므로", "html"),
    ],
)
def test_korean_words_lose_their_particle(korean, word, stem):
    assert korean.stem(word) == stem


@pytest.mark.parametrize("word", ["결과", "속도", "추가", "이", "가"])
def test_korean_stems_keep_at_least_two_characters(korean, word):
    # 결과 ends in the particle 과, but 결 alone is not the word.
    assert korean.stem(word) == word


def test_endings_are_tried_longest_first():
    lengths = [len(ending) for ending in search_ko.ENDINGS]
    assert lengths == sorted(lengths, reverse=True)


@pytest.mark.parametrize(
    ("word", "stem"),
    [("Streaming", "stream"), ("responses", "respons"), ("nginx는", "nginx"), ("Responses를", "respons")],
)
def test_latin_words_are_stemmed_as_in_english(korean, word, stem):
    assert korean.stem(word) == stem


def test_browser_stemmer_has_the_same_endings():
    code = search_ko.JS_STEMMER
    assert json.dumps(search_ko.ENDINGS, ensure_ascii=False) in code
    assert ">= 2 && word.endsWith(ending)" in code
    assert "porter.stemWord(word)" in code


@pytest.mark.sphinx("html", testroot="search-ko")
def test_korean_index_holds_stems_and_the_page_ships_the_stemmer(app):
    app.build()
    assert isinstance(app.builder.indexer.lang, search_ko.SearchKorean)
    index = search_index(app)
    assert pages(index, "응답") == {"index", "other"}
    assert "응답을" not in index["terms"]
    assert "응답은" not in index["terms"]
    assert pages(index, "제너레이터") == {"index"}
    assert pages(index, "nginx") == {"index"}
    assert pages(index, "stream", "titleterms") | pages(index, "stream") == {"index"}
    assert pages(index, "결과", "titleterms") == {"other"}
    language_data = (app.outdir / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert search_ko.JS_STEMMER.strip() in language_data


# -- Traditional Chinese -------------------------------------------------------------


def test_conversion_keeps_one_character_for_one():
    text = "用戶端在 nginx 後面斷線時，資料量很大。"
    simplified = search_zh_tw.to_simplified(text)
    assert simplified == "用户端在 nginx 后面断线时，资料量很大。"
    assert len(simplified) == len(text)


class _PhraseConverter:
    """A converter whose phrase rule changes the length, as OpenCC's could."""

    def convert(self, text):
        if len(text) > 1:
            return text + "!"
        return {"戶": "户", "端": "端端"}.get(text, text)


def test_a_length_changing_conversion_falls_back_to_characters(monkeypatch):
    monkeypatch.setattr(search_zh_tw, "_t2s", _PhraseConverter())
    # 戶 converts on its own; 端, made two characters, is kept as it is.
    assert search_zh_tw.to_simplified("用戶端") == "用户端"


def test_traditional_words_are_kept_whole(traditional):
    words = traditional.split("用戶端在 nginx 後面斷線時，資料量很大。")
    assert "用戶端" in words
    assert "用戶" in words  # search mode also indexes the shorter word
    assert "資料" in words
    assert "斷線" in words
    assert "戶端" not in words
    assert "料量" not in words
    assert "nginx" in words


def test_latin_words_in_chinese_text_are_still_stemmed(traditional):
    traditional.split("Streaming responses")
    assert traditional.stem("Streaming") == "stream"
    assert traditional.stem("responses") == "respons"


@pytest.mark.sphinx("html", testroot="search-zh-tw")
def test_traditional_index_has_real_words(app):
    app.build()
    assert isinstance(app.builder.indexer.lang, search_zh_tw.SearchTraditionalChinese)
    index = search_index(app)
    assert pages(index, "用戶端") == {"index"}
    assert pages(index, "斷線") == {"index"}
    assert pages(index, "stream") == {"index"}
    assert "戶端" not in index["terms"]
    assert "料量" not in index["terms"]


@pytest.mark.sphinx("html", testroot="search-zh-tw", confoverrides={"language": "zh_CN"})
def test_simplified_chinese_keeps_sphinx_own_search(app):
    app.build()
    assert type(app.builder.indexer.lang) is SearchChinese
