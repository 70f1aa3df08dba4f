"""`make gettext` lists every message the theme shows, in sphinx.pot, in one Sphinx build."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import theme_pot

TEMPLATES = Path(__file__).resolve().parents[2] / "docs" / "_templates"


def read_pot(path):
    with path.open("rb") as stream:
        return read_po(stream)


@pytest.mark.sphinx("gettext", testroot="theme-pot")
def test_the_gettext_build_writes_our_furos_and_the_search_scripts_messages(app):
    app.build()
    catalog = read_pot(app.outdir / "sphinx.pot")
    msgids = [message.id for message in catalog if message.id]
    # Ours first, trimmed; then furo's; then searchtools.js's, plural messages whole.
    assert msgids[0] == "Find a page"
    assert {"On this page", "Made with", "Back to top", "Search"} <= set(msgids)
    assert (
        "Search finished, found one page matching the search query.",
        "Search finished, found ${resultCount} pages matching the search query.",
    ) in msgids
    assert msgids.index("On this page") < msgids.index("Searching")
    # furo's search.html is overridden, and its Read the Docs parts are unused.
    assert "Please activate JavaScript to enable the search functionality." not in msgids
    assert "Edit this page" not in msgids
    assert "Project Home" not in msgids
    assert len(msgids) == len(set(msgids))
    assert all(not message.locations for message in catalog)
    assert catalog.project == "Theme test (theme)"


@pytest.mark.sphinx("text", testroot="theme-pot", srcdir="theme-pot-text")
def test_other_builders_write_no_catalog(app):
    app.build()
    assert not (app.outdir / "sphinx.pot").exists()


def test_the_sites_catalog_has_what_it_shows_and_nothing_of_read_the_docs():
    catalog = theme_pot.theme_catalog("Streaming Flask", [TEMPLATES], theme_pot.UNUSED)
    msgids = {message.id for message in catalog if message.id}
    # Strings this site shows, from our templates and furo's; none of Read the Docs'.
    assert {
        "On this page",
        "Made with %(sphinx)s and %(furo)s",
        "Skip to content",
        "Toggle site navigation sidebar",
        "Light mode",
        "Search",
    } <= msgids
    assert "Project Home" not in msgids
    assert "Made with " not in msgids
