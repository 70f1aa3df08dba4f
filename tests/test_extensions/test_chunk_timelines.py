"""The chunk timelines: SVG drawn from the results file, with the page's (translated) texts."""

import re

import pytest

import chunk_timelines


def figure_of(app):
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="chunk-timeline".*?</figure>', html, re.S)
    assert len(figures) == 1, html
    return figures[0]


@pytest.mark.sphinx("html", testroot="chunk-timelines")
def test_each_arrival_is_a_mark_and_the_text_alternative_states_the_data(app):
    app.build()
    figure = figure_of(app)
    assert 'role="img"' in figure
    assert re.findall(r'data-ms="([\d.]+)"', figure) == ["2.5", "600.0", "1250.0", "12.0", "40.0"]
    assert re.findall(r'data-chunks="(\d+)"', figure) == ["3", "1", "1", "1", "1200", "1000", "200"]
    assert re.search(r"<desc[^>]*>(.*?)</desc>", figure)[1] == (
        "Slow stream: the first chunk at 2.5 ms, the last at 1.25 s; 3 in all. "
        "Fast stream: the first chunk at 12 ms, the last at 40 ms; 1,200 in all."
    )
    assert "<title" in figure
    assert "When each chunk reached the client." in figure
    # The axis ends on a round value past the last arrival, with ticks written as durations.
    assert 'data-end-ms="1500"' in figure
    assert ">1.5 s</text>" in figure
    assert ">0 ms</text>" in figure
    # The marks are placed in time order along the axis.
    xs = [float(x) for x in re.findall(r'class="chunk-timeline-mark" x="([\d.]+)"', figure)]
    assert xs[:3] == sorted(xs[:3])
    assert xs[3] < xs[4]
    assert app._warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="chunk-timelines", srcdir="chunk-timelines-ru", confoverrides={"language": "ru"})
def test_a_translated_build_draws_the_translated_texts_and_numbers(app):
    app.build()
    figure = figure_of(app)
    assert ">Медленный поток</text>" in figure
    assert ">Время с отправки запроса</text>" in figure
    assert "Быстрый поток: первый фрагмент через 12 мс, последний через 40 мс; всего 1200." in figure
    assert "первый фрагмент через 2,5 мс, последний через 1,25 с; всего 3." in figure


@pytest.mark.sphinx("gettext", testroot="chunk-timelines", srcdir="chunk-timelines-pot")
def test_gettext_extracts_every_text_of_the_figure(app):
    app.build()
    pot = (app.outdir / "index.pot").read_text(encoding="utf-8")
    for message in [
        "When each chunk reached the client.",
        "Slow stream",
        "Fast stream",
        "Time since the request was sent",
        "{label}: the first chunk at {first}, the last at {last}; {chunks} in all.",
    ]:
        assert f'msgid "{message}"' in pot


@pytest.mark.sphinx("html", testroot="chunk-timelines", srcdir="chunk-timelines-missing-key")
def test_an_unknown_example_is_an_error_naming_the_file_and_the_key(app):
    index = app.srcdir / "index.md"
    index.write_text(index.read_text().replace("chunk-timeline} demo", "chunk-timeline} nothing"))
    app.build()
    assert re.search(r"results\.json has no example 'nothing'", app._warning.getvalue())


@pytest.mark.sphinx(
    "html",
    testroot="chunk-timelines",
    srcdir="chunk-timelines-missing-file",
    confoverrides={"timelines_results": "absent.json"},
)
def test_a_missing_results_file_is_an_error_naming_it(app):
    app.build()
    assert re.search(r"absent\.json does not exist; `make timelines` writes it", app._warning.getvalue())


@pytest.mark.sphinx("html", testroot="chunk-timelines", srcdir="chunk-timelines-labels")
def test_a_label_list_that_does_not_match_the_rows_is_an_error(app):
    index = app.srcdir / "index.md"
    index.write_text(index.read_text().replace("- Fast stream\n", ""))
    app.build()
    assert "'demo' has 2 rows" in app._warning.getvalue()


def test_steps_are_round():
    assert [chunk_timelines.nice_step(span) for span in (320, 1250, 2230, 44)] == [100, 500, 500, 10]


@pytest.mark.sphinx("html", testroot="chunk-timelines", srcdir="chunk-timelines-placeholder")
def test_a_sentence_with_an_unknown_placeholder_is_an_error_naming_it(app):
    index = app.srcdir / "index.md"
    index.write_text(index.read_text().replace("{chunks} in all", "{count} in all"))
    app.build()
    assert "must use only {label}, {chunks}, {first}, {last}" in app._warning.getvalue()
    assert "index.md" in app._warning.getvalue()


@pytest.mark.sphinx("html", testroot="chunk-timelines", srcdir="chunk-timelines-not-json")
def test_a_results_file_that_is_not_json_is_an_error_naming_it(app):
    (app.srcdir / "results.json").write_text("{", encoding="utf-8")
    app.build()
    assert "results.json is not a timelines results file" in app._warning.getvalue()


@pytest.mark.sphinx("html", testroot="chunk-timelines", srcdir="chunk-timelines-shape")
def test_content_without_the_four_texts_is_an_error(app):
    index = app.srcdir / "index.md"
    index.write_text(index.read_text().replace("Time since the request was sent\n\n", ""))
    app.build()
    assert "the content must be a caption paragraph, a list of row labels" in app._warning.getvalue()
