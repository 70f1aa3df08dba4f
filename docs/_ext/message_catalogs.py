"""Reading the translations' gettext catalogs, the one way every tool does it.

The extensions (translation status, the search page's messages) and the tools
all ask the same two questions of a ``.po`` file: what it holds, and whether a
message counts as translated. Answered once here, a plural message is judged
the same everywhere: translated only when every one of its forms is.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po


def read_catalog(path: Path) -> Catalog:
    """The catalog at ``path``."""
    with path.open("rb") as stream:
        return read_po(stream)


def find_catalog(paths: list[Path]) -> Catalog | None:
    """The first of ``paths`` that exists, read; None when there is none."""
    for path in paths:
        if path.is_file():
            return read_catalog(path)
    return None


def forms(text: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """A msgid or msgstr as a tuple: plural messages have several forms."""
    return tuple(text) if isinstance(text, (tuple, list)) else (text,)


def is_translated(message: Message | None) -> bool:
    """Whether Sphinx shows ``message``'s translation: not fuzzy, every form filled."""
    return message is not None and not message.fuzzy and all(forms(message.string))
