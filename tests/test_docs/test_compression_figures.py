"""The compression page's figures are those of the committed bench/compression.json."""

import json
import re
from pathlib import Path

from babel.numbers import format_decimal

ROOT = Path(__file__).resolve().parents[2]
RESULTS = json.loads((ROOT / "bench" / "compression.json").read_text())


def page_text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", (html / "compression.html").read_text()).split())


def test_results_file_names_machine_and_every_chunk_size():
    assert RESULTS["generated_by"] == "make bench-compression"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", RESULTS["date"])
    assert {"cpus", "python", "zlib"} <= RESULTS["machine"].keys()
    assert set(RESULTS["per_chunk"]) == {"1", "10", "100", "1000"}
    # Flushing can only cost bytes when every row is flushed on its own.
    assert RESULTS["per_chunk"]["1"]["bytes"] > RESULTS["whole_body"]["bytes"]


def test_page_quotes_the_measured_figures(built_site):
    text = page_text(built_site / "en")
    per_row = RESULTS["per_chunk"]["1"]["bytes"] / RESULTS["whole_body"]["bytes"]
    assert f"{format_decimal(per_row, format='0.00', locale='en')} times as much" in text
    assert f"CSV export of {format_decimal(RESULTS['rows'], format='#,##0', locale='en')} rows" in text
    assert f"measured on {RESULTS['date']}" in text


def test_page_types_no_figure_by_hand():
    source = (ROOT / "docs" / "compression.md").read_text()
    section = source.split("## What a flush per chunk costs")[1].split("\n## ")[0]
    assert not re.search(r"\d\s*(ms|s|kB|MB)\b|\d\.\d\d", section)
