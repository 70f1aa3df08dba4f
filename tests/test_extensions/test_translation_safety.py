"""The build refuses markup that a translation adds, in pages and in the theme's strings.

The test project (roots/test-translation-safety) is a hostile translator's
work: its Russian page catalog adds a <script>, an <img onerror> and a comment
to paragraphs and an escaped <img onerror> to a title; its theme catalog adds
a <script> to "Back to top" and misspells the placeholder of "Found %(count)s
pages". Without the extension the scripts reach the published page and the
misspelt placeholder stops the build with a bare KeyError that names neither
file nor line; with it, each is a warning with its file and line, the markup
is removed, and the theme shows its English.
"""

import json
import re
from pathlib import Path

import pytest
from sphinx.errors import ThemeError

from translation_safety import new_markup, new_urls, placeholder_problems, proof_problems, theme_problems

CATALOGS = Path(__file__).with_name("roots") / "test-translation-safety" / "locales" / "ru" / "LC_MESSAGES"


def msgid_line(catalog: Path, msgid: str) -> int:
    lines = catalog.read_text(encoding="utf-8").splitlines()
    return lines.index(f'msgid "{msgid}"') + 1


def warnings_of(app) -> str:
    # Sphinx colours the warnings of a terminal; the test reads them plain.
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


@pytest.mark.sphinx("html", testroot="translation-safety", freshenv=True)
def test_markup_from_a_page_catalog_is_removed_with_its_line(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    article = html.split("<article")[1].split("</article>")[0]
    assert "<script>" not in article
    assert "<!--" not in article
    assert "onerror" not in html
    assert "<p>Простой абзац alert(1).</p>" in html
    assert "<p>Другой абзац .</p>" in html
    # Markup that the English has stays markup.
    assert "<p>Нажмите <kbd>Ctrl</kbd> сейчас.</p>" in html
    warnings = warnings_of(app)
    source = app.srcdir / "index.md"
    for line, markup in [
        (3, "<script>"),
        (3, "</script>"),
        (5, "<img src=x onerror=alert(2)>"),
        (9, "<!-- <script>alert(3)</script> -->"),
        (11, "<img src=x onerror=alert(5)>"),
    ]:
        assert (
            f"{source}:{line}: WARNING: HTML in the ru translation, not in the English: {markup!r}; removed [i18n.html]"
        ) in warnings
    assert warnings.count("[i18n.html]") == 5


@pytest.mark.sphinx("html", testroot="translation-safety", freshenv=True)
def test_escaped_markup_in_a_translated_title_does_not_reach_the_search_page(app):
    app.build()
    index = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    # searchtools.js writes these titles into the results with innerHTML.
    titles = json.loads(re.search(r'"alltitles":(\{[^}]*\})', index).group(1))
    assert "Встраивание <iframe> " in titles
    assert not [title for title in titles if "onerror" in title]


@pytest.mark.sphinx("html", testroot="translation-safety", freshenv=True)
def test_unsafe_or_broken_theme_strings_are_refused_with_their_line(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "alert(4)" not in html
    # The refused strings are shown in English, the others translated.
    assert re.search(r"<span>\s*Back to top\s*</span>", html)
    assert '<p class="pages-found">Found 3 pages</p>' in html
    assert "Перейти к содержимому" in html
    warnings = warnings_of(app)
    catalog = app.srcdir / "locales" / "ru" / "LC_MESSAGES" / "sphinx.po"
    assert (
        f"{catalog}:{msgid_line(CATALOGS / 'sphinx.po', 'Back to top')}: WARNING: HTML not in the English: "
        "['</script>', '<script>']; the English is used instead [i18n.theme]"
    ) in warnings
    assert (
        f"{catalog}:{msgid_line(CATALOGS / 'sphinx.po', 'Found %(count)s pages')}: WARNING: placeholders "
        "differ: ['%(count)s'] became ['%(cuont)s']; the English is used instead [i18n.theme]"
    ) in warnings
    # A plural is refused whole, a fuzzy message is not used anyway.
    assert (
        f"{catalog}:{msgid_line(CATALOGS / 'sphinx.po', 'Found one page')}: WARNING: HTML not in the English: "
        "['</b>', '<b>']; the English is used instead [i18n.theme]"
    ) in warnings
    assert warnings.count("[i18n.theme]") == 3


@pytest.mark.sphinx(
    "html",
    testroot="translation-safety",
    freshenv=True,
    confoverrides={"extensions": ["myst_parser"], "templates_path": []},
)
def test_without_the_extension_the_scripts_reach_the_page(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    # Sphinx's templates do not escape a theme string, nor MyST a page's raw HTML.
    assert "<script>alert(4)</script>Наверх" in html
    assert "<script>alert(1)</script>" in html
    assert "<img src=x onerror=alert(2)>" in html
    assert "[i18n" not in warnings_of(app)


@pytest.mark.sphinx("html", testroot="translation-safety", freshenv=True, confoverrides={"extensions": ["myst_parser"]})
def test_without_the_extension_a_broken_placeholder_stops_the_build(app):
    with pytest.raises(ThemeError, match=r"Reason: KeyError\('cuont'\)"):
        app.build()


@pytest.mark.sphinx("html", testroot="translation-safety", freshenv=True, confoverrides={"language": "en"})
def test_the_english_build_keeps_its_own_html(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "<p>Press <kbd>Ctrl</kbd> now.</p>" in html
    assert warnings_of(app) == ""


@pytest.mark.parametrize(
    ("source", "translation", "found"),
    [
        ("Plain.", "Просто.", []),
        ("Plain.", "Просто <script>x</script>.", ["</script>", "<script>"]),
        ("Plain.", "Просто <img src=x onerror=alert(1)>", ["<img src=x onerror=alert(1)>"]),
        # Unclosed: the template's next ">" would close it.
        ("Back to top", "Наверх <img src=x onerror=alert(1) ", ["<img src=x onerror=alert(1) "]),
        ("Plain.", "Просто <!-- x -->.", ["<!-- x -->"]),
        ("Plain.", "Просто <!DOCTYPE html>.", ["<!DOCTYPE html>"]),
        ("Use `<iframe>`.", "Используйте `<iframe>`.", []),
        ("A {term}`generator <generator iterator>`.", "{term}`генератор <generator iterator>`.", []),
        ("x < y and 3<4", "x < y и 3<4", []),
        ("See <https://example.org>.", "См. <https://example.org>.", []),
        # Escaped markup too: Sphinx's search page unescapes section titles.
        ("Section", "Раздел &lt;img src=x onerror=alert(1)&gt;", ["<img src=x onerror=alert(1)>"]),
        ("Copyright &#169; %(copyright)s", "&#169; %(copyright)s", []),
    ],
)
def test_markup_rule(source, translation, found):
    assert new_markup(source, translation) == found


@pytest.mark.parametrize(
    ("source", "translation", "found"),
    [
        ("See [Flask](https://flask.palletsprojects.com/).", "См. [Flask](https://flask.palletsprojects.com/).", []),
        ("Plain.", "См. [сайт](https://evil.example/).", ["https://evil.example/"]),
        ("Plain.", "См. <https://evil.example>.", ["https://evil.example"]),
        ("Plain.", "См. https://evil.example/x?y=1 сейчас.", ["https://evil.example/x?y=1"]),
        ("Plain.", "См. www.evil.example.", ["www.evil.example."]),
        ("Plain.", "См. [сайт](//evil.example).", ["//evil.example"]),
        ("Plain.", "[x](javascript:alert(1))", ["javascript:alert"]),
        ("Run `curl http://127.0.0.1:8000/`.", "Запустите `curl http://127.0.0.1:8000/`.", []),
        ("Call {py:func}`flask.stream_with_context`.", "Вызовите {py:func}`flask.stream_with_context`.", []),
    ],
)
def test_url_rule(source, translation, found):
    assert new_urls(source, translation) == found


@pytest.mark.parametrize(
    ("source", "translation", "problem"),
    [
        ("Made with %(sphinx)s and %(furo)s", "Сделано с %(sphinx)s и %(furo)s", None),
        ("Made with %(sphinx)s and %(furo)s", "Сделано с %(sphinx)s и %(froo)s", "placeholders differ"),
        ("%(percent)s%% done", "%(percent)s %% готово", None),
        ("%(percent)s%% done", "%(percent)s % готово", "the % formatting fails"),
        ("Found ${resultCount} pages", "Найдено ${count} страниц", "placeholders differ"),
        ("100% sure", "на 100% уверен", None),
    ],
)
def test_placeholder_rule(source, translation, problem):
    problems = placeholder_problems(source, translation)
    assert problems == [] if problem is None else problem in problems[0]


def test_a_double_quote_in_a_theme_string_is_refused():
    assert theme_problems("Toggle sidebar", "Переключить «панель»") == []
    problems = theme_problems("Toggle sidebar", 'Панель" onmouseover="alert(1)')
    assert problems == [
        "a double quote (\") not in the English ends an HTML attribute: use the language's quotation marks"
    ]
    assert theme_problems("Plain", "См. https://evil.example") == [
        "link target or URL not in the English: ['https://evil.example']"
    ]


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ("Так.{proof}`t.py::test_a`{cited}`Doc <https://example.org>`", None),
        ("Так.{cited}`Doc <https://example.org>`{proof}`t.py::test_a`", None),
        ("Так.{cited}`Doc <https://example.org>`", "missing ['{proof}`t.py::test_a`'], added []"),
        (
            "Так.{proof}`t.py::test_b`{cited}`Doc <https://example.org>`",
            "missing ['{proof}`t.py::test_a`'], added ['{proof}`t.py::test_b`']",
        ),
        (
            "Так.{proof}`t.py::test_a`{cited}`Документ <https://example.org>`",
            "missing ['{cited}`Doc <https://example.org>`'], added ['{cited}`Документ <https://example.org>`']",
        ),
    ],
)
def test_a_translation_keeps_every_proof_and_citation_verbatim(translation, problem):
    source = "So.{proof}`t.py::test_a`{cited}`Doc <https://example.org>`"
    expected = (
        []
        if problem is None
        else [
            f"proofs and citations differ from the English: {problem}"
            " (copy every {proof} and {cited} role unchanged)"
        ]
    )
    assert proof_problems(source, translation) == expected
