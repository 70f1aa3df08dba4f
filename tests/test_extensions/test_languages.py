"""The site's languages come from the folders of locales/, named in their own language."""

import pytest

import languages


@pytest.fixture
def locales(tmp_path):
    """Three translations: two with catalogs and a name file, one (ja) with catalogs only."""
    for code, name in [("ru", "Русский\n"), ("zh_TW", "繁體中文\n"), ("ja", None)]:
        (tmp_path / code / "LC_MESSAGES").mkdir(parents=True)
        if name:
            (tmp_path / code / "name.txt").write_text(name, encoding="utf-8")
    # Not a language: a folder without catalogs, and a stray file.
    (tmp_path / "drafts").mkdir()
    (tmp_path / "README").write_text("notes")
    return tmp_path


def test_the_translations_are_the_folders_with_catalogs_sorted(locales):
    assert languages.translations(locales) == ["ja", "ru", "zh_TW"]
    assert languages.all_languages(locales) == ["en", "ja", "ru", "zh_TW"]


def test_each_language_is_named_in_its_own_language(locales):
    assert languages.site_languages(locales) == [
        ("en", "English"),
        ("ja", "日本語"),
        ("ru", "Русский"),
        ("zh_TW", "繁體中文"),
    ]


def test_without_a_name_file_cldr_names_the_language_capitalised(tmp_path):
    (tmp_path / "uk" / "LC_MESSAGES").mkdir(parents=True)
    assert languages.display_name("uk", tmp_path) == "Українська"


def test_the_real_site_has_english_first_and_every_locales_folder():
    codes = languages.all_languages()
    assert codes[0] == languages.ORIGINAL == "en"
    assert codes[1:] == sorted(path.parent.name for path in languages.LOCALES.glob("*/LC_MESSAGES"))
    assert {"zh_CN", "zh_TW", "ru", "ko"} <= set(codes)


@pytest.mark.parametrize(("code", "tag"), [("en", "en"), ("zh_TW", "zh-TW"), ("zh_CN", "zh-CN")])
def test_the_language_tag_is_bcp_47(code, tag):
    assert languages.language_tag(code) == tag
