"""The archives page's figures come from the results file, and must support the page's choice of library."""

import json
import shutil
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

import archive_figures

RESULTS = Path(__file__).with_name("roots") / "test-archive-figures" / "results.json"


def text_of(app):
    return (app.outdir / "index.txt").read_text(encoding="utf-8")


@pytest.mark.sphinx("text", testroot="archive-figures")
def test_english_figures_are_substituted_from_the_results_file(app):
    app.build()
    assert " ".join(text_of(app).split("\n\n", 1)[1].split()) == (
        "1,000 files of 8 KiB; stored large stream-zip 64.2 MiB, zipstream-ng 1,234.5 MB/s in 0.2 ms;"
        " a substitution of the project's own."
    )


@pytest.mark.sphinx("text", testroot="archive-figures", srcdir="archive-figures-ru", confoverrides={"language": "ru"})
def test_a_translated_build_writes_numbers_its_own_way(app):
    app.build()
    assert "1000 files" in text_of(app)
    assert "64,2 МиБ" in text_of(app)


def test_every_figure_the_page_quotes_is_formatted():
    figures = archive_figures.archive_substitutions(json.loads(RESULTS.read_text()), "en")
    assert (figures["archives_date"], figures["archives_cpus"], figures["archives_runs"]) == ("2026-01-02", "2", "3")
    assert (figures["archives_load"], figures["archives_flat_mib"]) == ("3.2", "16 MiB")
    assert (figures["archives_large_files"], figures["archives_large_mib"]) == ("4", "32 MiB")
    assert figures["archives_small_deflate_zipstream_ng_ttfb"] == "61 ms"
    assert figures["archives_small_deflate_stream_zip_mbps"] == "10.5 MB/s"
    assert figures["archives_small_deflate_stream_zip_per_cpu"] == "15.8 MB"


@pytest.mark.parametrize(
    ("folder", "mode", "library", "key", "value", "reason"),
    [
        ("small", "stored", "zipstream-ng", "memory_growth_mib", 17, "zipstream-ng's memory grew"),
        ("large", "stored", "stream-zip", "memory_growth_mib", 31, "without holding it in memory"),
        ("small", "deflate", "zipstream-ng", "source_mb_per_cpu_s", 19.8, "small files with 20 % less CPU time"),
        ("large", "deflate", "stream-zip", "source_mb_per_cpu_s", 39.5, "large files with 20 % less CPU time"),
        ("small", "deflate", "stream-zip", "ttfb_ms", 61.0, "first byte of the small files did not come sooner"),
    ],
)
def test_figures_that_no_longer_support_the_choice_stop_the_build(folder, mode, library, key, value, reason):
    results = json.loads(RESULTS.read_text())
    archive_figures.archive_substitutions(results, "en")  # the fixture supports every reason
    results["served"][folder][mode][library][key] = value
    with pytest.raises(ConfigError, match=f"{reason}.*rewrite it"):
        archive_figures.archive_substitutions(results, "en")


@pytest.mark.sphinx(
    "text",
    testroot="archive-figures",
    srcdir="archive-figures-missing",
    confoverrides={"archive_results": "nowhere.json"},
)
def test_a_missing_results_file_says_which_and_how_to_make_it(make_app, app_params):
    args, kwargs = app_params
    with pytest.raises(ConfigError, match=r"nowhere\.json does not exist; `make bench-archives` writes it"):
        make_app(*args, **kwargs)


def test_a_broken_results_file_is_reported_with_its_line(tmp_path, make_app, rootdir):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-archive-figures", srcdir)
    (srcdir / "results.json").write_text('{\n  "date": "2026-01-02",\n  oops\n}\n')
    with pytest.raises(ConfigError, match=r"results\.json:3: not JSON"):
        make_app("text", srcdir=srcdir)
