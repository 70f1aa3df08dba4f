"""Language links and translation status for every page of every language build.

The site is five separate Sphinx builds, one per language, published side by
side (``<site_url>/en/``, ``<site_url>/ru/`` ...). Nothing in Sphinx links one
build to another, and nothing tells a reader that the page they read in Russian
is partly English or older than the English. This extension gives the templates
what they need for that:

* ``site_languages``: one link per language to the same page in that language
  (a relative URL, so that it works from any host or local folder), the current
  language marked; the switcher in the sidebar and footer renders it;
* ``site_alternates``: the absolute URLs of the page in every language, plus
  ``x-default`` (English), for ``<link rel="alternate" hreflang>``;
* ``translation_status``: for a page of a translated build, the share of its
  messages that are translated and whether its catalog has fuzzy messages (the
  English changed since the translation); page.html shows a banner then;
* a page ``translation-status.html`` listing every language and page.

The status of every language is computed in every build, from the same inputs:
the English messages of each page, extracted just before Sphinx's ``Locale``
transform translates them (so exactly the msgids that transform looks up), and
every language's ``.po`` catalog. A message counts as translated when its
catalog has it with a non-empty, non-fuzzy ``msgstr``, which is what Sphinx
itself uses.

It also sets, from ``site_url`` and the build's language, ``html_baseurl``
(Sphinx's ``<link rel="canonical">``) and sphinx-notfound-page's
``notfound_urls_prefix`` (the 404 page's links are absolute paths): conf.py
cannot, because ``-D language=ru`` is applied after conf.py runs. Configure it in ``conf.py``::

    site_url = "https://example.org/docs/"
    site_languages = [("en", "English"), ("ru", "Русский")]

The first language is the original, the ``x-default``.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

from babel.messages.pofile import read_po
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

#: The page that lists the status of every language and page.
STATUS_PAGE = "translation-status"


def language_tag(code: str) -> str:
    """The BCP 47 tag of a Sphinx language code: ``zh_TW`` -> ``zh-TW``."""
    return code.replace("_", "-")


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


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def _english(env: BuildEnvironment) -> dict[str, list[str]]:
    if not hasattr(env, "site_languages_messages"):
        env.site_languages_messages = {}
    return env.site_languages_messages


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _english(env).pop(docname, None)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _english(env).update(_english(other))


# -- status from the catalogs ------------------------------------------------


def page_status(english: list[str], catalog) -> dict[str, int | bool]:
    """Count ``english`` messages translated in ``catalog`` (None: no catalog)."""
    translated = fuzzy = 0
    if catalog is not None:
        for msgid in english:
            message = catalog.get(msgid)
            if message is not None and message.string and not message.fuzzy:
                translated += 1
        fuzzy = sum(1 for message in catalog if message.id and message.fuzzy)
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


def _read_catalog(path: Path):
    if not path.is_file():
        return None
    with path.open("rb") as stream:
        return read_po(stream)


def compute_status(app: Sphinx, env: BuildEnvironment) -> None:
    """Status of every translated language and page, from the current English."""
    config = app.config
    english = _english(env)
    locale_dirs = [Path(env.srcdir, directory) for directory in config.locale_dirs]
    status = {}
    for code, _name in config.site_languages[1:]:
        status[code] = {}
        for docname in sorted(english):
            domain = docname_to_domain(docname, config.gettext_compact)
            paths = [base / code / "LC_MESSAGES" / f"{domain}.po" for base in locale_dirs]
            catalog = next((c for c in map(_read_catalog, paths) if c is not None), None)
            status[code][docname] = page_status(english[docname], catalog)
    env.site_languages_status = status


def reading_order(env: BuildEnvironment) -> list[str]:
    """The pages in the order of the table of contents, then the others."""
    order, todo = [], [env.config.root_doc]
    while todo:
        docname = todo.pop(0)
        if docname not in order:
            order.append(docname)
            todo[:0] = env.toctree_includes.get(docname, [])
    return [d for d in order if d in env.found_docs] + sorted(env.found_docs - set(order))


# -- configuration -------------------------------------------------------------


def derive_urls(app: Sphinx, config: Config) -> None:
    """Set html_baseurl and notfound_urls_prefix for this build's language."""
    base = config.site_url + (config.language or "en") + "/"
    config.html_baseurl = base
    config.notfound_urls_prefix = urlsplit(base).path


# -- pages -------------------------------------------------------------------


def add_status_page(app: Sphinx):
    """html-collect-pages: the table of every language and page."""
    env = app.env
    rows = []
    for docname in reading_order(env):
        rows.append({
            "title": env.titles[docname].astext(),
            "cells": [
                {"language": code, "url": _url(app, STATUS_PAGE, code, docname), **env.site_languages_status[code][docname]}
                for code, _name in app.config.site_languages[1:]
            ],
        })
    context = {
        # The same message as the template's heading, so that sphinx.po has it.
        "title": str(_("Translation status")),
        "status_languages": app.config.site_languages[1:],
        "status_rows": rows,
    }
    yield STATUS_PAGE, context, "translation-status.html"


def _url(app: Sphinx, from_page: str, language: str, pagename: str) -> str:
    """Link from ``from_page`` of this build to ``pagename`` in ``language``."""
    if from_page == app.config.notfound_pagename:
        # The 404 page is served at any depth: only an absolute path works,
        # and the useful page in another language is its home page.
        return urlsplit(app.config.site_url).path + language + "/" + app.builder.get_target_uri(app.config.root_doc)
    target = app.builder.get_target_uri(pagename)
    here = posixpath.dirname(app.builder.get_target_uri(from_page))
    return posixpath.relpath(f"/{language}/{target}", posixpath.join(f"/{app.config.language or 'en'}", here))


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: language links, alternates and this page's status."""
    config = app.config
    current = config.language or "en"
    target = app.builder.get_target_uri(pagename)
    context["site_languages"] = [
        {
            "code": code,
            "tag": language_tag(code),
            "name": name,
            "url": _url(app, pagename, code, pagename),
            "current": code == current,
        }
        for code, name in config.site_languages
    ]
    alternates = [(language_tag(code), f"{config.site_url}{code}/{target}") for code, _name in config.site_languages]
    context["site_alternates"] = [*alternates, ("x-default", alternates[0][1])]
    status = app.env.site_languages_status.get(current, {}).get(pagename)
    if status and (status["incomplete"] or status["outdated"]):
        context["translation_status"] = {**status, "english_url": _url(app, pagename, config.site_languages[0][0], pagename)}
    else:
        context["translation_status"] = None
    context["translation_status_url"] = context["pathto"](STATUS_PAGE)
    context["site_is_notfound"] = pagename == config.notfound_pagename


def absolute_links_on_notfound(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Make the 404 page's own links absolute: it is served at any URL depth."""
    if docname != app.config.notfound_pagename:
        return
    for reference in doctree.findall(nodes.reference):
        if reference.get("internal") and "refuri" in reference:
            reference["refuri"] = app.config.notfound_urls_prefix + reference["refuri"]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("site_url", "https://example.org/", "html", str)
    app.add_config_value("site_languages", [("en", "English")], "html", list)
    # The 404 page; derive_urls() sets its notfound_urls_prefix.
    app.setup_extension("notfound.extension")
    app.connect("config-inited", derive_urls, priority=400)
    app.add_transform(EnglishMessages)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-updated", compute_status)
    app.connect("html-collect-pages", add_status_page)
    app.connect("html-page-context", page_context)
    app.connect("doctree-resolved", absolute_links_on_notfound)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
