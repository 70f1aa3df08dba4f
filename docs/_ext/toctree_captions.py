"""Give every toctree caption a heading level, as ARIA requires.

Sphinx writes a toctree's caption (the sidebar's "The chapter", and the one of
the home page's table of contents) as ``<p class="caption" role="heading">``.
A ``role="heading"`` without ``aria-level`` is invalid ARIA (axe's
``aria-required-attr``, "critical"), and screen readers guess a level. This
extension adds ``aria-level``: the captions head a list of pages, under the
page's ``<h1>``, so level 2 by default (``toctree_caption_level`` in conf.py).
It wraps the translator of every HTML builder in use, so that it keeps any
other translator an extension or theme set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.writers.html5 import HTML5Translator

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: The tag that Sphinx's HTML5Translator.visit_title() writes for a toctree caption.
CAPTION_TAG = '<p class="caption" role="heading">'


def with_caption_level(translator_class: type[HTML5Translator]) -> type[HTML5Translator]:
    """A subclass of ``translator_class`` that writes aria-level on toctree captions."""

    class CaptionLevelTranslator(translator_class):
        def visit_title(self, node: nodes.Element) -> None:
            start = len(self.body)
            super().visit_title(node)
            level = self.builder.config.toctree_caption_level
            for index in range(start, len(self.body)):
                if self.body[index] == CAPTION_TAG:
                    self.body[index] = f'<p class="caption" role="heading" aria-level="{level}">'

    CaptionLevelTranslator.__name__ = f"CaptionLevel{translator_class.__name__}"
    return CaptionLevelTranslator


def wrap_translator(app: Sphinx) -> None:
    """builder-inited: wrap this builder's translator, if it writes HTML."""
    builder = app.builder
    # Builders that write no HTML (gettext, linkcheck) have no translator class.
    translator_class = app.registry.translators.get(builder.name) or getattr(builder, "default_translator_class", None)
    if isinstance(translator_class, type) and issubclass(translator_class, HTML5Translator):
        app.set_translator(builder.name, with_caption_level(translator_class), override=True)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("toctree_caption_level", 2, "html", int)
    app.connect("builder-inited", wrap_translator)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
