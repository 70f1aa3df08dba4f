"""The catalog checks pass on the real catalogs and catch every fault a translator can make.

A broken catalog fails the check; an incomplete one (untranslated or fuzzy
messages) is counted and listed, and fails only with --strict.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.make_once import make_once
from tools import catalogs
from tools.catalogs import LANGUAGES, markup_problems, stats

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def pot_dir(tmp_path_factory):
    """The English messages, extracted by `make gettext` into a temporary build directory."""
    result, builddir = make_once(tmp_path_factory, "gettext-build", "gettext")
    assert result.returncode == 0, result.stdout + result.stderr
    return builddir / "gettext"


@pytest.fixture
def locales(tmp_path):
    """A copy of locales/ that a test may break."""
    return Path(shutil.copytree(ROOT / "locales", tmp_path / "locales"))


def run_check(locales, pot_dir, capsys, *options):
    status = catalogs.main(["check", "--locales", str(locales), "--pot", str(pot_dir), *options])
    return status, capsys.readouterr().out


def message_line(path, predicate):
    """(line number of msgid, message) of the first message matching predicate."""
    with path.open("rb") as stream:
        for message in read_po(stream):
            if message.id and predicate(message.id):
                return message.lineno, message
    raise LookupError(path)


def replace_msgstr(path, predicate, change):
    """Rewrite the one-line msgstr that follows the chosen message's msgid."""
    lineno, message = message_line(path, predicate)
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i in range(lineno - 1, len(lines)) if lines[i].startswith("msgstr "))
    new = change(lines[index])
    assert new != lines[index], "the fault changed nothing"
    lines[index] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def test_repository_catalogs_pass_every_check(pot_dir, capsys):
    status, out = run_check(ROOT / "locales", pot_dir, capsys)
    assert status == 0, out
    assert "check-po: 0 problem(s)" in out


def test_every_page_has_a_catalog_in_every_language(pot_dir):
    pages = {path.stem for path in pot_dir.glob("*.pot")}
    assert len(pages) >= 7
    for lang in LANGUAGES:
        assert {path.stem for path in (ROOT / "locales" / lang / "LC_MESSAGES").glob("*.po")} == pages


def test_no_code_block_is_extracted(pot_dir):
    code_line = re.compile(r"^(def |@app\.|from \w+ import |import \w+$|\$ )", re.M)
    for pot in pot_dir.glob("*.pot"):
        with pot.open("rb") as stream:
            for message in read_po(stream):
                for text in catalogs.forms(message.id):
                    assert not code_line.search(text), (pot, text)


def test_stats_lists_every_language_and_page():
    report = stats(ROOT / "locales")
    for lang in LANGUAGES:
        assert f"{lang:<9} {'(all)':<12}" in report
        assert f"{lang:<9} {'basics':<12}" in report


