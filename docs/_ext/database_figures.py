"""The database benchmark's figures as MyST substitutions, written the page's way.

The databases page quotes ``make bench-databases`` through ``{{ db_... }}``
substitutions, so its figures are always those of the committed results file
(``database_results``, relative to the configuration directory). Numbers are
written the way the page's language writes them (Babel's CLDR data). The page
says that every export sent every row and that the recommended exports' memory
did not grow with the rows: a results file whose run missed one of those
targets stops the build, so that the sentence is rewritten, not left false.
The speed target is only quoted, with the figures, so a run may miss it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from bench_figures import formatters, setup_figures

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# The exports of the results file, by the short name the substitutions use.
EXPORTS = {"sqlite": "sqlite fetchmany", "server": "postgres server-side", "client": "postgres client-side"}
# The target whose outcome the page does not state (bench/databases.py names it so).
SPEED_TARGET = "streamed export at least 0.8x the speed"


def database_substitutions(results: dict[str, Any], language: str) -> dict[str, str]:
    """Format the figures of ``results`` for ``language``."""
    number, _, quantity = formatters(language)
    missed = [name for name, met in results["targets"].items() if not met and not name.startswith(SPEED_TARGET)]
    if missed:
        raise ConfigError(
            f"database_results: the run missed {', '.join(missed)}; "
            "docs/databases.md says it was met: run `make bench-databases` again or rewrite the page"
        )

    small, big = sorted(results["served"], key=int)
    figures = {
        "db_date": results["date"],
        "db_cpus": number(results["machine"]["cpus"]),
        "db_load": number(results["machine"]["load_average_at_start"], "0.0"),
        "db_runs": number(results["runs"]),
        "db_rows_small": number(int(small)),
        "db_rows_big": number(int(big)),
    }
    for key, name in EXPORTS.items():
        for size, rows in (("small", small), ("big", big)):
            measured = results["served"][rows][name]
            figures |= {
                f"db_{key}_{size}_rate": number(measured["rows_per_s"]),
                f"db_{key}_{size}_in_process": number(measured["in_process"]["rows_per_s"]),
                f"db_{key}_{size}_memory": quantity(measured["memory_growth_mib"], "MiB", "0.0"),
            }
        figures |= {
            f"db_{key}_ratio": number(results["served_vs_in_process"][name], "0.00"),
            f"db_{key}_growth": quantity(results["memory_growth_1e5_to_1e6_mib"][name], "MiB", "0.0"),
        }
    return figures


def setup(app: Sphinx) -> ExtensionMetadata:
    return setup_figures(
        app, "database_results", "bench/databases.json", "make bench-databases", database_substitutions
    )
