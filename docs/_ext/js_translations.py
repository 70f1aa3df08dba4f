"""Translate the messages of Sphinx's search page from our catalogs too.

Sphinx's JavaScript (searchtools.js) takes its messages from
``_static/translations.js``, which it copies from its own catalog. Those
catalogs lack some messages: in zh_CN, zh_TW, ru and ko the results line
"Search finished, found N pages matching the search query." stays English.
After the build, this extension lays the language's theme catalog
(``locales/<lang>/LC_MESSAGES/sphinx.po``, whose template lists the messages
of searchtools.js) over that file, so that what a translator writes there
reaches the search page as well.

searchtools.js writes some of these messages with ``innerHTML``, so a message
that translation_safety refuses for the templates (added markup, a new link,
a broken placeholder) is refused here too: the search page keeps Sphinx's own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from message_catalogs import is_translated, read_catalog
from translation_safety import theme_message_problems

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def theme_translations(srcdir: Path, locale_dirs: list[str], language: str) -> dict[str, object]:
    """The translated, non-fuzzy messages of every sphinx.po for ``language``."""
    messages: dict[str, object] = {}
    for locale_dir in locale_dirs:
        path = srcdir / locale_dir / language / "LC_MESSAGES" / "sphinx.po"
        if not path.is_file():
            continue
        for message in read_catalog(path):
            if message.id and is_translated(message) and not theme_message_problems(message):
                key = message.id[0] if message.pluralizable else message.id
                messages[key] = list(message.string) if message.pluralizable else message.string
    return messages


def overlay(translations_js: str, messages: dict[str, object]) -> str:
    """translations.js with ``messages`` laid over its own.

    Plural forms keep Sphinx's plural expression, which may count more forms
    than the catalog has: the last form fills the rest.
    """
    data = json.loads(translations_js[translations_js.index("(") + 1 : translations_js.rindex(")")])
    for key, value in messages.items():
        old = data["messages"].get(key)
        if isinstance(value, list) and isinstance(old, list):
            value = value + value[-1:] * (len(old) - len(value))
        data["messages"][key] = value
    return f"Documentation.addTranslations({json.dumps(data, ensure_ascii=False, indent=4, sort_keys=True)});\n"


def lay_over(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html" or not app.config.language or app.config.language == "en":
        return
    target = Path(app.outdir) / "_static" / "translations.js"
    messages = theme_translations(Path(app.srcdir), app.config.locale_dirs, app.config.language)
    if not target.is_file() or not messages:
        return
    target.write_text(overlay(target.read_text(encoding="utf-8"), messages), encoding="utf-8")
    logger.verbose("js_translations: %d messages laid over %s", len(messages), target)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("build-finished", lay_over)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