# -- Faults injected into a copy of a real catalog ---------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_syntax_error_is_named_with_file_and_line(locales, pot_dir, capsys, lang):
    path = locales / lang / "LC_MESSAGES" / "basics.po"
    line = replace_msgstr(path, lambda msgid: msgid == "Streaming basics", lambda s: s[:-1])
    status, out = run_check(locales, pot_dir, capsys, "--lang", lang)
    assert status == 1
    # msgfmt notices the unterminated string at the end of its line.
    assert f"locales/{lang}/LC_MESSAGES/basics.po:{line + 1}: msgfmt: end-of-line within string" in out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unbalanced_backticks_are_caught(locales, pot_dir, capsys, lang):
    path = locales / lang / "LC_MESSAGES" / "basics.po"
    replace_msgstr(path, lambda msgid: "`mimetype`" in msgid, lambda s: s.replace("`mimetype`", "`mimetype", 1))
    status, out = run_check(locales, pot_dir, capsys, "--lang", lang)
    assert status == 1
    assert f"{lang}/LC_MESSAGES/basics.po:" in out
    assert "inline code differs" in out or "unbalanced backticks" in out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_changed_link_target_is_caught(locales, pot_dir, capsys, lang):
    path = locales / lang / "LC_MESSAGES" / "basics.po"
    replace_msgstr(path, lambda msgid: "](errors.md)" in msgid, lambda s: s.replace("](errors.md)", "](error.md)"))
    status, out = run_check(locales, pot_dir, capsys, "--lang", lang)
    assert status == 1
    assert f"{lang}/LC_MESSAGES/basics.po:" in out
    assert "link targets differ" in out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translated_inline_code_is_caught(locales, pot_dir, capsys, lang):
    path = locales / lang / "LC_MESSAGES" / "basics.po"
    replace_msgstr(path, lambda msgid: "`mimetype`" in msgid, lambda s: s.replace("`mimetype`", "`тип`", 1))
    status, out = run_check(locales, pot_dir, capsys, "--lang", lang)
    assert status == 1
    assert f"{lang}/LC_MESSAGES/basics.po:" in out
    assert "inline code differs" in out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fuzzy_entry_is_counted_not_failed_and_fails_with_strict(locales, pot_dir, capsys, lang):
    path = locales / lang / "LC_MESSAGES" / "testing.po"
    lineno, _ = message_line(path, lambda msgid: msgid == "Testing streamed responses")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(lineno - 1, "#, fuzzy")
    path.write_text("\n".join(lines), encoding="utf-8")
    status, out = run_check(locales, pot_dir, capsys, "--lang", lang)
    assert status == 0, out
    assert (
        f"{lang}: 0 untranslated, 1 fuzzy (not an error: the site shows them in English; "
        f"`make todo LANG={lang}` lists them)" in out
    )
    assert "check-po: 0 problem(s)" in out
    status, out = run_check(locales, pot_dir, capsys, "--lang", lang, "--strict")
    assert status == 1
    assert f"{lang}/LC_MESSAGES/testing.po:{lineno + 1}: fuzzy" in out
    assert f"{lang}: 0 untranslated, 1 fuzzy (errors with --strict)" in out
    assert catalogs.main(["todo", "--locales", str(locales), "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert f"locales/{lang}/LC_MESSAGES/testing.po:{lineno + 1}: fuzzy: 'Testing streamed responses'" in out
    assert "todo: 1 message(s) to translate" in out


def test_english_paragraph_added_fails_until_refreshed_then_is_only_untranslated(locales, pot_dir, tmp_path, capsys):
    pots = Path(shutil.copytree(pot_dir, tmp_path / "pot"))
    pot = pots / "index.pot"
    pot.write_text(
        pot.read_text(encoding="utf-8") + '\nmsgid "A new English paragraph."\nmsgstr ""\n', encoding="utf-8"
    )
    status, out = run_check(locales, pots, capsys)
    assert status == 1
    for lang in LANGUAGES:
        assert f"locales/{lang}/LC_MESSAGES/index.po:0: message missing" in out
    # After `make update-po` the message is there, and still untranslated:
    # the English may land, the site shows the paragraph in English.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx_intl",
            "update",
            "--pot-dir",
            str(pots),
            "--locale-dir",
            str(locales),
            "--line-width",
            "0",
            "--no-obsolete",
            *[arg for lang in LANGUAGES for arg in ("--language", lang)],
        ],
        check=True,
        capture_output=True,
    )
    status, out = run_check(locales, pots, capsys)
    assert status == 0, out
    for lang in LANGUAGES:
        assert f"{lang}: 1 untranslated, 0 fuzzy (not an error" in out
    assert "untranslated: 'A new English paragraph.'" not in out
    status, out = run_check(locales, pots, capsys, "--strict")
    assert status == 1
    for lang in LANGUAGES:
        assert f"{lang}/LC_MESSAGES/index.po:" in out
    assert out.count("untranslated: 'A new English paragraph.'") == len(LANGUAGES)


# -- A hostile translator: markup, scripts and links to other sites ----------

