"""How much of each page is translated, on the page itself and on a status page.

Nothing in Sphinx tells a reader that the page they read in Russian is partly
English, or older than the English. This extension computes, in every build,
the status of every translated language and page, and gives the templates:

* ``translation_status``: for a page of a translated build, the share of its
  messages that are translated and whether its catalog has fuzzy messages (the
  English changed since the translation); page.html shows a banner then, with
  a link to the English page;
* ``translation_status_url``: the link to ``translation-status.html``, the page
  that lists every language and page.

The status is computed from the same inputs in every language's build: the
English messages of each page, recorded just before Sphinx's ``Locale``
transform translates them (so exactly the msgids that transform looks up), and
every language's ``.po`` catalog. A message counts as translated when Sphinx
would show its translation (see message_catalogs.is_translated). The languages
are those of ``site_languages`` (docs/_ext/site_languages.py), the first the original.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from message_catalogs import find_catalog, is_translated
from site_languages import page_url

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

#: The page that lists the status of every language and page.
STATUS_PAGE = "translation-status"

PageStatus = dict[str, int | bool]


# -- the English messages of each page ---------------------------------------


class EnglishMessages(SphinxTransform):
    """Record each page's translatable messages before they are translated."""

    # After PreserveTranslatableMessages (10), before Locale (20).
    default_priority = 19

    def apply(self, **kwargs: object) -> None:
        # Not in the catalogs: the gettext builder skips substitution
        # definitions, and a field list that opens the document (front matter)
        # becomes docinfo (docutils' DocInfo transform), which Sphinx removes.
        skipped = list(self.document.findall(nodes.substitution_definition))
        first = self.document.first_child_not_matching_class(nodes.PreBibliographic)
        if first is not None and isinstance(self.document[first], nodes.field_list):
            skipped.append(self.document[first])
        messages = {}  # a dict keeps the order and, like a catalog, one of each
        for node, message in extract_messages(self.document):
            if not any(parent in skipped for parent in _ancestors(node)):
                messages[message] = None
        _english(self.env)[self.env.docname] = list(messages)


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    while node.parent is not None:
        node = node.parent
        yield node


def _english(env: BuildEnvironment) -> dict[str, list[str]]:
    if not hasattr(env, "translation_status_messages"):
        env.translation_status_messages = {}
    return env.translation_status_messages


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _english(env).pop(docname, None)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _english(env).update(_english(other))


# -- status from the catalogs ------------------------------------------------


def page_status(english: list[str], catalog: Catalog | None) -> PageStatus:
    """Count ``english`` messages translated in ``catalog`` (None: no catalog)."""
    translated = fuzzy = 0
    if catalog is not None:
        found = [message for message in map(catalog.get, english) if message is not None]
        translated = sum(1 for message in found if is_translated(message))
        # Only the page's current messages: a stale fuzzy entry is not news to the reader.
        fuzzy = sum(1 for message in found if message.fuzzy)
    total = len(english)
    # Rounded down: 99.6 % is not "complete".
    percent = 100 * translated // total if total else 100
    return {
        "total": total,
        "translated": translated,
        "percent": percent,
        "incomplete": translated < total,
        "outdated": fuzzy > 0,
    }


def compute_status(app: Sphinx, env: BuildEnvironment) -> None:
    """Status of every translated language and page, from the current English."""
    config = app.config
    english = _english(env)
    locale_dirs = [Path(env.srcdir, directory) for directory in config.locale_dirs]
    status: dict[str, dict[str, PageStatus]] = {}
    for code, _name in config.site_languages[1:]:
        status[code] = {}
        for docname in sorted(english):
            domain = docname_to_domain(docname, config.gettext_compact)
            catalog = find_catalog([base / code / "LC_MESSAGES" / f"{domain}.po" for base in locale_dirs])
            status[code][docname] = page_status(english[docname], catalog)
    env.translation_status = status


def reading_order(env: BuildEnvironment) -> list[str]:
    """The pages in the order of the table of contents, then the others."""
    order, todo = [], [env.config.root_doc]
    while todo:
        docname = todo.pop(0)
        if docname not in order:
            order.append(docname)
            todo[:0] = env.toctree_includes.get(docname, [])
    return [d for d in order if d in env.found_docs] + sorted(env.found_docs - set(order))


# -- pages -------------------------------------------------------------------


def add_status_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: the table of every language and page."""
    env = app.env
    rows = []
    for docname in reading_order(env):
        rows.append(
            {
                "title": env.titles[docname].astext(),
                "cells": [
                    {
                        "language": code,
                        "url": page_url(app, STATUS_PAGE, code, docname),
                        **env.translation_status[code][docname],
                    }
                    for code, _name in app.config.site_languages[1:]
                ],
            }
        )
    context = {
        # The same message as the template's heading, so that sphinx.po has it.
        "title": str(_("Translation status")),
        "status_languages": app.config.site_languages[1:],
        "status_rows": rows,
    }
    yield STATUS_PAGE, context, "translation-status.html"


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context: this page's status, and the link to the status page."""
    config = app.config
    original = config.site_languages[0][0]
    status = app.env.translation_status.get(config.language or original, {}).get(pagename)
    if status and (status["incomplete"] or status["outdated"]):
        context["translation_status"] = {**status, "english_url": page_url(app, pagename, original, pagename)}
    else:
        context["translation_status"] = None
    context["translation_status_url"] = context["pathto"](STATUS_PAGE)


def setup(app: Sphinx) -> ExtensionMetadata:
    # The languages and the page URLs are site_languages'.
    app.setup_extension("site_languages")
    app.add_transform(EnglishMessages)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-updated", compute_status)
    app.connect("html-collect-pages", add_status_page)
    app.connect("html-page-context", page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
