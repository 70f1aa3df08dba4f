"""Numbers and quantities written the way the build's language writes them: the one helper.

Every figure of the site goes through here: the generated ones (bench_figures,
fanout_figures, compression_figures, results_tables) and the ones typed in the
prose, through two roles that a translation copies unchanged, like code::

    {number}`14006`       14,006 in English, Chinese and Korean; 14 006 in Russian
    {quantity}`84 MiB`    84 MiB, 84 МиБ ...
    {quantity}`20 s`      20 seconds, 20 секунд, 20초, 20秒

Babel's CLDR data decides the digits, the group and decimal separators, the
unit symbols and the space between number and unit (a no-break space in
Russian, none in Korean), so that no catalog writes a number by hand. Two
gaps of CLDR are filled here, in one place each:

* the binary units (KiB, MiB), which CLDR lacks: ``BINARY_SYMBOLS`` gives
  each language its symbol, written into CLDR's pattern of the decimal unit
  of the same size (so the spacing stays the language's). Russian writes
  «КиБ», «МиБ»: the IEC prefixes with Cyrillic letters, as ГОСТ IEC 80000-13
  and the Russian reviewers ask, matching the «МБ», «кБ» that CLDR gives for
  the decimal units; the other languages keep the Latin IEC symbols, as they
  keep CLDR's Latin MB and kB;
* CLDR's Russian "per second" pattern, ``{0}/c``, has a Latin c: the Cyrillic
  «с» of its own «20 с» is used (``PER_SECOND_FIXES``);
* English's short second is CLDR's "sec": the tables keep the SI symbol "s",
  beside "ms" and "MB/s" (``SHORT_SYMBOL_FIXES``);
* CLDR's Taiwanese byte is the English word "byte": Taiwan writes 位元組, as
  the catalogs do (``SHORT_SYMBOL_FIXES``);
* Russian does not split a number of four digits (1000 строк, 14 006 строк),
  a rule of Russian typesetting that CLDR records as minimumGroupingDigits
  but Babel does not apply (``MIN_GROUPING_DIGITS``).

Durations in prose take CLDR's long form ("20 seconds") where a language has
one that reads in a sentence, figures in tables and generated sentences the
short one ("20 s", "20 с", "20초"). Chinese prose writes the short form too:
CLDR's long Simplified second, 秒钟, is the spoken form, odd after a decimal.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from babel import Locale
from babel.numbers import format_decimal
from babel.units import format_compound_unit, format_unit
from docutils import nodes

if TYPE_CHECKING:
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: The unit symbols a page may write, and the CLDR unit of each (None: binary, see BINARY_SYMBOLS).
CLDR_UNITS = {
    "ms": "duration-millisecond",
    "s": "duration-second",
    "B": "digital-byte",
    "kB": "digital-kilobyte",
    "MB": "digital-megabyte",
    "GB": "digital-gigabyte",
}
#: Per unit: the decimal unit whose CLDR pattern a binary unit borrows, and its symbol per language.
BINARY_SYMBOLS = {
    "KiB": ("digital-kilobyte", {"en": "KiB", "ru": "КиБ", "ko": "KiB", "zh_CN": "KiB", "zh_TW": "KiB"}),
    "MiB": ("digital-megabyte", {"en": "MiB", "ru": "МиБ", "ko": "MiB", "zh_CN": "MiB", "zh_TW": "MiB"}),
    "GiB": ("digital-gigabyte", {"en": "GiB", "ru": "ГиБ", "ko": "GiB", "zh_CN": "GiB", "zh_TW": "GiB"}),
}
#: Rates: numerator / denominator.
RATES = {"MB/s": ("digital-megabyte", "duration-second")}
#: CLDR's Russian per-second pattern has a Latin "c" (U+0063) for the Cyrillic "с".
PER_SECOND_FIXES = {"ru": ("/c", "/с")}
#: English tables write the SI symbol "s", as in "10 MB/s" and "5 ms" beside it, not CLDR's "sec".
SHORT_SYMBOL_FIXES = {("en", "s"): (" sec", " s"), ("zh_TW", "B"): ("byte", "位元組")}
#: Languages that group digits only from five digits on (CLDR minimumGroupingDigits 2).
MIN_GROUPING_DIGITS = {"ru": 2}
#: Languages whose prose keeps the short form of durations and byte counts.
SHORT_IN_PROSE = ("zh_CN", "zh_TW")
UNITS = (*CLDR_UNITS, *BINARY_SYMBOLS, *RATES)

QUANTITY = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(\S+)\s*$")


def decimals(pattern_or_text: str) -> int:
    """The number of decimal places written in ``0.0`` or ``8.8``."""
    _, _, fraction = pattern_or_text.partition(".")
    return len(fraction)


def pattern_for(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def ungrouped(value: float | Decimal, language: str, pattern: str) -> str:
    """``pattern`` without grouping when ``language`` leaves ``value``'s digits together."""
    minimum = MIN_GROUPING_DIGITS.get(language, 1)
    return pattern.replace("#,##", "") if abs(value) < 10 ** (2 + minimum) else pattern


