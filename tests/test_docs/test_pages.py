"""The pages hold no code typed by hand: they include it from snippets/, by name."""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted(DOCS.glob("*.md"))
FENCE = re.compile(
    r"^\s*(```|~~~)\s*(\{code-block\}|\{code\})?\s*(python|py|python3|pycon|jinja|html\+jinja|javascript|js)\b", re.M
)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_has_no_code_typed_in(page):
    assert not FENCE.search(page.read_text()), f"{page}: include the code from snippets/"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_literalinclude_never_uses_line_numbers(page):
    assert not re.search(r"^:(lines|lineno-start|emphasize-lines):", page.read_text(), re.M)
