"""Load only the part of jieba's dictionary that a build's text looks up.

Chinese search (Sphinx's ``zh`` for zh_CN, ``search_zh_tw`` for zh_TW) splits
text into words with jieba, whose first use loads its whole dictionary:
498 113 words and word prefixes, about 0.6 s even from jieba's own cache
(``jieba.cache`` in the temporary directory). That was 40 % of a whole English
build, and most of why the Chinese builds took twice as long as the English one.

jieba only ever looks a word up among the substrings of the text it splits,
and every way into its tokenizer (``cut``, ``cut_for_search``, ``tokenize``)
goes through ``Tokenizer.cut``. So this extension keeps the dictionary, on
first use, in an SQLite file next to jieba's cache, in groups by each word's
first two characters (a one-character word is a group of its own), and has
``cut`` first read the groups of the character pairs of the text it is given
that are not read yet. A build reads only the groups its text needs, jieba
looks words up in a plain dict as before, and the text splits exactly as with
the whole dictionary: the same words, the same frequencies, the same total.

The file is named after a hash of the dictionary's contents, so that another
dictionary (or jieba release) gets a file of its own. It is written under a
temporary name and renamed, so that builds running side by side
(``make site``) never read half of one. It takes effect when the search
language is Chinese; list it in ``conf.py``::

    extensions = ["jieba_dictionary"]
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import jieba

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def group_of(word: str) -> str:
    """The group a word is stored in: its first two characters."""
    return word[:2]


# SQLite's oldest limit on the parameters of one statement.
MAX_PARAMETERS = 999


class DictionaryStore:
    """The words of a dictionary in groups, read into a tokenizer as needed."""

    def __init__(self, path: Path) -> None:
        self._uri = f"{path.as_uri()}?mode=ro"
        self._connected_in: int | None = None
        self._read_groups: set[str] = set()
        (self.total,) = self._connection().execute("SELECT frequency FROM total").fetchone()

    def _connection(self) -> sqlite3.Connection:
        # SQLite forbids using a connection across fork(), which parallel
        # Sphinx builds (-j) do: a forked process opens its own.
        if self._connected_in != os.getpid():
            self._connected = sqlite3.connect(self._uri, uri=True)
            self._connected_in = os.getpid()
        return self._connected

    def read_groups_for(self, text: str, frequencies: dict[str, int]) -> None:
        """Add to ``frequencies`` every word jieba may look up in ``text``."""
        # The groups of all substrings of text: its characters and character pairs.
        needed = {*text, *(text[start : start + 2] for start in range(len(text) - 1))} - self._read_groups
        self._read_groups |= needed
        names = list(needed)
        for first in range(0, len(names), MAX_PARAMETERS):
            chunk = names[first : first + MAX_PARAMETERS]
            rows = self._connection().execute(
                f"SELECT words FROM word_groups WHERE name IN ({','.join('?' * len(chunk))})", chunk
            )
            for (words,) in rows:
                # A word added since (jieba.add_word) keeps the frequency it was given.
                for word, frequency in marshal.loads(words).items():
                    frequencies.setdefault(word, frequency)


def store_path(dictionary: bytes, directory: Path) -> Path:
    """Where the store of ``dictionary`` (the file's bytes) is kept."""
    return directory / f"jieba-{hashlib.sha256(dictionary).hexdigest()[:16]}.sqlite3"


def write_store(tokenizer: jieba.Tokenizer, dictionary: bytes, path: Path) -> None:
    """Store the words of ``dictionary`` by group, with the total frequency."""
    frequencies, total = tokenizer.gen_pfdict(io.BytesIO(dictionary))
    groups: dict[str, dict[str, int]] = {}
    for word, frequency in frequencies.items():
        groups.setdefault(group_of(word), {})[word] = frequency
    descriptor, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(descriptor)
    # Readable by every user, like the dictionary it is made from (mkstemp gives 0600).
    os.chmod(temporary, 0o644)
    try:
        with closing(sqlite3.connect(temporary)) as store, store:
            store.execute("CREATE TABLE word_groups (name TEXT PRIMARY KEY, words BLOB) WITHOUT ROWID")
            store.execute("CREATE TABLE total (frequency INTEGER)")
            store.executemany(
                "INSERT INTO word_groups VALUES (?, ?)",
                ((name, marshal.dumps(words)) for name, words in groups.items()),
            )
            store.execute("INSERT INTO total VALUES (?)", (total,))
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def load_lazily(tokenizer: jieba.Tokenizer, directory: Path) -> None:
    """Give ``tokenizer`` its dictionary as lazily read groups, unless it has one."""
    if tokenizer.initialized:
        return
    with tokenizer.get_dict_file() as stream:
        dictionary = stream.read()
    path = store_path(dictionary, directory)
    if not path.is_file():
        write_store(tokenizer, dictionary, path)
    store = DictionaryStore(path)
    cut = tokenizer.cut

    def cut_after_reading_its_words(sentence: str | bytes, *args: object, **kwargs: object):
        store.read_groups_for(jieba.strdecode(sentence), tokenizer.FREQ)
        return cut(sentence, *args, **kwargs)

    tokenizer.cut = cut_after_reading_its_words
    tokenizer.FREQ = {}
    tokenizer.total = store.total
    tokenizer.initialized = True


def load_for_chinese_search(app: Sphinx) -> None:
    """builder-inited: set up jieba's default tokenizer when search is Chinese."""
    search_language = app.config.html_search_language or app.config.language or ""
    if search_language.startswith("zh"):
        load_lazily(jieba.dt, Path(jieba.dt.tmp_dir or tempfile.gettempdir()))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", load_for_chinese_search)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
