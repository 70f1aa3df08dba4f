"""The fan-out benchmark's figures as MyST substitutions, written the page's way.

The fan-out page quotes ``make bench-fanout`` through ``{{ fanout_... }}``
substitutions, so its figures are always those of the committed results file
(``fanout_results``, relative to the configuration directory). Numbers are
written the way the page's language writes them (docs/_ext/quantities.py, from Babel's CLDR data). Which
worker class did better is computed here too, so that no sentence of the page
takes a side that the figures no longer support.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from bench_figures import formatters, setup_figures

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def fanout_substitutions(results: dict[str, Any], language: str) -> dict[str, str]:
    """Format the figures of ``results`` for ``language``."""

    number, duration, quantity = formatters(language)

    setup = results["setup"]
    median = results["median"]
    figures = {
        "fanout_date": results["date"],
        "fanout_cpus": number(results["machine"]["cpus"]),
        "fanout_load": number(results["machine"]["load_average_at_start"], "0.0"),
        "fanout_runs": number(results["runs"]),
        "fanout_clients": number(setup["clients"]),
        "fanout_rate": number(setup["events_per_second"]),
        "fanout_seconds": quantity(setup["seconds"], "s"),
        "fanout_workers": number(setup["workers"]),
        "fanout_events": number(setup["events_per_second"] * setup["seconds"]),
        "fanout_expected": number(setup["events_per_second"] * setup["seconds"] * setup["clients"]),
        "fanout_target_p99": quantity(results["target"]["p99_ms"], "ms"),
        "fanout_target_lost": number(results["target"]["lost"]),
        "fanout_quiet": quantity(setup["quiet_seconds_before_counting_lost"], "s"),
        # The worker classes by name, the better one first.
        "fanout_lower_p99": min(median, key=lambda name: median[name]["p99_ms"]),
        "fanout_less_memory": min(median, key=lambda name: median[name]["memory_per_connection_kib"]),
        "fanout_p99_met_by": the_one_that_met_the_p99_target(results),
    }
    if figures["fanout_less_memory"] != figures["fanout_p99_met_by"]:
        # The page says the worker that met the target "also" needed less memory.
        raise ConfigError(
            "fanout_results: the worker class that met the p99 target is not the one that needed "
            "less memory; docs/fanout.md says it also did: rewrite that sentence"
        )
    for name, measured in median.items():
        figures |= {
            f"fanout_{name}_delivered": number(measured["delivered"]),
            f"fanout_{name}_lost": number(measured["lost"]),
            f"fanout_{name}_p50": duration(measured["p50_ms"]),
            f"fanout_{name}_p99": duration(measured["p99_ms"]),
            f"fanout_{name}_memory": quantity(measured["memory_per_connection_kib"], "KiB"),
            f"fanout_{name}_cut": number(measured["streams_ended_by_server"]),
            # Refused: no stream; or a stream whose subscription was gone before the first event.
            f"fanout_{name}_refused": number(measured["streams_refused"] + measured["started_but_not_subscribed"]),
        }
    return figures


def the_one_that_met_the_p99_target(results: dict[str, Any]) -> str:
    """The worker class whose median p99 met the target.

    The page says "only the ... worker met it": a run where both or neither
    did stops the build, so that the sentence is rewritten, not left false.
    """
    target = results["target"]["p99_ms"]
    met = [name for name, measured in results["median"].items() if measured["p99_ms"] <= target]
    if len(met) != 1:
        raise ConfigError(
            f"fanout_results: {len(met)} worker classes met the p99 target of {target} ms; "
            "docs/fanout.md says exactly one did: rewrite that sentence"
        )
    return met[0]


def setup(app: Sphinx) -> ExtensionMetadata:
    return setup_figures(app, "fanout_results", "bench/fanout.json", "make bench-fanout", fanout_substitutions)
