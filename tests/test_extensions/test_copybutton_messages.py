"""sphinx-copybutton's button gets our translations and a name for screen readers."""

import re

import pytest

import copybutton_messages


def overlay_of(script):
    return re.search(r"messages\[\"ru\"\] = (.*);", script).group(1)


@pytest.mark.sphinx("html", testroot="copybutton-messages")
def test_catalog_translations_are_laid_over_copybuttons_own(app):
    app.build()
    script = (app.outdir / "_static" / "copybutton.js").read_text(encoding="utf-8")
    overlay = overlay_of(script)
    # Ours replaces copybutton's own Russian; a message with markup is refused,
    # an empty one is not a translation: both keep copybutton's own.
    assert '"copy_to_clipboard": "Копировать в буфер обмена"' in overlay
    assert "copy_success" not in overlay
    assert "copy_failure" not in overlay
    # The table is complete before the locale is chosen from it.
    assert script.index('messages["ru"]') < script.index("let locale = 'en'")
    assert '<button type="button" aria-label="${messages[locale][\'copy_to_clipboard\']}" class="copybtn' in script


@pytest.mark.sphinx(
    "html", testroot="copybutton-messages", srcdir="copybutton-messages-en", confoverrides={"language": "en"}
)
def test_english_build_gets_the_name_and_no_translations(app):
    app.build()
    script = (app.outdir / "_static" / "copybutton.js").read_text(encoding="utf-8")
    assert 'messages["en"] = Object.assign({}, messages[\'en\'], messages["en"], {});' in script
    assert "aria-label=\"${messages[locale]['copy_to_clipboard']}\"" in script


@pytest.mark.sphinx("text", testroot="copybutton-messages", srcdir="copybutton-messages-text")
def test_other_builders_are_left_alone(app):
    app.build()
    assert not (app.outdir / "_static").exists()


def test_a_changed_copybutton_script_stops_the_build():
    with pytest.raises(copybutton_messages.CopybuttonScriptChanged):
        copybutton_messages.edit_script("const messages = {}\nlet locale", "ru", {})


def test_only_translated_safe_messages_are_used():
    translations = {"Copy": "Копия", "Copied!": 'Готово "', "Failed to copy": "Failed to copy"}
    assert copybutton_messages.translated_messages(lambda english: translations.get(english, english)) == {
        "copy": "Копия"
    }
