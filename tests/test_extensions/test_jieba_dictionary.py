"""jieba reads only the dictionary words a text needs, and splits it exactly as before."""

import jieba
import pytest

import jieba_dictionary

# A small dictionary in jieba's format (word, frequency, part of speech) whose
# words overlap, so that the split depends on every frequency.
WORDS = """\
用户 300 n
用户端 50 n
户 5 n
端 20 n
数据 400 n
数据量 60 n
据量 1 n
量 30 n
断线 40 v
线时 2 n
时 100 n
流式 80 n
响应 200 n
的 900 uj
"""
TEXTS = [
    "流式响应的用户端",
    "数据量断线时",
    "用户断线时，用户端的数据量 streaming 响应",
    # More distinct characters than one SQLite statement may ask for.
    "".join(chr(0x4E00 + offset) for offset in range(1200)) + "用户端",
]


@pytest.fixture
def dictionary(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text(WORDS, encoding="utf-8")
    return path


def whole(dictionary, tmp_path):
    tokenizer = jieba.Tokenizer(str(dictionary))
    tokenizer.tmp_dir = str(tmp_path)  # jieba's own cache of the whole dictionary
    tokenizer.initialize()
    return tokenizer


def lazy(dictionary, tmp_path):
    tokenizer = jieba.Tokenizer(str(dictionary))
    jieba_dictionary.load_lazily(tokenizer, tmp_path)
    return tokenizer


def splits(tokenizer, text):
    return [
        list(tokenizer.cut(text)),
        list(tokenizer.cut(text, HMM=False)),
        list(tokenizer.cut(text, cut_all=True)),
        list(tokenizer.cut_for_search(text)),
        list(tokenizer.tokenize(text, mode="search")),
    ]


@pytest.mark.parametrize("text", TEXTS)
def test_a_text_splits_as_with_the_whole_dictionary(dictionary, tmp_path, text):
    expected = whole(dictionary, tmp_path)
    tokenizer = lazy(dictionary, tmp_path)
    assert tokenizer.total == expected.total
    assert splits(tokenizer, text) == splits(expected, text)
    # bytes too, which jieba decodes as UTF-8
    assert list(tokenizer.cut(text.encode())) == list(expected.cut(text.encode()))


def test_only_the_groups_of_the_text_are_read(dictionary, tmp_path):
    tokenizer = lazy(dictionary, tmp_path)
    assert tokenizer.FREQ == {}
    list(tokenizer.cut("用户端"))
    assert {"用户", "用户端", "户", "端"} <= tokenizer.FREQ.keys()
    assert "数据" not in tokenizer.FREQ


def test_a_forked_process_opens_the_store_again(dictionary, tmp_path, monkeypatch):
    tokenizer = lazy(dictionary, tmp_path)
    list(tokenizer.cut("用户"))
    monkeypatch.setattr(jieba_dictionary.os, "getpid", lambda: -1)
    connect = jieba_dictionary.sqlite3.connect
    opened = []

    def recording_connect(*args, **kwargs):
        opened.append(args)
        return connect(*args, **kwargs)

    monkeypatch.setattr(jieba_dictionary.sqlite3, "connect", recording_connect)
    assert list(tokenizer.cut("数据量")) == ["数据量"]
    list(tokenizer.cut("断线时"))
    assert len(opened) == 1


def test_an_added_word_keeps_its_frequency(dictionary, tmp_path):
    tokenizer = lazy(dictionary, tmp_path)
    tokenizer.add_word("数据量", 999)
    list(tokenizer.cut("数据量"))
    assert tokenizer.FREQ["数据量"] == 999


def test_the_store_is_written_once_and_then_reused(dictionary, tmp_path, monkeypatch):
    lazy(dictionary, tmp_path)
    stores = list(tmp_path.glob("jieba-*.sqlite3"))
    assert len(stores) == 1
    assert stores[0].stat().st_mode & 0o777 == 0o644
    assert not list(tmp_path.glob("*.tmp"))

    def no_second_write(*args):
        raise AssertionError("the store was written again")

    monkeypatch.setattr(jieba_dictionary, "write_store", no_second_write)
    assert list(lazy(dictionary, tmp_path).cut("用户端")) == ["用户端"]


def test_another_dictionary_gets_its_own_store(dictionary, tmp_path):
    lazy(dictionary, tmp_path)
    other = tmp_path / "other.txt"
    other.write_text(WORDS + "用户端口 9 n\n", encoding="utf-8")
    assert list(lazy(other, tmp_path).cut("用户端口")) == ["用户端口"]
    assert len(list(tmp_path.glob("jieba-*.sqlite3"))) == 2


def test_a_failed_write_leaves_no_temporary_file(dictionary, tmp_path, monkeypatch):
    def failing_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(jieba_dictionary.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        lazy(dictionary, tmp_path)
    assert list(tmp_path.iterdir()) == [dictionary]


def test_a_tokenizer_that_has_its_dictionary_is_left_alone(dictionary, tmp_path):
    tokenizer = whole(dictionary, tmp_path)
    frequencies = tokenizer.FREQ
    jieba_dictionary.load_lazily(tokenizer, tmp_path)
    assert tokenizer.FREQ is frequencies
    assert not list(tmp_path.glob("jieba-*.sqlite3"))


@pytest.fixture
def default_tokenizer(dictionary, tmp_path, monkeypatch):
    """jieba's default tokenizer, replaced by one with the small dictionary."""
    tokenizer = jieba.Tokenizer(str(dictionary))
    tokenizer.tmp_dir = str(tmp_path)
    monkeypatch.setattr(jieba, "dt", tokenizer)
    return tokenizer


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW"])
@pytest.mark.sphinx("html", testroot="jieba-dictionary")
def test_chinese_builds_read_the_dictionary_lazily(make_app, app_params, default_tokenizer, tmp_path, language):
    args, kwargs = app_params
    make_app(*args, **{**kwargs, "confoverrides": {"language": language}})
    assert default_tokenizer.initialized
    assert default_tokenizer.FREQ == {}
    assert list(tmp_path.glob("jieba-*.sqlite3"))


@pytest.mark.sphinx("html", testroot="jieba-dictionary", confoverrides={"language": "ru"})
def test_other_builds_leave_jieba_alone(app, default_tokenizer):
    assert not default_tokenizer.initialized
