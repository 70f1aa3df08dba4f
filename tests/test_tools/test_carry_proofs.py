"""`make update-po` keeps a translation whose English only gained proofs, with the proofs placed."""

import pytest
from babel.messages.catalog import Catalog

from message_catalogs import read_catalog
from tools import carry_proofs
from tools.carry_proofs import carried, carry_catalog, place_proofs

A = "{proof}`tests/test_a.py::test_a`"
B = "{proof}`tests/test_b.py::test_b`"
DOC = "{cited}`Spec <https://example.org/spec>`"


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        # As many sentences: after the same sentence.
        (f"One.{A} Two.{B}{DOC}", "Один. Два.", f"Один.{A} Два.{B}{DOC}"),
        (f"One. Two.{A} Three.", "Один. Два. Три.", f"Один. Два.{A} Три."),
        (f"Ends with a colon:{A}", "Двоеточие:", f"Двоеточие:{A}"),
        (f"一句。{A}二句。", "第一句。第二句。", f"第一句。{A}第二句。"),
        (f"One.{A} Two.", "第一句。第二句。", f"第一句。{A}第二句。"),
        # Dots in code, in other roles and in abbreviations end no sentence.
        (
            f"Call `json.dumps`, e.g. {{func}}`json.dumps` here.{A} Then stop.",
            "Вызовите `json.dumps`, например {func}`json.dumps` здесь. Потом стоп.",
            f"Вызовите `json.dumps`, например {{func}}`json.dumps` здесь.{A} Потом стоп.",
        ),
        # Another number of sentences: at the end.
        (f"One.{A} Two.", "Одно предложение.", f"Одно предложение.{A}"),
        (f"One. Two.{A}", "Раз. Два. Три.\n", f"Раз. Два. Три.{A}\n"),
    ],
)
def test_proofs_go_after_the_same_sentence_or_at_the_end(source, translation, expected):
    assert place_proofs(source, translation) == expected


def test_a_translation_whose_english_gained_or_changed_proofs_is_carried():
    assert carried("One. Two.", f"One.{A} Two.", "Один. Два.") == f"Один.{A} Два."
    # A changed proof replaces the old one, wherever the translator had put it.
    assert carried(f"One.{A} Two.", f"One. Two.{B}", f"Один.{A} Два.") == f"Один. Два.{B}"
    assert carried(f"One.{A}", "One.", f"Один.{A}") == "Один."


@pytest.mark.parametrize(
    ("old_id", "new_id", "translation"),
    [
        ("One.", f"One, changed.{A}", "Один."),  # the text changed: a translator's work
        (f"One.{A}", f"One.{B}", "Один."),  # the old translation lost its proof
        ("One.", "One.", "Один."),  # nothing changed
    ],
)
def test_anything_but_a_change_of_proofs_is_left_alone(old_id, new_id, translation):
    assert carried(old_id, new_id, translation) is None


def catalog_of(*messages):
    catalog = Catalog(locale="ru")
    for msgid, msgstr in messages:
        catalog.add(msgid, msgstr)
    return catalog


def test_a_catalog_keeps_its_translations_in_their_place():
    catalog = catalog_of(("Title", "Заголовок"), ("One. Two.", "Один. Два."), ("Last", "Последний"))
    template = catalog_of(("Title", ""), (f"One.{A} Two.", ""), ("Last", ""))
    assert carry_catalog(catalog, template) == 1
    assert [(message.id, message.string) for message in catalog if message.id] == [
        ("Title", "Заголовок"),
        (f"One.{A} Two.", f"Один.{A} Два."),
        ("Last", "Последний"),
    ]


def test_an_untranslated_ambiguous_or_plural_message_is_not_carried():
    catalog = catalog_of(
        ("Untranslated.", ""),
        ("Twice.", "Дважды."),
        (f"Twice.{A}", f"Дважды.{A}"),
        (("One item.", "%(n)s items."), ("Один.", "Несколько.", "Много.")),
        (f"Lost.{A}", "Потеряно."),
    )
    template = catalog_of(
        (f"Untranslated.{A}", ""),
        (f"Twice.{B}", ""),
        ((f"One item.{A}", "%(n)s items."), ("", "", "")),
        (f"Lost.{B}", ""),
    )
    assert carry_catalog(catalog, template) == 0


def test_a_fuzzy_message_whose_previous_msgid_differs_only_in_proofs_is_made_current():
    catalog = catalog_of((f"One.{A} Two.", "Один. Два."), ("Changed text.", "Старый текст."))
    for message, previous in zip(list(catalog)[1:], ["One. Two.", "Old text."], strict=True):
        message.flags.add("fuzzy")
        message.previous_id = [previous]
    assert carry_catalog(catalog, catalog_of((f"One.{A} Two.", ""), ("Changed text.", ""))) == 1
    carried_message, changed = list(catalog)[1:]
    assert (carried_message.string, carried_message.fuzzy) == (f"Один.{A} Два.", False)
    assert (changed.string, changed.fuzzy) == ("Старый текст.", True)


def test_the_command_rewrites_only_the_page_catalogs_it_changes(tmp_path, capsys):
    pot = tmp_path / "gettext"
    pot.mkdir()
    (pot / "page.pot").write_text(f'msgid ""\nmsgstr ""\n\nmsgid "One. Two.{A}"\nmsgstr ""\n', encoding="utf-8")
    (pot / "other.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "Same."\nmsgstr ""\n', encoding="utf-8")
    (pot / "new.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "A page without catalogs."\nmsgstr ""\n')
    (pot / "sphinx.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "cited"\nmsgstr ""\n', encoding="utf-8")
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    for lang in ("ru", "ko"):
        folder = tmp_path / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "page.po").write_text(header + 'msgid "One. Two."\nmsgstr "Раз. Два."\n', encoding="utf-8")
        (folder / "sphinx.po").write_text(header + 'msgid "cited"\nmsgstr ""\n', encoding="utf-8")
    other = tmp_path / "locales" / "ru" / "LC_MESSAGES" / "other.po"
    other.write_text(header + 'msgid "Same."\nmsgstr "То же."\n', encoding="utf-8")
    unchanged = other.read_text(encoding="utf-8")
    status = carry_proofs.main(["--pot", str(pot), "--locales", str(tmp_path / "locales"), "--lang", "ru"])
    assert status == 0
    assert capsys.readouterr().out == "carry-proofs: ru/LC_MESSAGES/page.po: 1 translation(s) keep their proofs\n"
    ru = read_catalog(tmp_path / "locales" / "ru" / "LC_MESSAGES" / "page.po")
    assert ru.get(f"One. Two.{A}").string == f"Раз. Два.{A}"
    # Other languages only when asked; an unchanged catalog is not rewritten.
    assert read_catalog(tmp_path / "locales" / "ko" / "LC_MESSAGES" / "page.po").get("One. Two.") is not None
    assert other.read_text(encoding="utf-8") == unchanged
