"""The chapter's benchmark figures come from the results file, written the page's way."""

import json
import shutil
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

import bench_figures


def text_of(app):
    return (app.outdir / "index.txt").read_text(encoding="utf-8")


@pytest.mark.sphinx("text", testroot="bench-figures")
def test_english_figures_are_substituted_from_the_results_file(app):
    app.build()
    assert " ".join(text_of(app).split("\n\n", 1)[1].split()) == (
        "1,000,000 rows, 1.8 s, 4 ms and 1.5 s; 7.0× faster; a substitution of the project's own."
    )


@pytest.mark.sphinx("text", testroot="bench-figures", srcdir="bench-figures-ru", confoverrides={"language": "ru"})
def test_a_translated_build_writes_numbers_its_own_way(app):
    app.build()
    # CLDR's Russian groups with a no-break space and uses a decimal comma.
    assert "1\xa0000\xa0000 rows, 1,8 с, 4 мс and 1,5 с; 7,0× faster" in text_of(app)


def test_every_figure_the_chapter_quotes_is_formatted():
    results = json.loads((Path(__file__).with_name("roots") / "test-bench-figures" / "results.json").read_text())
    figures = bench_figures.bench_substitutions(results, "en")
    assert figures["bench_mb"] == "48"
    assert figures["in_memory_memory"] == "512 MiB"
    assert figures["batched_mbps"] == "27 MB/s"
    assert figures["speedup_vs_in_memory"] == "1.2"
    assert (figures["bench_date"], figures["bench_cpus"], figures["bench_runs"]) == ("2026-01-02", "2", "3")


@pytest.mark.sphinx(
    "text", testroot="bench-figures", srcdir="bench-figures-missing", confoverrides={"bench_results": "nowhere.json"}
)
def test_a_missing_results_file_says_which_and_how_to_make_it(make_app, app_params):
    args, kwargs = app_params
    with pytest.raises(ConfigError, match=r"nowhere\.json does not exist; `make bench` writes it"):
        make_app(*args, **kwargs)


def test_a_broken_results_file_is_reported_with_its_line(tmp_path, make_app, rootdir):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-bench-figures", srcdir)
    (srcdir / "results.json").write_text('{\n  "date": "2026-01-02",\n  oops\n}\n')
    with pytest.raises(ConfigError, match=r"results\.json:3: not JSON"):
        make_app("text", srcdir=srcdir)
