"""The compression page's figures come from the results file, written the page's way."""

import json
import shutil
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

import compression_figures

RESULTS = Path(__file__).with_name("roots") / "test-compression-figures" / "results.json"


def text_of(app):
    return (app.outdir / "index.txt").read_text(encoding="utf-8")


@pytest.mark.sphinx("text", testroot="compression-figures")
def test_english_figures_are_substituted_from_the_results_file(app):
    app.build()
    assert " ".join(text_of(app).split("\n\n", 1)[1].split()) == (
        "100,000 rows, 8.1 MB to 766 kB; per row 1.8 MB, 2.37 times, 1.3 s; a substitution of the project's own."
    )


@pytest.mark.sphinx(
    "text", testroot="compression-figures", srcdir="compression-figures-ru", confoverrides={"language": "ru"}
)
def test_a_translated_build_writes_numbers_its_own_way(app):
    app.build()
    assert "100\xa0000 rows, 8,1 МБ to 766 кБ; per row 1,8 МБ, 2,37 times" in text_of(app)


def test_every_figure_the_page_quotes_is_formatted():
    figures = compression_figures.compression_substitutions(json.loads(RESULTS.read_text()), "en")
    assert (figures["compression_date"], figures["compression_runs"], figures["compression_zlib"]) == (
        "2026-01-02",
        "5",
        "1.2.13",
    )
    assert (figures["compression_10_ratio"], figures["compression_100_ratio"]) == ("1.30", "0.97")
    assert (figures["compression_whole_time"], figures["compression_10_time"]) == ("64 ms", "96 ms")


@pytest.mark.parametrize("rows_per_chunk", ["100", "1000"])
def test_large_chunks_that_cost_more_than_about_nothing_stop_the_build(rows_per_chunk):
    # The page says that flushing every 100 or 1000 rows costs about nothing.
    results = json.loads(RESULTS.read_text())
    results["per_chunk"][rows_per_chunk]["bytes"] = round(results["whole_body"]["bytes"] * 1.06)
    with pytest.raises(ConfigError, match="rewrite that sentence"):
        compression_figures.compression_substitutions(results, "en")


@pytest.mark.sphinx(
    "text",
    testroot="compression-figures",
    srcdir="compression-figures-missing",
    confoverrides={"compression_results": "nowhere.json"},
)
def test_a_missing_results_file_says_which_and_how_to_make_it(make_app, app_params):
    args, kwargs = app_params
    with pytest.raises(ConfigError, match=r"nowhere\.json does not exist; `make bench-compression` writes it"):
        make_app(*args, **kwargs)


def test_a_broken_results_file_is_reported_with_its_line(tmp_path, make_app, rootdir):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-compression-figures", srcdir)
    (srcdir / "results.json").write_text('{\n  "date": "2026-01-02",\n  oops\n}\n')
    with pytest.raises(ConfigError, match=r"results\.json:3: not JSON"):
        make_app("text", srcdir=srcdir)
