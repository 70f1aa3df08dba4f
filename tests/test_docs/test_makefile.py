"""The Makefile's interface: `make help`, the LANG allow-list, and real builds."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from languages import all_languages

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = all_languages()


def test_help_lists_every_target(run_make):
    targets = re.findall(r"^([a-z][a-z-]*):.*## ", (ROOT / "Makefile").read_text(), re.M)
    result = run_make("help")
    assert result.returncode == 0
    assert len(targets) >= 6
    for target in targets:
        assert re.search(rf"^  {target} ", result.stdout, re.M), target


@pytest.mark.parametrize("lang", ["de", "ru_RU", "EN", "zh"])
def test_unknown_lang_fails_and_lists_the_supported_ones(run_make, lang):
    result = run_make("html", f"LANG={lang}")
    assert result.returncode != 0
    assert f"Unknown LANG={lang}. Supported: {' '.join(LANGUAGES)} (en is the default)" in result.stderr
    assert "sphinx-build" not in result.stdout


@pytest.mark.parametrize("env_lang", ["C.UTF-8", "en_US.UTF-8", "ru_RU.UTF-8", "ko"])
def test_environment_locale_does_not_choose_the_language(run_make, env_lang):
    result = run_make("-n", "html", env_lang=env_lang)
    assert result.returncode == 0, result.stderr
    assert "--define language" not in result.stdout
    assert "_build/html/en" in result.stdout


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_command_line_lang_chooses_language_and_output(run_make, lang):
    result = run_make("-n", "html", f"LANG={lang}")
    assert result.returncode == 0, result.stderr
    assert f"--define language={lang}" in result.stdout
    assert f"--doctree-dir _build/doctrees/{lang} " in result.stdout
    assert f"_build/html/{lang}" in result.stdout


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_translated_build_has_no_warning_and_speaks_its_language(site_build, lang):
    result, site = site_build
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert_speaks(site / lang, lang)


def test_make_html_with_a_command_line_lang_builds_that_language(behind_build):
    # One real `make html LANG=ru` (the site builds every language through the
    # same recipe), shared with the translation banner's tests: LANG=ru on the
    # command line must not reach sphinx-build's locale.setlocale(), and a
    # locale the machine lacks (en_US.UTF-8 here) must not break the build.
    result = behind_build.result
    assert "LANG=ru" in result.args
    assert "--define language=ru" in result.stdout
    assert "WARNING" not in result.stderr
    assert_speaks(behind_build.html, behind_build.lang)


def assert_speaks(html, lang):
    basics = (html / "basics.html").read_text()
    assert re.search(f'<html [^>]*lang="{lang.replace("_", "-")}"', basics)
    # The page title and the theme's strings come from the language's catalogs.
    title = translation(lang, "basics", "Streaming basics")
    assert f"<h1>{title}" in basics
    assert translation(lang, "sphinx", "On this page") in basics
    assert ">Streaming basics<" not in basics


def translation(lang, catalog, msgid):
    with (ROOT / "locales" / lang / "LC_MESSAGES" / f"{catalog}.po").open("rb") as stream:
        string = read_po(stream)[msgid].string
    assert string
    assert string != msgid
    return string
