"""Each language of the site as one EPUB, and a link to it on every page.

Sphinx's epub builder makes the book (``make epub LANG=ru``); ``make site``
builds it after the language's HTML, from the same doctrees, and puts it beside
that language's pages. This extension

* names the book and its metadata after the build's language, which conf.py
  cannot do (``-D language=ru`` is applied after conf.py runs): the file
  ``streaming-flask-<lang>.epub``, ``<dc:language>`` as a BCP 47 tag
  (``zh-TW``), and an identifier of its own, the language's address on the site;
* builds the book with the epub theme's templates first: our ``page.html``
  extends furo's, which the epub builder does not load; our other templates
  (partials the extensions render) are still found, after the theme's;
* gives the HTML pages ``epub_download_url``, the book's address relative to the
  page, when ``epub_download_link`` is set (``make site`` sets it, since only
  that build puts the book beside the pages); the sidebar links it.

Configure in conf.py::

    epub_download_basename = "streaming-flask"   # -> streaming-flask-ru.epub
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from languages import language_tag

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata


def book_name(config: Config) -> str:
    """The book's file name without ``.epub``, for the build's language."""
    return f"{config.epub_download_basename}-{config.language or 'en'}"


def name_the_book(app: Sphinx, config: Config) -> None:
    """Set the epub_* values that depend on the build's language."""
    language = config.language or "en"
    config.epub_basename = book_name(config)
    config.epub_language = language_tag(language)
    config.epub_identifier = f"{config.site_url}{language}/"
    config.epub_uid = book_name(config)


def epub_theme_first(app: Sphinx) -> None:
    """Look templates up in the epub theme first, then in templates_path."""
    if app.builder.name != "epub":
        return
    loader = app.builder.templates
    ours = loader.templatepathlen
    loader.loaders = loader.loaders[ours:] + loader.loaders[:ours]
    loader.pathchain = loader.pathchain[ours:] + loader.pathchain[:ours]
    loader.templatepathlen = 0


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """html-page-context: the book's address, relative to the page."""
    if app.builder.name == "html" and app.config.epub_download_link:
        context["epub_download_url"] = context["pathto"](book_name(app.config) + ".epub", resource=True)


def setup(app: Sphinx) -> ExtensionMetadata:
    # site_url, which names the book, is the site's setting.
    app.setup_extension("site_languages")
    app.add_config_value("epub_download_basename", "book", "env", str)
    app.add_config_value("epub_download_link", False, "html", bool)
    app.connect("config-inited", name_the_book, priority=400)
    app.connect("builder-inited", epub_theme_first)
    app.connect("html-page-context", page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