PAGE_ATTACKS = {
    "script": (
        lambda s: s[:-1] + ' <script>alert(1)</script>"',
        "raw HTML not in the English: ['</script>', '<script>']",
    ),
    "img onerror": (
        lambda s: s[:-1] + ' <img src=x onerror=alert(1)>"',
        "raw HTML not in the English: ['<img src=x onerror=alert(1)>']",
    ),
    "comment": (lambda s: s[:-1] + ' <!-- x -->"', "raw HTML not in the English: ['<!-- x -->']"),
    # Text in a paragraph, but Sphinx's search page writes titles as HTML.
    "escaped tag": (
        lambda s: s[:-1] + ' &lt;img src=x onerror=alert(1)&gt;"',
        "raw HTML not in the English: ['<img src=x onerror=alert(1)>']",
    ),
    "off-site link": (
        lambda s: s[:-1] + ' [more](https://evil.example/)"',
        "link target or URL not in the English: ['https://evil.example/']",
    ),
    "bare URL": (
        lambda s: s[:-1] + ' https://evil.example/x"',
        "link target or URL not in the English: ['https://evil.example/x']",
    ),
    "autolink": (
        lambda s: s[:-1] + ' <https://evil.example>"',
        "link target or URL not in the English: ['https://evil.example']",
    ),
}


def one_language_each(cases):
    """Each case in one language, in turn: the safety rules do not depend on it."""
    return [(case, LANGUAGES[index % len(LANGUAGES)]) for index, case in enumerate(cases)]


def test_a_fuzzy_message_is_held_to_the_safety_rules_too(locales, pot_dir, capsys):
    path = locales / "ru" / "LC_MESSAGES" / "basics.po"
    replace_msgstr(path, lambda msgid: msgid == "Streaming basics", lambda s: s[:-1] + '<script>x</script>"')
    line, _ = message_line(path, lambda msgid: msgid == "Streaming basics")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(line - 1, "#, fuzzy")
    path.write_text("\n".join(lines), encoding="utf-8")
    status, out = run_check(locales, pot_dir, capsys, "--lang", "ru")
    assert status == 1
    assert f"locales/ru/LC_MESSAGES/basics.po:{line + 1}: raw HTML not in the English" in out


THEME_ATTACKS = {
    "script": (lambda s: s[:-1] + '<script>alert(1)</script>"', "HTML not in the English: ['</script>', '<script>']"),
    "img onerror": (
        lambda s: s[:-1] + '<img src=x onerror=alert(1)>"',
        "HTML not in the English: ['<img src=x onerror=alert(1)>']",
    ),
    "attribute": (lambda s: s[:-1] + '\\" onmouseover=\\"alert(1)"', 'a double quote (") not in the English'),
    "bare URL": (lambda s: s[:-1] + ' https://evil.example"', "link target or URL not in the English"),
}


# A page message and a theme string: each catalog's attacks, one language each.
ATTACKS = [
    pytest.param(page, msgid, attacks[attack], lang, id=f"{page}-{attack}-{lang}")
    for page, msgid, attacks in [("basics", "Streaming basics", PAGE_ATTACKS), ("sphinx", "Back to top", THEME_ATTACKS)]
    for attack, lang in one_language_each(attacks)
]


@pytest.mark.parametrize(("page", "msgid", "attack", "lang"), ATTACKS)
def test_markup_and_new_links_in_a_catalog_are_caught(locales, pot_dir, capsys, page, msgid, attack, lang):
    change, problem = attack
    path = locales / lang / "LC_MESSAGES" / f"{page}.po"
    replace_msgstr(path, lambda found: found == msgid, change)
    line, _ = message_line(path, lambda found: found == msgid)
    status, out = run_check(locales, pot_dir, capsys, "--lang", lang)
    assert status == 1
    assert f"locales/{lang}/LC_MESSAGES/{page}.po:{line}: {problem}" in out


def test_a_korean_particle_that_does_not_follow_the_reading_is_named_with_its_line(locales, pot_dir, capsys):
    # stream_template is read 스트림템플릿: a final consonant takes 은, not 는.
    path = locales / "ko" / "LC_MESSAGES" / "templates.po"
    line = replace_msgstr(
        path,
        lambda msgid: msgid.startswith("The template runs after the view has returned"),
        lambda s: s.replace("stream_template`은", "stream_template`는", 1),
    )
    status, out = run_check(locales, pot_dir, capsys, "--lang", "ko")
    assert status == 1
    assert f"locales/ko/LC_MESSAGES/templates.po:{line - 1}: Korean particle" in out


