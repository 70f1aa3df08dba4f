"""Our theme catalog reaches the messages of Sphinx's search page script."""

import json

import pytest

import js_translations

PLURAL = "Search finished, found one page matching the search query."


def messages_of(path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])["messages"]


@pytest.mark.sphinx("html", testroot="js-translations")
def test_catalog_translations_are_laid_over_sphinx_own(app):
    app.build()
    messages = messages_of(app.outdir / "_static" / "translations.js")
    assert messages["Search Results"] == "Найдено"
    # Sphinx's Russian plural expression counts four forms; the last fills the fourth.
    assert messages[PLURAL] == [
        "Одна: ${resultCount}",
        "Несколько: ${resultCount}",
        "Много: ${resultCount}",
        "Много: ${resultCount}",
    ]
    # Fuzzy and empty messages leave Sphinx's own translation in place.
    assert messages["Searching"] != "Неточно"
    assert messages["Preparing search..."] != ""


@pytest.mark.sphinx("html", testroot="js-translations", srcdir="js-translations-en", confoverrides={"language": "en"})
def test_english_build_is_left_alone(app):
    app.build()
    assert not (app.outdir / "_static" / "translations.js").exists()


@pytest.mark.sphinx("text", testroot="js-translations")
def test_other_builders_are_left_alone(app):
    app.build()
    assert not (app.outdir / "_static").exists()


@pytest.mark.sphinx(
    "html", testroot="js-translations", srcdir="js-translations-none", confoverrides={"locale_dirs": ["nowhere"]}
)
def test_no_catalog_changes_nothing(app):
    app.build()
    assert messages_of(app.outdir / "_static" / "translations.js")["Search Results"] != "Найдено"


def test_overlay_replaces_strings_and_adds_new_ones():
    original = 'Documentation.addTranslations({"locale": "ko", "messages": {"a": "x"}, "plural_expr": "0"});'
    result = js_translations.overlay(original, {"a": "가", "b": ["나"]})
    data = json.loads(result[result.index("(") + 1 : result.rindex(")")])
    assert data == {"locale": "ko", "messages": {"a": "가", "b": ["나"]}, "plural_expr": "0"}


def test_a_message_the_templates_refuse_stays_sphinx_own(tmp_path):
    catalog_dir = tmp_path / "ru" / "LC_MESSAGES"
    catalog_dir.mkdir(parents=True)
    (catalog_dir / "sphinx.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Search Results"\nmsgstr "Найдено<img src=x onerror=alert(1)>"\n\n'
        'msgid "Searching"\nmsgstr "Поиск"\n\n'
        'msgid "One page"\nmsgid_plural "%(count)s pages"\n'
        'msgstr[0] "Одна"\nmsgstr[1] "%(cuont)s страниц"\n',
        encoding="utf-8",
    )
    assert js_translations.theme_translations(tmp_path, ["."], "ru") == {"Searching": "Поиск"}
