"""Korean particles after code and Latin words follow the word's pronunciation.

A Korean particle has two forms, chosen by the last sound of the word before
it: after a final consonant 이, 은, 을, 과, 으로; after a vowel 가, 는, 를, 와, 로.
After a final ㄹ, 으로 becomes 로. Written after `stream_template`, the
particle follows how a Korean reader says the name (스트림템플릿: a final ㅂ,
so `stream_template`이), which no rule can guess from the Latin letters:
locales/ko/readings.csv gives the Hangul reading of every code span and
Latin word that a particle follows in the catalogs. Numbers are read by rule
(200 이백, 404 사백사). A word that is in neither fails the check with what to add.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

#: (after a final consonant, after a vowel): the particle forms that differ.
PAIRS = [("이", "가"), ("은", "는"), ("을", "를"), ("과", "와")]
#: The copula's forms: after a vowel its 이 may stay ("청크이며") or go ("청크며"), after a
#: consonant it must stay ("템플릿이며", never "템플릿며").
COPULA = [("이나", "나"), ("이라는", "라는"), ("이라고", "라고"), ("이란", "란"), ("이며", "며"), ("이다", "다")]
#: 으로 and its compounds (으로는, 으로도, 으로서, 으로만, 으로부터 ...): the ㄹ rule applies.
EURO = "으로"

#: A code span, a role ({func}`~flask.stream_template`), a link's text, or a Latin word or number,
#: directly followed by Hangul (the particle and what follows it).
WORD_AND_PARTICLE = re.compile(
    r"(?:\{[\w:-]+\}`(?P<role>[^`]*)`|(?P<ticks>`+)(?P<code>.+?)(?P=ticks)|\[(?P<link>[^\]]+)\]\([^)]*\)"
    r"|(?P<latin>[A-Za-z0-9_][A-Za-z0-9_.+#-]*))"
    r"(?P<close>[\"'”’)]*)(?P<hangul>[가-힣]*)"
)
READINGS = Path(__file__).resolve().parent.parent / "locales" / "ko" / "readings.csv"

DIGITS = "영일이삼사오육칠팔구"
#: The reading of a number ending in n zeros, by n: 십, 백, 천, 만.
TENS = {1: "십", 2: "백", 3: "천", 4: "만"}


def read_readings(path: Path = READINGS) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as stream:
        return {row["word"]: row["reading"] for row in csv.DictReader(stream)}


def spoken_word(match: re.Match[str]) -> str:
    """The word whose last sound decides the particle: the last Latin/number run of the span."""
    text = match.group("role") or match.group("code") or match.group("link") or match.group("latin")
    if match.group("role") is not None:
        titled = re.match(r"^(.*?)\s*<[^<>]+>\s*$", text, re.S)
        text = titled.group(1) if titled else text
    runs = re.findall(r"[A-Za-z0-9_]+|[가-힣]", text)
    return runs[-1] if runs else ""


def number_reading(word: str) -> str | None:
    """The Sino-Korean reading of a number's last part: 200 → 백, 404 → 사."""
    if not word.isdigit():
        return None
    stripped = word.rstrip("0")
    zeros = len(word) - len(stripped)
    if not stripped:
        return DIGITS[0]
    if zeros:
        return TENS.get(zeros, "만")
    return DIGITS[int(stripped[-1])]


def final(reading: str) -> str:
    """'vowel', 'rieul' (ㄹ) or 'consonant': the last sound of a Hangul reading."""
    code = ord(reading[-1]) - 0xAC00
    if not 0 <= code < 11172:
        raise ValueError(f"reading {reading!r} does not end in a Hangul syllable")
    coda = code % 28
    return "vowel" if coda == 0 else "rieul" if coda == 8 else "consonant"


def expected_particle(particle: str, sound: str) -> str | None:
    """The particle ``particle`` should be after ``sound``, or None when it has one form only."""
    for after_consonant, after_vowel in PAIRS:
        if particle in (after_consonant, after_vowel):
            # ㄹ is a final consonant like any other here: 컬은, 컬을.
            return after_vowel if sound == "vowel" else after_consonant
    for after_consonant, after_vowel in COPULA:
        if particle in (after_consonant, after_vowel):
            return after_consonant if sound != "vowel" else particle
    for form in (EURO, EURO[1:]):
        if particle.startswith(form):
            # 으로 only after a consonant other than ㄹ: 템플릿으로, but 컬로 and 서버로.
            rest = particle[len(form) :]
            return (EURO if sound == "consonant" else EURO[1:]) + rest
    return None


def particle_problems(translation: str, readings: dict[str, str]) -> list[str]:
    """Every particle of ``translation`` that does not fit the reading of the word before it."""
    problems = []
    for match in WORD_AND_PARTICLE.finditer(translation):
        hangul = match.group("hangul")
        if not hangul or expected_particle(hangul, "vowel") is None:
            continue  # a particle with one form (의, 에, 도 ...) or no particle
        word = _gloss_owner(translation, match) or spoken_word(match)
        if not word:
            continue
        reading = word if re.fullmatch(r"[가-힣]", word) else _reading(word, readings)
        if reading is None:
            problems.append(f"Korean particle: add a reading for {word} to locales/ko/readings.csv")
            continue
        wanted = expected_particle(hangul, final(reading))
        if wanted is not None and wanted != hangul:
            shown = match.group(0)
            problems.append(f"Korean particle: {shown!r} should end in {wanted!r} ({word} is read {reading})")
    return problems


def _gloss_owner(translation: str, match: re.Match[str]) -> str | None:
    """In 문(statement)이, the Hangul word before the parentheses, whose sound the particle follows."""
    close = match.group("close")
    if ")" not in close:
        return None
    end = match.start("close") + close.rindex(")")
    depth = 0
    for index in range(end, -1, -1):
        depth += {")": 1, "(": -1}.get(translation[index], 0)
        if depth == 0:
            before = translation[index - 1] if index else ""
            return before if re.fullmatch(r"[가-힣]", before) else None
    return None


def _reading(word: str, readings: dict[str, str]) -> str | None:
    """The table's reading of ``word`` as written, in lower or in upper case; a number's by rule."""
    for spelling in (word, word.lower(), word.upper(), word.capitalize()):
        if spelling in readings:
            return readings[spelling]
    return number_reading(word)


def words_before_particles(translations) -> set[str]:
    """The code and Latin words that a particle follows, in ``translations`` (to write readings.csv)."""
    words = set()
    for translation in translations:
        for match in WORD_AND_PARTICLE.finditer(translation):
            if match.group("hangul") and expected_particle(match.group("hangul"), "vowel") is not None:
                word = spoken_word(match)
                if word and not re.fullmatch(r"[가-힣]", word) and number_reading(word) is None:
                    words.add(word)
    return words
