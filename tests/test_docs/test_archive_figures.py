"""The archives page's figures and its choice of library are those of the committed bench/archives.json."""

import json
import re
from importlib.metadata import requires
from pathlib import Path

from babel.numbers import format_decimal

ROOT = Path(__file__).resolve().parents[2]
RESULTS = json.loads((ROOT / "bench" / "archives.json").read_text())
LIBRARIES = ("stream-zip", "zipstream-ng")


def page_text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", (html / "archives.html").read_text()).split())


def test_results_file_names_machine_setup_and_every_case():
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", RESULTS["date"])
    assert {"cpus", "python", "gunicorn", "stream-zip", "zipstream-ng"} <= RESULTS["machine"].keys()
    assert RESULTS["setup"]["small"]["files"] == 1000
    for modes in RESULTS["served"].values():
        assert set(modes) == {"deflate", "stored"}
        assert all(set(libraries) == set(LIBRARIES) for libraries in modes.values())


def test_every_benchmarked_archive_unzipped_byte_identical():
    # Each library, mode and folder: 2 x 2 x 2 archives, checked by bench/archives.py with zipfile.
    assert len(RESULTS["byte_identical"]) == 8
    assert all(RESULTS["byte_identical"].values())


def test_the_figures_support_the_choice_of_zipstream_ng():
    served = RESULTS["served"]
    large_file_mib = RESULTS["setup"]["large"]["file_bytes"] / 1024**2
    # Flat memory in every case...
    assert all(modes[mode]["zipstream-ng"]["memory_growth_mib"] <= 16 for modes in served.values() for mode in modes)
    # ...while stream-zip held a whole large file in memory to store it...
    assert served["large"]["stored"]["stream-zip"]["memory_growth_mib"] >= large_file_mib
    # ...and neither deflated with 20 % less CPU time.
    for modes in served.values():
        speeds = [modes["deflate"][library]["source_mb_per_cpu_s"] for library in LIBRARIES]
        assert max(speeds) <= 1.25 * min(speeds)


def test_stream_zip_sent_the_first_byte_of_many_small_files_sooner():
    small = RESULTS["served"]["small"]["deflate"]
    assert small["stream-zip"]["ttfb_ms"] < small["zipstream-ng"]["ttfb_ms"]


def test_zipstream_ng_needs_no_other_package():
    assert requires("zipstream-ng") is None
    assert any(requirement.startswith("pycryptodome") for requirement in requires("stream-zip"))


def test_page_quotes_the_measured_figures(built_site):
    text = page_text(built_site / "en")
    for folder, label in (("small", "small files"), ("large", "large files")):
        for mode, libraries in RESULTS["served"][folder].items():
            for library, measured in libraries.items():
                mbps = format_decimal(measured["source_mb_per_s"], format="#,##0.0", locale="en")
                per_cpu = format_decimal(measured["source_mb_per_cpu_s"], format="#,##0.0", locale="en")
                memory = format_decimal(measured["memory_growth_mib"], format="#,##0.0", locale="en")
                row = f"{label} {mode} {library} {mbps} MB/s {per_cpu} MB "
                assert row in text, row
                assert re.search(re.escape(row) + r"[\d,.]+ m?s " + re.escape(f"{memory} MiB"), text), row
    assert f"measured on {RESULTS['date']}" in text


def test_page_types_no_figure_by_hand():
    source = (ROOT / "docs" / "archives.md").read_text()
    assert not re.search(r"\d\s*(ms|MB/s)\b|\d+ runs", source)
