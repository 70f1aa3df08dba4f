"""The databases page's figures come from the results file, written the page's way."""

import json
import shutil
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

import database_figures

RESULTS = Path(__file__).with_name("roots") / "test-database-figures" / "results.json"


def text_of(app):
    return (app.outdir / "index.txt").read_text(encoding="utf-8")


@pytest.mark.sphinx("text", testroot="database-figures")
def test_english_figures_are_substituted_from_the_results_file(app):
    app.build()
    assert " ".join(text_of(app).split("\n\n", 1)[1].split()) == (
        "1,000,000 rows at 250,000 rows/s, 0.96 times; client 150.8 MiB, grew 135.6 MiB; load 3.2;"
        " a substitution of the project's own."
    )


@pytest.mark.sphinx("text", testroot="database-figures", srcdir="database-figures-ru", confoverrides={"language": "ru"})
def test_a_translated_build_writes_numbers_its_own_way(app):
    app.build()
    assert "1\xa0000\xa0000 rows at 250\xa0000 rows/s, 0,96 times" in text_of(app)


def test_every_figure_the_page_quotes_is_formatted():
    figures = database_figures.database_substitutions(json.loads(RESULTS.read_text()), "en")
    assert (figures["db_date"], figures["db_cpus"], figures["db_runs"]) == ("2026-01-02", "2", "3")
    assert (figures["db_rows_small"], figures["db_rows_big"]) == ("100,000", "1,000,000")
    assert figures["db_sqlite_small_rate"] == "400,000"
    assert figures["db_sqlite_big_in_process"] == "420,000"
    assert figures["db_server_small_memory"] == "1.2 MiB"  # half to even, as CLDR rounds
    assert figures["db_client_small_memory"] == "15.2 MiB"
    assert (figures["db_sqlite_ratio"], figures["db_client_ratio"]) == ("0.95", "0.67")
    assert (figures["db_sqlite_growth"], figures["db_server_growth"]) == ("0.0 MiB", "0.1 MiB")


def test_a_run_that_missed_the_speed_target_still_builds():
    # The page quotes the speed ratios and the target; it does not say the run met it.
    results = json.loads(RESULTS.read_text())
    results["targets"]["streamed export at least 0.8x the speed of reading in-process"] = False
    assert database_figures.database_substitutions(results, "en")["db_server_ratio"] == "0.96"


def test_a_run_that_missed_a_target_stops_the_build():
    results = json.loads(RESULTS.read_text())
    results["targets"]["memory growth within 2 MiB"] = False
    with pytest.raises(ConfigError, match="missed memory growth within 2 MiB.*rewrite the page"):
        database_figures.database_substitutions(results, "en")


@pytest.mark.sphinx(
    "text",
    testroot="database-figures",
    srcdir="database-figures-missing",
    confoverrides={"database_results": "nowhere.json"},
)
def test_a_missing_results_file_says_which_and_how_to_make_it(make_app, app_params):
    args, kwargs = app_params
    with pytest.raises(ConfigError, match=r"nowhere\.json does not exist; `make bench-databases` writes it"):
        make_app(*args, **kwargs)


def test_a_broken_results_file_is_reported_with_its_line(tmp_path, make_app, rootdir):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-database-figures", srcdir)
    (srcdir / "results.json").write_text('{\n  "date": "2026-01-02",\n  oops\n}\n')
    with pytest.raises(ConfigError, match=r"results\.json:3: not JSON"):
        make_app("text", srcdir=srcdir)
