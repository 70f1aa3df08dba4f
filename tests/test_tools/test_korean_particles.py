"""The Korean particle check: a particle after code follows the word's reading."""

from pathlib import Path

import pytest

from tools import catalogs
from tools.korean_particles import (
    expected_particle,
    final,
    number_reading,
    particle_problems,
    read_readings,
    words_before_particles,
)

READINGS = {"stream_template": "스트림템플릿", "curl": "컬", "Flask": "플라스크", "statement": "스테이트먼트"}


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("{func}`flask.stream_template`이 반환합니다", []),
        ("{func}`flask.stream_template`가 반환합니다", ["should end in '이'"]),
        ("`stream_template`는", ["should end in '은'"]),
        ("`stream_template`로", ["should end in '으로'"]),
        ("`stream_template`으로", []),
        # ㄹ: 으로 becomes 로, the other particles take their consonant form.
        ("`curl`로 요청합니다", []),
        ("`curl`으로", ["should end in '로'"]),
        ("`curl`은", []),
        ("`curl`는", ["should end in '은'"]),
        ("Flask는", []),
        ("Flask은", ["should end in '는'"]),
        # The copula after a vowel may keep its 이; after a consonant it must.
        ("Flask이며", []),
        ("`stream_template`며", ["should end in '이며'"]),
        # A gloss: the particle follows the Hangul word before the parentheses.
        ("문(statement)이", []),
        # Numbers are read by rule: 404 사, 200 백, 1.1 일.
        ("`404`가", []),
        ("`200`이", []),
        ("1.1을", []),
        ("1.1를", ["should end in '을'"]),
        # Particles of one form are no matter.
        ("`stream_template`의", []),
        ("`unknown_word`이", ["add a reading for unknown_word to locales/ko/readings.csv"]),
    ],
)
def test_particle_follows_the_reading(text, problems):
    found = particle_problems(text, READINGS)
    assert len(found) == len(problems), found
    for problem, wanted in zip(found, problems, strict=True):
        assert wanted in problem


def test_sounds_and_forms():
    assert (final("템플릿"), final("컬"), final("서버")) == ("consonant", "rieul", "vowel")
    assert (number_reading("404"), number_reading("200"), number_reading("1000")) == ("사", "백", "천")
    assert expected_particle("로부터", "consonant") == "으로부터"
    assert expected_particle("에서", "consonant") is None


def test_every_word_before_a_particle_in_the_catalogs_has_a_reading():
    readings = read_readings()
    problems = [
        problem
        for path in catalogs.catalogs(catalogs.LOCALES, ["ko"])
        for message in catalogs.messages(catalogs.read_catalog(path))
        for translation in catalogs.forms(message.string)
        if translation
        for problem in particle_problems(translation, readings)
        if "add a reading" in problem
    ]
    assert problems == []
    assert all(Path(catalogs.LOCALES / "ko" / "readings.csv").read_text(encoding="utf-8").splitlines())


def test_the_words_to_read_are_listed_from_the_translations(tmp_path):
    words = words_before_particles(["`stream_template`은 `404`가 Flask는 청크를 {func}`~flask.g`의", "(see `foo`)로"])
    # Numbers are read by rule and 의 has one form: neither needs a reading.
    assert words == {"stream_template", "Flask", "foo"}
    assert read_readings(tmp_path / "none.csv") == {}


def test_a_parenthesis_after_a_latin_word_is_no_gloss():
    # "x (`curl`)로": nothing Hangul before the parenthesis, so curl decides.
    assert particle_problems("도구(`curl`)로", READINGS) == []
    assert particle_problems("see (`curl`)로", READINGS) == []
    assert particle_problems("`curl`)로", READINGS) == []  # an unbalanced parenthesis
    assert particle_problems("see (`curl`)으로", READINGS) == [
        "Korean particle: '`curl`)으로' should end in '로' (curl is read 컬)"
    ]


def test_a_reading_must_be_hangul():
    with pytest.raises(ValueError, match="does not end in a Hangul syllable"):
        final("curl")
