"""A message counts as translated only when Sphinx would show its translation."""

from babel.messages.catalog import Catalog, Message

import message_catalogs


def test_a_plural_message_is_translated_only_with_every_form():
    assert message_catalogs.is_translated(Message(("a", "as"), ("одна", "несколько", "много")))
    assert not message_catalogs.is_translated(Message(("a", "as"), ("одна", "", "много")))


def test_fuzzy_empty_and_missing_messages_are_not_translated():
    assert message_catalogs.is_translated(Message("a", "а"))
    assert not message_catalogs.is_translated(Message("a", "а", flags=["fuzzy"]))
    assert not message_catalogs.is_translated(Message("a", ""))
    assert not message_catalogs.is_translated(None)


def test_the_first_existing_catalog_is_read(tmp_path):
    catalog = Catalog(locale="ru")
    catalog.add("Hello", "Привет")
    path = tmp_path / "second.po"
    from babel.messages.pofile import write_po

    with path.open("wb") as stream:
        write_po(stream, catalog)
    found = message_catalogs.find_catalog([tmp_path / "first.po", path])
    assert found.get("Hello").string == "Привет"
    assert message_catalogs.find_catalog([tmp_path / "none.po"]) is None
