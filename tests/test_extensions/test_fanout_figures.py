"""The fan-out page's figures come from the results file, written the page's way."""

import json
import shutil
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

import fanout_figures

RESULTS = Path(__file__).with_name("roots") / "test-fanout-figures" / "results.json"


def text_of(app):
    return (app.outdir / "index.txt").read_text(encoding="utf-8")


@pytest.mark.sphinx("text", testroot="fanout-figures")
def test_english_figures_are_substituted_from_the_results_file(app):
    app.build()
    assert " ".join(text_of(app).split("\n\n", 1)[1].split()) == (
        "1,500 clients, 1,500,000 expected; gthread p99 2.2 s, gevent 38 KiB; gevent sooner;"
        " a substitution of the project's own."
    )


@pytest.mark.sphinx("text", testroot="fanout-figures", srcdir="fanout-figures-ru", confoverrides={"language": "ru"})
def test_a_translated_build_writes_numbers_its_own_way(app):
    app.build()
    assert "1500 clients, 1\xa0500\xa0000 expected" in text_of(app)


def test_the_better_worker_is_named_from_the_figures():
    results = json.loads(RESULTS.read_text())
    figures = fanout_figures.fanout_substitutions(results, "en")
    assert (figures["fanout_lower_p99"], figures["fanout_less_memory"], figures["fanout_p99_met_by"]) == (
        "gevent",
        "gevent",
        "gevent",
    )
    results["median"]["gevent"]["p99_ms"], results["median"]["gthread"]["p99_ms"] = 300, 100
    results["median"]["gthread"]["memory_per_connection_kib"] = 1
    figures = fanout_figures.fanout_substitutions(results, "en")
    assert (figures["fanout_lower_p99"], figures["fanout_less_memory"], figures["fanout_p99_met_by"]) == (
        "gthread",
        "gthread",
        "gthread",
    )


def test_a_target_met_by_one_worker_and_less_memory_in_the_other_stops_the_build():
    # The page says the worker that met the target "also" needed less memory.
    results = json.loads(RESULTS.read_text())
    results["median"]["gthread"]["memory_per_connection_kib"] = 1
    with pytest.raises(ConfigError, match="rewrite that sentence"):
        fanout_figures.fanout_substitutions(results, "en")


@pytest.mark.parametrize("over_the_target_ms", [0, 1], ids=["both met it", "neither did"])
def test_both_or_neither_worker_meeting_the_p99_target_stops_the_build(over_the_target_ms):
    results = json.loads(RESULTS.read_text())
    for measured in results["median"].values():
        measured["p99_ms"] = results["target"]["p99_ms"] + over_the_target_ms
    with pytest.raises(ConfigError, match="rewrite that sentence"):
        fanout_figures.fanout_substitutions(results, "en")


def test_every_figure_the_page_quotes_is_formatted():
    figures = fanout_figures.fanout_substitutions(json.loads(RESULTS.read_text()), "en")
    assert figures["fanout_events"] == "1,000"
    assert (figures["fanout_target_p99"], figures["fanout_target_lost"]) == ("250 ms", "0")
    assert figures["fanout_seconds"] == "20 s"
    assert figures["fanout_load"] == "3.2"
    assert figures["fanout_gevent_lost"] == "1,000"
    assert figures["fanout_gthread_p50"] == "11 ms"
    assert figures["fanout_gthread_p99"] == "2.2 s"
    assert (figures["fanout_quiet"], figures["fanout_gevent_cut"]) == ("3 s", "12")
    assert figures["fanout_gevent_refused"] == "7"  # 5 refused, 2 started without a subscription
    assert (figures["fanout_date"], figures["fanout_cpus"], figures["fanout_runs"]) == ("2026-01-02", "2", "3")


@pytest.mark.sphinx(
    "text", testroot="fanout-figures", srcdir="fanout-figures-missing", confoverrides={"fanout_results": "nowhere.json"}
)
def test_a_missing_results_file_says_which_and_how_to_make_it(make_app, app_params):
    args, kwargs = app_params
    with pytest.raises(ConfigError, match=r"nowhere\.json does not exist; `make bench-fanout` writes it"):
        make_app(*args, **kwargs)


def test_a_broken_results_file_is_reported_with_its_line(tmp_path, make_app, rootdir):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-fanout-figures", srcdir)
    (srcdir / "results.json").write_text('{\n  "date": "2026-01-02",\n  oops\n}\n')
    with pytest.raises(ConfigError, match=r"results\.json:3: not JSON"):
        make_app("text", srcdir=srcdir)
