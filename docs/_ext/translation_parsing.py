"""Parse the translated messages of a page without rebuilding MyST for each.

Sphinx translates a page by parsing every translated message (``msgstr``) as a
small document of its own (``sphinx.transforms.i18n.publish_msgstr``): about
500 of them per language here, against 8 pages. MyST (myst-parser 5.2) then
pays, for each message, what it pays once for a page:

* a new markdown-it parser with all its plugins (``create_md_parser``), about
  0.3 ms;
* a throwaway docutils document, built even though Sphinx passes its own
  (``options.get("document", make_document())`` evaluates its default first),
  whose default settings come from a new docutils ``OptionParser`` that
  declares some seventy options, about 0.9 ms.

That was most of what a translation added to a clean build (a Russian build
took 1.7 times as long as the English one). This extension keeps what does
not change during a build:

* docutils' ``OptionParser`` for a given set of components is built once;
  ``get_default_values()`` still returns new settings for every document;
* a markdown-it parser, once it has rendered, is kept for the next message with
  the same MyST configuration object and renderer. A parser still rendering
  (a nested parse) is never handed out, so no two parses share one.

The output is byte for byte that of a build without it (compared on the five
languages of the site when this was written); only the work is not repeated.
"""

from __future__ import annotations

import functools
import warnings
from typing import TYPE_CHECKING, Any

import myst_parser.mdit_to_docutils.base as myst_base
import myst_parser.parsers.sphinx_ as myst_sphinx
from docutils.frontend import OptionParser

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: MyST's own parser factory, which this module wraps.
create_md_parser = myst_sphinx.create_md_parser


@functools.cache
def option_parser(components: tuple[Any, ...]) -> OptionParser:
    """docutils' option parser for ``components``, built once per process."""
    # As docutils.frontend.get_default_settings() does: the class is deprecated
    # for applications that parse command lines, not for default settings.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        return OptionParser(components=components)


def default_settings(*components: Any) -> Any:
    """New default settings for ``components``, as docutils' own function gives."""
    # The values are shared with the cached parser's defaults, as docutils
    # shares them between the documents of one parser; none is mutated in place.
    return option_parser(components).get_default_values()


#: For each renderer, the parser that rendered last and its MyST config (kept
#: alive by this reference, so that ``is`` cannot confuse it with a new one).
#: One is enough: all the messages of a build share the build's config; a page
#: with front matter has a config of its own, and costs one more parser.
_idle_parsers: dict[type, tuple[object, MarkdownIt]] = {}


def reusable_md_parser(config: Any, renderer: type) -> MarkdownIt:
    """A markdown-it parser for ``config``: the idle one if it has that config."""
    idle_config, idle_parser = _idle_parsers.pop(renderer, (None, None))
    if idle_config is config:
        return idle_parser
    parser = create_md_parser(config, renderer)
    render = parser.render

    def render_then_release(src: str, env: Any = None) -> Any:
        try:
            return render(src, env)
        finally:
            _idle_parsers[renderer] = (config, parser)

    parser.render = render_then_release  # type: ignore[method-assign]
    return parser


def setup(app: Sphinx) -> ExtensionMetadata:
    # Process-wide and idempotent: every build in this process benefits, and a
    # second Sphinx application (tests build several) changes nothing.
    myst_base.get_default_settings = default_settings
    myst_sphinx.create_md_parser = reusable_md_parser
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