def test_a_broken_placeholder_in_the_theme_catalog_is_named_with_its_line(locales, pot_dir, capsys):
    path = locales / "ru" / "LC_MESSAGES" / "sphinx.po"
    msgid = "Made with %(sphinx)s and %(furo)s"
    line = replace_msgstr(path, lambda m: m == msgid, lambda s: s.replace("%(furo)s", "%(fur)s"))
    status, out = run_check(locales, pot_dir, capsys, "--lang", "ru")
    assert status == 1
    # The message is flagged python-format, so msgfmt --check sees it first.
    assert re.search(rf"locales/ru/LC_MESSAGES/sphinx.po:{line}: msgfmt: .*'fur'", out), out
    # Without the flag, the check's own rule does.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'#, python-format\nmsgid "{msgid}"', f'msgid "{msgid}"'), encoding="utf-8")
    status, out = run_check(locales, pot_dir, capsys, "--lang", "ru")
    assert status == 1
    assert (
        f"locales/ru/LC_MESSAGES/sphinx.po:{line - 2}: placeholders differ: "
        "['%(furo)s', '%(sphinx)s'] became ['%(fur)s', '%(sphinx)s']"
    ) in out


# -- Headers ---------------------------------------------------------------------


def test_a_wrong_plural_forms_header_is_named_with_its_line(locales, pot_dir, capsys):
    path = locales / "ru" / "LC_MESSAGES" / "basics.po"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if text.startswith('"Plural-Forms:'))
    lines[index] = '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
    path.write_text("\n".join(lines), encoding="utf-8")
    status, out = run_check(locales, pot_dir, capsys, "--lang", "ru")
    assert status == 1
    assert (
        f"locales/ru/LC_MESSAGES/basics.po:{index + 1}: Plural-Forms is not ru's: "
        "'nplurals=2; plural=(n != 1);' should be 'nplurals=3; plural=(n%10==1"
    ) in out
    del lines[index]
    path.write_text("\n".join(lines), encoding="utf-8")
    status, out = run_check(locales, pot_dir, capsys, "--lang", "ru")
    assert status == 1
    assert 'locales/ru/LC_MESSAGES/basics.po:1: no Plural-Forms header: add "Plural-Forms: nplurals=3;' in out


def test_a_folder_that_names_no_language_is_reported(locales):
    path = locales / "xx" / "LC_MESSAGES" / "basics.po"
    path.parent.mkdir(parents=True)
    shutil.copy(locales / "ru" / "LC_MESSAGES" / "basics.po", path)
    assert [problem.message for problem in catalogs.header_problems(path)] == [
        "Babel knows no language 'xx': name the folder by a language code"
    ]


# -- Catalogs out of step with the English, and the other commands ----------


def test_pages_added_and_removed_in_english_are_caught(locales, pot_dir, tmp_path, capsys):
    pots = Path(shutil.copytree(pot_dir, tmp_path / "pot"))
    (pots / "testing.pot").rename(pots / "deployment.pot")
    status, out = run_check(locales, pots, capsys)
    assert status == 1
    assert "locales/ru/LC_MESSAGES/deployment.po:0: catalog missing" in out
    assert "locales/ko/LC_MESSAGES/testing.po:0: catalog of a page that no longer exists" in out


def test_message_removed_from_english_and_obsolete_entries_are_caught(locales, pot_dir, tmp_path, capsys):
    pots = Path(shutil.copytree(pot_dir, tmp_path / "pot"))
    pot = pots / "index.pot"
    pot.write_text(
        pot.read_text(encoding="utf-8").replace('msgid "The chapter"', 'msgid "The chapters"'), encoding="utf-8"
    )
    po = locales / "ru" / "LC_MESSAGES" / "basics.po"
    po.write_text(po.read_text(encoding="utf-8") + '\n#~ msgid "Old"\n#~ msgstr "Старое"\n', encoding="utf-8")
    status, out = run_check(locales, pots, capsys)
    assert status == 1
    assert "index.po:" in out
    assert "message no longer in the English source: 'The chapter'" in out
    assert "message missing, run `make update-po`: 'The chapters'" in out
    assert "locales/ru/LC_MESSAGES/basics.po:0: 1 obsolete (#~) messages" in out