def number(value: float | Decimal, language: str, pattern: str = "#,##0") -> str:
    """``value`` written the way ``language`` writes numbers (CLDR's separators)."""
    return format_decimal(value, format=ungrouped(value, language, pattern), locale=_locale(language))


def quantity(value: float | Decimal, unit: str, language: str, pattern: str = "#,##0", length: str = "short") -> str:
    """``value`` with ``unit`` (one of ``UNITS``), written the way ``language`` writes them."""
    locale = _locale(language)
    pattern = ungrouped(value, language, pattern)
    if unit in CLDR_UNITS:
        if "other" not in locale._data["unit_patterns"][CLDR_UNITS[unit]].get(length, {}):
            # Korean and Taiwanese CLDR have only a "per" pattern for long seconds,
            # where Babel would write the unit's id ("20 duration-second").
            length = "short"
        written = format_unit(value, CLDR_UNITS[unit], length=length, format=pattern, locale=locale)
        wrong, right = SHORT_SYMBOL_FIXES.get((language, unit), ("", "")) if length == "short" else ("", "")
        return written.replace(wrong, right) if wrong else written
    if unit in BINARY_SYMBOLS:
        decimal_unit, symbols = BINARY_SYMBOLS[unit]
        written = format_unit(value, decimal_unit, length="short", format=pattern, locale=locale)
        decimal_symbol = (
            format_unit(1, decimal_unit, length="short", format="0", locale=locale).replace("1", "").strip()
        )
        return written.replace(decimal_symbol, symbols.get(language, symbols["en"]))
    if unit in RATES:
        numerator, denominator = RATES[unit]
        written = format_compound_unit(
            value, numerator, denominator_unit=denominator, length="short", format=pattern, locale=locale
        )
        wrong, right = PER_SECOND_FIXES.get(language, ("", ""))
        return written.replace(wrong, right) if wrong else written
    raise ValueError(f"unknown unit {unit!r}: write one of {', '.join(UNITS)} (docs/_ext/quantities.py)")


def duration(ms: float, language: str) -> str:
    """A duration from milliseconds: ``5 ms`` below a second, ``8.8 s`` from one second on."""
    return quantity(ms, "ms", language) if ms < 1000 else quantity(ms / 1000, "s", language, "0.0")


def parse_quantity(text: str) -> tuple[Decimal, str, int]:
    """``84 MiB`` as (value, unit, decimal places); a clear ValueError otherwise."""
    match = QUANTITY.match(text)
    if not match or match.group(2) not in UNITS:
        raise ValueError(f"{text!r} is not a quantity: write a number, a space and one of {', '.join(UNITS)}")
    return Decimal(match.group(1)), match.group(2), decimals(match.group(1))


def parse_number(text: str) -> tuple[Decimal, int]:
    """``14006`` or ``0.5`` as (value, decimal places); a clear ValueError otherwise."""
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", text.strip()):
        raise ValueError(f"{text!r} is not a number: write digits only, with a dot for decimals (14006, 0.5)")
    return Decimal(text.strip()), decimals(text.strip())


def _locale(language: str) -> Locale:
    return Locale.parse(language or "en")


# -- roles ---------------------------------------------------------------------


def _language(inliner: Inliner) -> str:
    return inliner.document.settings.env.config.language or "en"


def _error(inliner: Inliner, lineno: int, rawtext: str, message: str):
    problem = inliner.reporter.error(message, line=lineno)
    return [inliner.problematic(rawtext, rawtext, problem)], [problem]


def number_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """{number}`14006`: the number, written the way the page's language writes it."""
    try:
        value, places = parse_number(text)
    except ValueError as error:
        return _error(inliner, lineno, rawtext, str(error))
    written = number(value, _language(inliner), pattern_for(places))
    # "figure" names the role for translation_safety, which holds a translation to the English figures.
    return [nodes.inline(rawtext, written, classes=["number"], figure=f"number:{text}")], []


def quantity_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """{quantity}`84 MiB`: the quantity, written the way the page's language writes it."""
    try:
        value, unit, places = parse_quantity(text)
    except ValueError as error:
        return _error(inliner, lineno, rawtext, str(error))
    # A duration or a byte count in a sentence reads as words: "20 seconds", "80 bytes", "20 секунд".
    language = _language(inliner)
    length = "long" if unit in ("s", "ms", "B") and language not in SHORT_IN_PROSE else "short"
    written = quantity(value, unit, language, pattern_for(places), length)
    return [nodes.inline(rawtext, written, classes=["quantity"], figure=f"quantity:{text}")], []


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_role("number", number_role)
    app.add_role("quantity", quantity_role)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
