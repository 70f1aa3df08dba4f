"""{number} and {quantity}: one figure of the English source, written each language's way."""

import re

import pytest

import quantities


def text_of(app):
    """The page's text, its lines joined; no-break spaces kept (str.split would take them)."""
    return re.sub(r"[ \n]+", " ", (app.outdir / "index.txt").read_text(encoding="utf-8"))


@pytest.mark.sphinx("text", testroot="quantities")
def test_english_writes_figures_with_commas_and_words(app):
    app.build()
    text = text_of(app)
    assert "For 2,000 rows, the tests count 14,006 chunks." in text
    assert "84 MiB, at 10 MB/s, in 20 seconds; a tick every 0.1 seconds." in text


@pytest.mark.sphinx("text", testroot="quantities", srcdir="quantities-ru", confoverrides={"language": "ru"})
def test_russian_groups_with_a_no_break_space_and_writes_cyrillic_units(app):
    app.build()
    text = text_of(app)
    # CLDR's Russian group separator is a no-break space, the decimal mark a comma;
    # a number of four digits stays whole.
    assert "Для 2000 строк тесты насчитывают 14\xa0006 фрагментов." in text
    assert "Воркер вырос на 84 МиБ, при 10 МБ/с, за 20 секунд; тик каждые 0,1 секунды." in text
    # A translation that types the figure by hand is reported: the build's own guard.
    warnings = app.warning.getvalue()
    assert "the ru translation drops the figure {number}`100000`" in warnings
    assert "the ru translation adds the figure {number}`5`" in warnings


@pytest.mark.sphinx("text", testroot="quantities", srcdir="quantities-ko", confoverrides={"language": "ko"})
def test_an_untranslated_message_still_writes_the_languages_figures(app):
    app.build()
    # No Korean catalog: the English words, with Korean figures and units (CLDR: no space before 초).
    assert "84MiB, at 10MB/s, in 20초; a tick every 0.1초." in text_of(app)
    assert "14,006 chunks" in text_of(app)


@pytest.mark.parametrize(
    ("language", "number", "quantity"),
    [
        ("en", "14,006", "168 MiB"),
        ("zh_CN", "14,006", "168 MiB"),
        ("zh_TW", "14,006", "168 MiB"),
        ("ko", "14,006", "168MiB"),
        ("ru", "14\xa0006", "168 МиБ"),
    ],
)
def test_one_helper_writes_each_languages_way(language, number, quantity):
    assert quantities.number(14006, language) == number
    assert quantities.quantity(168, "MiB", language) == quantity


def test_units_that_cldr_gets_wrong_or_lacks_are_fixed_in_one_place():
    # CLDR's Russian per-second pattern has a Latin c.
    assert quantities.quantity(10, "MB/s", "ru") == "10 МБ/с"
    assert "c" not in quantities.quantity(10, "MB/s", "ru")
    # English tables write the SI second, not CLDR's "sec"; prose writes the word.
    assert quantities.duration(8800, "en") == "8.8 s"
    assert quantities.quantity(20, "s", "en", length="long") == "20 seconds"
    # Korean CLDR has no long second: the short one, not Babel's "duration-second".
    assert quantities.quantity(20, "s", "ko", length="long") == "20초"


def test_russian_keeps_four_digits_together_and_groups_from_five():
    assert [quantities.number(n, "ru") for n in (1000, 9999, 10000)] == ["1000", "9999", "10\xa0000"]
    assert quantities.quantity(1024, "KiB", "ru") == "1024 КиБ"
    assert quantities.number(-1000, "ru") == "-1000"
    assert quantities.number(1000, "en") == "1,000"


def test_chinese_writes_its_own_units_in_prose():
    # Taiwan writes 位元組 for a byte, where CLDR has the English word.
    assert quantities.quantity(80, "B", "zh_TW") == "80 位元組"
    assert quantities.quantity(80, "B", "zh_CN") == "80 B"


@pytest.mark.sphinx("text", testroot="quantities", srcdir="quantities-zh", confoverrides={"language": "zh_CN"})
def test_chinese_prose_writes_the_short_second(app):
    app.build()
    # CLDR's long Simplified second is 秒钟, the spoken form; prose writes 秒.
    assert "20秒" in text_of(app)
    assert "秒钟" not in text_of(app)


def test_a_figure_that_is_not_one_is_a_clear_error():
    with pytest.raises(ValueError, match="not a quantity"):
        quantities.parse_quantity("84 megs")
    with pytest.raises(ValueError, match="not a number"):
        quantities.parse_number("14 006")
    assert quantities.parse_quantity("0.5 s")[2] == 1


def test_an_unknown_unit_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown unit 'furlong'"):
        quantities.quantity(1, "furlong", "en")


@pytest.mark.sphinx("text", testroot="quantities", srcdir="quantities-bad")
def test_a_role_that_is_no_figure_fails_the_build_with_what_to_write(app):
    (app.srcdir / "index.md").write_text("# Bad\n\n{number}`14 006` and {quantity}`84 megs`.\n", encoding="utf-8")
    app.build()
    warnings = app.warning.getvalue()
    assert "'14 006' is not a number: write digits only" in warnings
    assert "'84 megs' is not a quantity" in warnings
