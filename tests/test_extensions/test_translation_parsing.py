"""Translated messages parse with MyST's parser and settings built once, to the same result."""

import pytest
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig

import translation_parsing


def test_default_settings_are_docutils_own_and_new_for_each_document():
    first = translation_parsing.default_settings(RSTParser)
    second = translation_parsing.default_settings(RSTParser)
    assert first is not second
    own = vars(get_default_settings(RSTParser))
    assert own.keys() == vars(first).keys()
    # DependencyList compares by identity: each document records its own.
    assert {key: value for key, value in vars(first).items() if key != "record_dependencies"} == {
        key: value for key, value in own.items() if key != "record_dependencies"
    }
    assert first.record_dependencies is not second.record_dependencies
    first.report_level = 5
    assert second.report_level != 5


def test_option_parser_is_built_once_per_set_of_components():
    assert translation_parsing.option_parser((RSTParser,)) is translation_parsing.option_parser((RSTParser,))


def test_a_parser_is_reused_only_once_it_has_rendered():
    config = MdParserConfig()
    first = translation_parsing.reusable_md_parser(config, RendererHTML)
    # Still rendering, as in a nested parse: never handed out twice.
    second = translation_parsing.reusable_md_parser(config, RendererHTML)
    assert second is not first
    assert first.render("*piece*") == "<p><em>piece</em></p>\n"
    assert translation_parsing.reusable_md_parser(config, RendererHTML) is first
    # Another configuration gets a parser of its own.
    assert translation_parsing.reusable_md_parser(MdParserConfig(), RendererHTML) is not first


@pytest.mark.sphinx("html", testroot="translation-parsing")
def test_every_message_of_a_page_is_translated_with_one_parser(app, monkeypatch):
    created = []
    create_md_parser = translation_parsing.create_md_parser

    def counting_create_md_parser(config, renderer):
        created.append(renderer)
        return create_md_parser(config, renderer)

    monkeypatch.setattr(translation_parsing, "create_md_parser", counting_create_md_parser)
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    for translation in [
        "Потоковая передача",
        "Генератор отправляет ответ <strong>по частям</strong>.",
        "Клиент читает каждую часть по мере её прихода.",
        "Первый пункт.",
        'Второй пункт, с <code class="docutils literal notranslate"><span class="pre">code</span></code>.',
        "первый раздел",
    ]:
        assert translation in html
    assert "piece by piece" not in html
    # Without the extension, one parser for the page and one for each of its
    # messages (12 here); with it, at most the page's and one for the messages
    # (none, when an earlier build in this process left an idle one).
    assert len(created) <= 2
