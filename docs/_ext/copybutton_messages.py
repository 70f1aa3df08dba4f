"""Translate sphinx-copybutton's button, and give it a name for screen readers.

sphinx-copybutton (pinned in requirements.txt) writes its button's tooltip and
icon titles from a table in ``_static/copybutton.js``, keyed by ``<html lang>``.
That table has Russian and Simplified Chinese, but neither Traditional Chinese
nor Korean, and the button has no accessible name of its own. After the build,
this extension

* lays the language's translations of the four messages (``ENGLISH`` below,
  from our theme catalog ``locales/<lang>/LC_MESSAGES/sphinx.po``, whose
  template lists them through docs/_ext/theme_pot.py) over that table, message
  by message: what a translator has not done yet keeps copybutton's own, or
  the English;
* gives the button ``type="button"`` and an ``aria-label`` (the translated
  "Copy to clipboard").

The messages reach the page through ``innerHTML``, so a translation that
translation_safety refuses for the templates (markup, a broken placeholder) is
not used. If copybutton's script changes so that these edits no longer apply,
the build fails rather than ship an unnamed button.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from languages import language_tag
from translation_safety import theme_problems

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: copybutton's message keys and its English for them (copybutton.js, 0.5.2).
ENGLISH = {
    "copy": "Copy",
    "copy_to_clipboard": "Copy to clipboard",
    "copy_success": "Copied!",
    "copy_failure": "Failed to copy",
}
#: Where copybutton's table ends, and its button's markup starts.
TABLE_END = "\n\nlet locale = 'en'"
BUTTON = '`<button class="copybtn o-tooltip--left"'
NAMED_BUTTON = (
    '`<button type="button" aria-label="${messages[locale][\'copy_to_clipboard\']}" class="copybtn o-tooltip--left"'
)


class CopybuttonScriptChanged(RuntimeError):
    """copybutton.js no longer has the places this extension edits."""


def translated_messages(gettext: Callable[[str], str]) -> dict[str, str]:
    """The messages that ``gettext`` translates, and that are safe in markup."""
    found = {}
    for key, english in ENGLISH.items():
        translation = gettext(english)
        if translation != english and not theme_problems(english, translation):
            found[key] = translation
    return found


def edit_script(script: str, tag: str, messages: dict[str, str]) -> str:
    """copybutton.js with ``messages`` laid over its table for ``tag``, and the button named."""
    if TABLE_END not in script or BUTTON not in script:
        raise CopybuttonScriptChanged("copybutton.js changed: update docs/_ext/copybutton_messages.py")
    overlay = (
        f"\n// Our translations (docs/_ext/copybutton_messages.py) over copybutton's own.\n"
        f"messages[{json.dumps(tag)}] = Object.assign({{}}, messages['en'], messages[{json.dumps(tag)}], "
        f"{json.dumps(messages, ensure_ascii=False, sort_keys=True)});"
    )
    return script.replace(TABLE_END, overlay + TABLE_END, 1).replace(BUTTON, NAMED_BUTTON, 1)


def edit_copybutton(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "copybutton.js"
    language = app.config.language or "en"
    messages = translated_messages(app.translator.gettext) if language != "en" else {}
    script = target.read_text(encoding="utf-8")
    target.write_text(edit_script(script, language_tag(language), messages), encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx_copybutton")
    app.connect("build-finished", edit_copybutton)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
