"""The databases page's figures are those of the committed bench/databases.json, and they hold its claims."""

import json
import re
from pathlib import Path

from babel.numbers import format_decimal

ROOT = Path(__file__).resolve().parents[2]
RESULTS = json.loads((ROOT / "bench" / "databases.json").read_text())
SMALL, BIG = sorted(RESULTS["served"], key=int)
RECOMMENDED = ("sqlite fetchmany", "postgres server-side")
EXPORTS = (*RECOMMENDED, "postgres client-side")
SPEED = "the speed of reading in-process"


def page_text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", (html / "databases.html").read_text()).split())


def number(value, pattern="#,##0"):
    return format_decimal(value, format=pattern, locale="en")


def test_results_file_names_machine_and_date():
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", RESULTS["date"])
    machine = RESULTS["machine"]
    assert {"cpus", "load_average_at_start", "python", "gunicorn", "psycopg", "sqlite", "postgresql"} <= machine.keys()
    assert (int(SMALL), int(BIG)) == (100_000, 1_000_000)


def test_page_quotes_the_measured_figures(built_site):
    text = page_text(built_site / "en")
    labels = {
        "sqlite fetchmany": "SQLite, fetchmany()",
        "postgres server-side": "PostgreSQL, server-side cursor",
        "postgres client-side": "PostgreSQL, client-side cursor",
    }
    for name in EXPORTS:
        for rows in (SMALL, BIG):
            measured = RESULTS["served"][rows][name]
            row = (
                f"{labels[name]} {number(int(rows))} {number(measured['rows_per_s'])} "
                f"{number(measured['in_process']['rows_per_s'])} {number(measured['memory_growth_mib'], '0.0')} MiB"
            )
            assert row in text, row
    ratios, growth = RESULTS["served_vs_in_process"], RESULTS["memory_growth_1e5_to_1e6_mib"]
    assert f"ran at {number(ratios['sqlite fetchmany'], '0.00')} times" in text
    assert f"server-side cursor at {number(ratios['postgres server-side'], '0.00')} times" in text
    assert f"grew by {number(growth['sqlite fetchmany'], '0.0')} MiB more with SQLite" in text
    assert f"and by {number(growth['postgres server-side'], '0.0')} MiB more with the server-side cursor" in text
    assert f"it grew by {number(growth['postgres client-side'], '0.0')} MiB" in text
    assert f"measured on {RESULTS['date']}" in text


def test_page_types_no_figure_by_hand():
    costs = (ROOT / "docs" / "databases.md").read_text().split("## What it costs", 1)[1]
    # The targets (0.8, 2 MiB) are the page's; every measured figure is a substitution.
    assert re.findall(r"\d[\d.,]*\s*(?:MiB|rows/s)|\d[\d.,]* times", costs) == ["2 MiB"]


def test_the_committed_run_sent_every_row_and_kept_memory_flat():
    # Recomputed from the figures rather than trusted: every row sent, the same bytes as in-process...
    for rows, measured in RESULTS["served"].items():
        for name in EXPORTS:
            assert measured[name]["rows"] == int(rows), (rows, name)
            assert measured[name]["bytes"] == measured[name]["in_process"]["bytes"], (rows, name)
    big, small = RESULTS["served"][BIG], RESULTS["served"][SMALL]
    # ...memory that does not grow with the rows for the recommended exports...
    for name in RECOMMENDED:
        assert big[name]["memory_growth_mib"] - small[name]["memory_growth_mib"] <= 2, name
    # ...while the client-side cursor's does.
    client = big["postgres client-side"]["memory_growth_mib"] - small["postgres client-side"]["memory_growth_mib"]
    assert client > 10 * max(big["postgres server-side"]["memory_growth_mib"], 1)
    assert all(met for name, met in RESULTS["targets"].items() if SPEED not in name), RESULTS["targets"]


def test_the_speed_target_is_checked_on_the_figures():
    big = RESULTS["served"][BIG]
    met = all(big[name]["rows_per_s"] >= 0.8 * big[name]["in_process"]["rows_per_s"] for name in RECOMMENDED)
    (speed,) = (name for name in RESULTS["targets"] if SPEED in name)
    assert "0.8x" in speed
    assert RESULTS["targets"][speed] is met


def test_make_bench_runs_the_database_benchmark():
    makefile = (ROOT / "Makefile").read_text()
    bench = re.search(r"^bench:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "bench-databases" in bench
    recipe = re.search(r"^bench-databases:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "-m bench.databases" in recipe
    # The benchmark exits non-zero when a target is missed (bench.finish).
    assert "return finish(results, targets, RESULTS)" in (ROOT / "bench" / "databases.py").read_text()
