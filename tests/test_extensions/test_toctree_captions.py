"""Toctree captions are headings with a level (docs/_ext/toctree_captions.py)."""

import pytest

import toctree_captions

LEVEL_2 = '<p class="caption" role="heading" aria-level="2"><span class="caption-text">The chapter</span>'


@pytest.mark.sphinx("html", testroot="toctree-captions")
def test_the_toctree_caption_gets_aria_level_2(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert LEVEL_2 in html
    assert toctree_captions.CAPTION_TAG not in html
    # Other captions are left as Sphinx writes them.
    assert '<span class="caption-text">Not a toctree caption</span>' in html
    assert html.count('role="heading"') == 1


@pytest.mark.sphinx(
    "html", testroot="toctree-captions", srcdir="toctree-captions-level-3", confoverrides={"toctree_caption_level": 3}
)
def test_the_level_is_configurable(app):
    app.build()
    assert 'role="heading" aria-level="3">' in (app.outdir / "index.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("gettext", testroot="toctree-captions", srcdir="toctree-captions-gettext")
def test_a_builder_without_html_is_left_alone(app):
    app.build()
    assert "gettext" not in app.registry.translators
    assert (app.outdir / "index.pot").exists()


def test_the_wrapper_keeps_the_translator_it_wraps():
    from sphinx.writers.html5 import HTML5Translator

    wrapped = toctree_captions.with_caption_level(HTML5Translator)
    assert issubclass(wrapped, HTML5Translator)
    assert wrapped.__name__ == "CaptionLevelHTML5Translator"
