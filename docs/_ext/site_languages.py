"""Every page links the same page in the site's other languages.

The site is one Sphinx build per language, published side by side
(``<site_url>/en/``, ``<site_url>/ru/`` ...). Nothing in Sphinx links one build
to another; this extension gives the templates what they need for that:

* ``site_languages``: one link per language to the same page in that language
  (a relative URL, so that it works from any host or local folder), the current
  language marked; the switcher in the sidebar and footer renders it;
* ``site_alternates``: the absolute URLs of the page in every language, plus
  ``x-default`` (the original), for ``<link rel="alternate" hreflang>``;
* ``site_is_notfound``: whether this is the 404 page, which is served at any
  URL depth, so its links (its own and the switcher's) are absolute paths.

It also sets, from ``site_url`` and the build's language, ``html_baseurl``
(Sphinx's ``<link rel="canonical">``) and sphinx-notfound-page's
``notfound_urls_prefix``: conf.py cannot, because ``-D language=ru`` is
applied after conf.py runs. Configure it in ``conf.py``::

    site_url = "https://example.org/docs/"
    site_languages = [("en", "English"), ("ru", "Русский")]

The first language is the original, the ``x-default``.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes

from languages import language_tag

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata


def derive_urls(app: Sphinx, config: Config) -> None:
    """Set html_baseurl and notfound_urls_prefix for this build's language."""
    base = config.site_url + (config.language or config.site_languages[0][0]) + "/"
    config.html_baseurl = base
    config.notfound_urls_prefix = urlsplit(base).path


def page_url(app: Sphinx, from_page: str, language: str, pagename: str) -> str:
    """Link from ``from_page`` of this build to ``pagename`` in ``language``."""
    config = app.config
    if from_page == config.notfound_pagename:
        # The 404 page is served at any depth: only an absolute path works,
        # and the useful page in another language is its home page.
        return urlsplit(config.site_url).path + language + "/" + app.builder.get_target_uri(config.root_doc)
    target = app.builder.get_target_uri(pagename)
    here = posixpath.dirname(app.builder.get_target_uri(from_page))
    current = config.language or config.site_languages[0][0]
    return posixpath.relpath(f"/{language}/{target}", posixpath.join(f"/{current}", here))


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context: language links and alternates."""
    config = app.config
    current = config.language or config.site_languages[0][0]
    target = app.builder.get_target_uri(pagename)
    context["site_languages"] = [
        {
            "code": code,
            "tag": language_tag(code),
            "name": name,
            "url": page_url(app, pagename, code, pagename),
            "current": code == current,
        }
        for code, name in config.site_languages
    ]
    alternates = [(language_tag(code), f"{config.site_url}{code}/{target}") for code, _name in config.site_languages]
    context["site_alternates"] = [*alternates, ("x-default", alternates[0][1])]
    context["site_is_notfound"] = pagename == config.notfound_pagename


def absolute_links_on_notfound(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Make the 404 page's own links absolute: it is served at any URL depth."""
    if docname != app.config.notfound_pagename:
        return
    for reference in doctree.findall(nodes.reference):
        if reference.get("internal") and "refuri" in reference:
            reference["refuri"] = app.config.notfound_urls_prefix + reference["refuri"]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("site_url", "https://example.org/", "html", str)
    app.add_config_value("site_languages", [("en", "English")], "html", list)
    # The 404 page; derive_urls() sets its notfound_urls_prefix.
    app.setup_extension("notfound.extension")
    app.connect("config-inited", derive_urls, priority=400)
    app.connect("html-page-context", page_context)
    app.connect("doctree-resolved", absolute_links_on_notfound)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
