"""The fan-out page's figures are those of the committed bench/fanout.json."""

import json
import re
from pathlib import Path

from babel.numbers import format_decimal

ROOT = Path(__file__).resolve().parents[2]
RESULTS = json.loads((ROOT / "bench" / "fanout.json").read_text())


def page_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (html / "fanout.html").read_text()))


def test_results_file_names_machine_setup_and_every_run():
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", RESULTS["date"])
    assert {"cpus", "python", "gunicorn", "gevent", "redis-py", "redis-server"} <= RESULTS["machine"].keys()
    assert RESULTS["setup"]["clients"] == 500
    assert set(RESULTS["every_run"]) == set(RESULTS["median"]) == {"gthread", "gevent"}
    assert all(len(runs) == RESULTS["runs"] for runs in RESULTS["every_run"].values())


def test_page_quotes_the_measured_figures(built_site):
    text = page_text(built_site / "en")
    for name, measured in RESULTS["median"].items():
        row = re.search(rf"{name} ((?:[\d,.]+(?: ms| s| KiB)? ){{7}})", text)
        assert row, name
        refused = measured["streams_refused"] + measured["started_but_not_subscribed"]
        assert row.group(1).split(" ")[:4] == [
            format_decimal(value, format="#,##0", locale="en")
            for value in (refused, measured["delivered"], measured["lost"], measured["streams_ended_by_server"])
        ]
        assert f"{format_decimal(measured['memory_per_connection_kib'], format='#,##0', locale='en')} KiB" in row.group(
            1
        )
    met = [name for name, measured in RESULTS["median"].items() if measured["p99_ms"] <= RESULTS["target"]["p99_ms"]]
    assert f"only the {met[0]} worker met the p99 target" in " ".join(text.split())
    assert f"measured on {RESULTS['date']}" in text


def test_page_types_no_figure_by_hand():
    source = (ROOT / "docs" / "fanout.md").read_text()
    assert not re.search(r"\d\s*(ms|KiB|MiB)\b|\d+ events a second", source)
