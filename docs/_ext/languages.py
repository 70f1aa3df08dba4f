"""The languages of the site, read from the catalogs rather than from a list.

English is the original. Every folder ``locales/<lang>/`` that holds an
``LC_MESSAGES`` folder is a translation, so adding a language is adding its
catalogs (and its glossary): the Makefile, conf.py, the extensions, the tools
and the tests all ask this module, or derive the same list the same way.

A language is shown under its own name. CLDR (through Babel) has it, but not
always in the form a reader expects in a language menu (``русский`` is
lower-case, ``中文 (简体, 中国)`` is not how the Chinese sites name themselves),
so ``locales/<lang>/name.txt`` may give it; without that file, CLDR's name is used.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale

#: The language the pages are written in; its pages are the x-default.
ORIGINAL = "en"
ORIGINAL_NAME = "English"
#: Where the translations are, one folder per language.
LOCALES = Path(__file__).resolve().parents[2] / "locales"


def translations(locales: Path = LOCALES) -> list[str]:
    """The codes of the translated languages: the folders with catalogs, sorted."""
    return sorted(path.parent.name for path in locales.glob("*/LC_MESSAGES") if path.is_dir())


def all_languages(locales: Path = LOCALES) -> list[str]:
    """The original first, then every translation."""
    return [ORIGINAL, *translations(locales)]


def display_name(code: str, locales: Path = LOCALES) -> str:
    """The language's name in that language: ``name.txt``, else CLDR's."""
    if code == ORIGINAL:
        return ORIGINAL_NAME
    override = locales / code / "name.txt"
    if override.is_file():
        return override.read_text(encoding="utf-8").strip()
    name = Locale.parse(code).get_display_name(code)
    return name[:1].upper() + name[1:]


def language_tag(code: str) -> str:
    """The BCP 47 tag of a Sphinx language code, for hreflang and lang: ``zh_TW`` -> ``zh-TW``."""
    return code.replace("_", "-")


def site_languages(locales: Path = LOCALES) -> list[tuple[str, str]]:
    """(code, own name) of every language, the original first."""
    return [(code, display_name(code, locales)) for code in all_languages(locales)]
