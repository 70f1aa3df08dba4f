"""The chapter's benchmark figures are those of the committed bench/results.json."""

import json
import re
from pathlib import Path

from babel.numbers import format_decimal

ROOT = Path(__file__).resolve().parents[2]
RESULTS = json.loads((ROOT / "bench" / "results.json").read_text())
LARGEST = RESULTS["served"][max(RESULTS["served"], key=int)]


def page_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (html / "basics.html").read_text()))


def test_results_file_names_machine_and_date():
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", RESULTS["date"])
    assert {"cpus", "python", "flask", "werkzeug", "gunicorn"} <= RESULTS["machine"].keys()


def decimal(value, pattern="0.0"):
    return format_decimal(value, format=pattern, locale="en")


def test_page_quotes_the_measured_figures(built_site):
    text = page_text(built_site / "en")
    assert f"{decimal(RESULTS['ratios']['batched_vs_per_row'])} times faster than one row" in text
    assert f"{decimal(RESULTS['ratios']['batched_vs_in_memory'])} times faster than building" in text
    for variant in ("per-row", "batched", "in-memory"):
        assert f"{decimal(LARGEST[variant]['mb_per_s'], '0')} MB/s" in text
        assert f"{decimal(LARGEST[variant]['seconds'])} s" in text
    assert f"measured on {RESULTS['date']}" in text


def test_page_types_no_figure_by_hand():
    source = (ROOT / "docs" / "basics.md").read_text()
    assert not re.search(r"\d\s*(MB/s|MiB|ms\b)|\d+(\.\d+)? times faster", source)