def test_missing_glossary_and_missing_templates_are_caught(locales, pot_dir, tmp_path, capsys):
    (locales / "zh_TW" / "glossary.csv").unlink()
    status, out = run_check(locales, pot_dir, capsys)
    assert status == 1
    assert "locales/zh_TW/glossary.csv:0: glossary missing" in out
    status, out = run_check(locales, tmp_path, capsys)
    assert status == 1
    assert "no .pot files: run `make gettext` first" in out


def test_unreadable_catalog_is_reported_not_crashed(tmp_path):
    missing = tmp_path / "missing.po"
    problems = catalogs.check_catalog(missing, catalogs.Catalog(), [])
    assert len(problems) == 1
    assert problems[0].message.startswith("msgfmt: ")


def test_counts_tell_fuzzy_from_untranslated():
    catalog = catalogs.Catalog()
    catalog.add("done", "fait")
    catalog.add("draft", "brouillon", flags=["fuzzy"])
    catalog.add("todo", "")
    assert catalogs.counts(catalog) == {"translated": 1, "fuzzy": 1, "untranslated": 1}


def test_stats_command(capsys):
    assert catalogs.main(["stats"]) == 0
    assert "ko        (all)" in capsys.readouterr().out
    assert catalogs.main(["stats", "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "ru        (all)" in out
    assert "ko " not in out
    # The theme's messages in sphinx.pot: tests/test_extensions/test_theme_pot.py.


def make(*args):
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_translator_targets_cover_one_language_with_lang_and_every_one_without(pot_dir):
    ru_catalogs = len(list((ROOT / "locales" / "ru" / "LC_MESSAGES").glob("*.po")))
    # -o gettext: the session's templates are fresh, no need to extract them again.
    result = make("-o", "gettext", "check-po", "LANG=ru", "STRICT=1", f"BUILDDIR={pot_dir.parent}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "--lang ru --strict" in result.stdout
    assert f"check-po: 0 problem(s) in {ru_catalogs} catalogs" in result.stdout
    result = make("-o", "gettext", "check-po", f"BUILDDIR={pot_dir.parent}")
    assert f"check-po: 0 problem(s) in {len(catalogs.catalogs(ROOT / 'locales'))} catalogs" in result.stdout
    stats_ru = make("stats", "LANG=ru").stdout
    assert "ru        (all)" in stats_ru
    assert "ko        (all)" not in stats_ru
    assert all(f"{lang:<9} (all)" in make("stats").stdout for lang in LANGUAGES)
    todo_ko = make("todo", "LANG=ko")
    assert todo_ko.returncode == 0
    assert todo_ko.stdout.endswith("message(s) to translate\n")


# -- The markup rules themselves ---------------------------------------------


@pytest.mark.parametrize(
    ("source", "translation", "problem"),
    [
        ("Use `yield` here.", "Используйте `yield` здесь.", None),
        ("Use `yield` here.", "Используйте `выход` здесь.", "inline code differs"),
        ("See [errors](errors.md).", "См. [ошибки](errors.md).", None),
        ("See [errors](errors.md).", "См. [ошибки](errors.md.", "link targets differ"),
        ("Call {func}`flask.stream_with_context`.", "调用 {func}`flask.stream_with_context`。", None),
        ("Call {func}`flask.stream_with_context`.", "调用 {func}`flask.stream_context`。", "cross-references differ"),
        ("A {term}`generator <generator iterator>`.", "{term}`生成器 <generator iterator>`。", None),
        ("A *chunk* here.", "*청크*가 여기.", None),
        ("A *chunk* here.", "*청크가 여기.", "unbalanced emphasis (*)"),
        ("A **chunk** here.", "**청크* 여기.", "unbalanced emphasis"),
        ("One paragraph.", "Один абзац.\n\nДругой.", "several paragraphs"),
        ("Streaming basics", "# 基础", "a heading"),
        ("Median of {{ bench_runs }} runs.", "{{ bench_runs }} 次的中位数。", None),
        ("Median of {{ bench_runs }} runs.", "三次的中位数。", "substitutions"),
    ],
)
def test_markup_rules(source, translation, problem):
    problems = markup_problems(source, translation)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in text for text in problems), problems


def test_glossary_term_must_be_used():
    glossary = [("generator", ["генератор"]), ("request context", ["контекст запроса"])]
    assert catalogs.glossary_problems("A generator here.", "Здесь генератора.", glossary) == []
    problems = catalogs.glossary_problems("Two generators.", "Два порождающих.", glossary)
    assert problems == ["glossary: 'generator' should be translated as генератор"]
    # Terms inside inline code, and file paths, are not prose.
    assert catalogs.glossary_problems("Call `generator`.", "Вызовите `generator`.", glossary) == []
    assert catalogs.glossary_problems("snippets/generator/x.py", "snippets/generator/x.py", glossary) == []
    assert catalogs.glossary_problems("[Read](#the-generator).", "[Читайте](#the-generator).", glossary) == []
    # A longer term that contains a shorter one is checked on its own.
    glossary += [("request", ["запрос"]), ("pull request", ["pull request"])]
    assert catalogs.glossary_problems("See pull request #1.", "См. pull request #1.", glossary) == []
    assert catalogs.glossary_problems("A request and pull request #1.", "pull request #1.", glossary) == [
        "glossary: 'request' should be translated as запрос"
    ]


def test_a_translation_that_drops_a_proof_is_caught_once_with_what_to_do():
    source = "Streams.{proof}`tests/test_a.py::test_a` Docs.{cited}`Spec <https://example.org>`"
    assert (
        markup_problems(source, "Потоки.{proof}`tests/test_a.py::test_a` Доки.{cited}`Spec <https://example.org>`")
        == []
    )
    assert markup_problems(source, "Потоки. Доки.{cited}`Spec <https://example.org>`") == [
        "proofs and citations differ from the English: missing ['{proof}`tests/test_a.py::test_a`'], added []"
        " (copy every {proof} and {cited} role unchanged)"
    ]


def test_glossary_avoid_column_rejects_a_rendering_beside_an_accepted_one():
    glossary = [("disconnect", ["断开连接"], ["离开"])]
    assert catalogs.glossary_problems("When the client disconnects.", "客户端断开连接时。", glossary) == []
    problems = catalogs.glossary_problems("When the client disconnects.", "客户端断开连接或离开时。", glossary)
    assert problems == ["glossary: 'disconnect' is translated as 断开连接, not 离开 (the reviewers' decision)"]
    # Only where the English has the term.
    assert catalogs.glossary_problems("Leave the room.", "离开房间。", glossary) == []


def test_read_glossary_reads_the_avoid_column(tmp_path):
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "glossary.csv").write_text(
        "term,translation,avoid\npush,推送,推入\nstream,流\n", encoding="utf-8"
    )
    assert catalogs.read_glossary("xx", tmp_path) == [("push", ["推送"], ["推入"]), ("stream", ["流"], [])]


def test_numbers_and_quantities_are_copied_unchanged():
    source = "For {number}`2000` rows, {quantity}`84 MiB`."
    assert catalogs.markup_problems(source, "Для {number}`2000` строк, {quantity}`84 MiB`.") == []
    problems = catalogs.markup_problems(source, "Для 2 000 строк, {quantity}`84 МиБ`.")
    assert len(problems) == 1
    assert "missing ['{number}`2000`', '{quantity}`84 MiB`'], added ['{quantity}`84 МиБ`']" in problems[0]
    assert "copy every {number} and {quantity} role unchanged" in problems[0]


def test_a_rejected_rendering_alone_is_reported_once():
    glossary = [("push", ["推送"], ["推入"])]
    assert catalogs.glossary_problems("Push the context.", "推入上下文。", glossary) == [
        "glossary: 'push' is translated as 推送, not 推入 (the reviewers' decision)"
    ]
    assert catalogs.glossary_problems("Push the context.", "压入上下文。", glossary) == [
        "glossary: 'push' should be translated as 推送"
    ]
