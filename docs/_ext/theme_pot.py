"""Extract the theme's messages into ``sphinx.pot``, in the same gettext build as the pages'.

Sphinx looks up the strings of the HTML templates in the ``sphinx`` domain:
first in ``locale_dirs`` (``locales/<lang>/LC_MESSAGES/sphinx.po``), then in its
own catalogs, which lack many of furo's strings and some of its own search
page's. Sphinx's gettext builder does not list those: it reads only
``templates_path``, relative to the source directory (so not even ours, which
are relative to conf.py), and cannot extract plural messages. So, when the
gettext builder finishes, this extension writes ``sphinx.pot`` with

* the messages of our templates (``templates_path``),
* those of furo's templates that ours do not override, except the Read the
  Docs parts this site does not use (``theme_pot_unused_templates``),
* those of Sphinx's search page scripts, which docs/_ext/js_translations.py
  lays over ``translations.js``, plural messages included,
* those of sphinx-copybutton's button, which docs/_ext/copybutton_messages.py
  lays over ``copybutton.js``,

in that order, without locations, so that ``make update-po`` merges the same
catalog into every language's ``sphinx.po`` and is idempotent.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import furo
import sphinx
from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_from_dir
from babel.messages.pofile import write_po

import copybutton_messages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

FURO_TEMPLATES = Path(furo.__file__).parent / "theme" / "furo"
SPHINX_STATIC = Path(sphinx.__file__).parent / "themes" / "basic" / "static"
#: The scripts whose messages translations.js carries.
SCRIPTS = ("searchtools.js", "sphinx_highlight.js")
#: furo's Read the Docs parts, which a site outside Read the Docs never shows.
UNUSED = [
    "sidebar/rtd-versions.html",
    "sidebar/variant-selector.html",
    "sidebar/ethical-ads.html",
    "components/edit-this-page.html",
    "components/view-this-page.html",
]


def template_messages(directory: Path, skip: set[Path]) -> list[str | tuple[str, ...]]:
    """The translatable strings of the Jinja templates under ``directory``, but ``skip``."""
    found = extract_from_dir(
        directory,
        method_map=[("**.html", "jinja2")],
        options_map={"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
    )
    return [message for filename, _line, message, _comments, _context in found if Path(filename) not in skip]


def script_messages(script: Path) -> list[str | tuple[str, ...]]:
    """The strings of a Sphinx script marked with ``_()`` or ``ngettext()``."""
    with script.open("rb") as stream:
        found = extract("javascript", stream, keywords={"_": None, "ngettext": (1, 2)})
        return [message for _line, message, _comments, _context in found]


def theme_catalog(project: str, templates: list[Path], unused: list[str]) -> Catalog:
    """Every message of our templates, furo's, Sphinx's search scripts and copybutton's, once, in that order."""
    overridden = {path.relative_to(base) for base in templates for path in base.rglob("*.html")}
    catalog = Catalog(project=f"{project} (theme)", charset="utf-8")
    messages = [message for base in templates for message in template_messages(base, set())]
    messages += template_messages(FURO_TEMPLATES, overridden | {Path(name) for name in unused})
    messages += [message for script in SCRIPTS for message in script_messages(SPHINX_STATIC / script)]
    messages += list(copybutton_messages.ENGLISH.values())
    for message in messages:
        catalog.add(message, locations=[])
    return catalog


def write_theme_pot(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.name != "gettext":
        return
    templates = [Path(app.confdir, directory) for directory in app.config.templates_path]
    catalog = theme_catalog(app.config.project, templates, app.config.theme_pot_unused_templates)
    with (Path(app.outdir) / "sphinx.pot").open("wb") as stream:
        write_po(stream, catalog, width=0, no_location=True, omit_header=False)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("theme_pot_unused_templates", UNUSED, "env", list)
    app.connect("build-finished", write_theme_pot)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
