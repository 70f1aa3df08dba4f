"""The benchmark's figures as MyST substitutions, written the page's way.

The chapter quotes ``make bench`` through ``{{ bench_... }}`` substitutions, so
its figures are always those of the committed results file
(``bench_results``, relative to the configuration directory). Numbers are
written the way the page's language writes them, units too (1 000 000, 7,0 and
8,8 с in Russian), by the one helper of docs/_ext/quantities.py. The figures are added to
``myst_substitutions`` once the build's language is known: ``-D language=ru``
is applied after conf.py runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

import quantities

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata


def formatters(language: str) -> tuple[Callable[..., str], Callable[[float], str], Callable[..., str]]:
    """``number(value, pattern)``, ``duration(ms)`` and ``quantity(value, unit, pattern)`` for ``language``."""

    def number(value: float, pattern: str = "#,##0") -> str:
        return quantities.number(value, language, pattern)

    def duration(ms: float) -> str:
        return quantities.duration(ms, language)

    def quantity(value: float, unit: str, pattern: str = "#,##0") -> str:
        return quantities.quantity(value, unit, language, pattern)

    return number, duration, quantity


def read_results(path: Path, setting: str, make_target: str) -> dict[str, Any]:
    """The results file at ``path`` (named by the configuration value ``setting``), or a clear error."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{setting}: {path} does not exist; `{make_target}` writes it") from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"{path}:{error.lineno}: not JSON: {error.msg}") from None


def bench_substitutions(results: dict[str, Any], language: str) -> dict[str, str]:
    """Format the figures of ``results`` for ``language``."""
    number, duration, quantity = formatters(language)

    largest = max(results["served"], key=int)
    served = results["served"][largest]
    figures = {
        "bench_date": results["date"],
        "bench_cpus": number(results["machine"]["cpus"]),
        "bench_runs": number(results["runs"]),
        "bench_rows": number(int(largest)),
        "bench_mb": number(served["batched"]["bytes"] / 1e6),
        "speedup_vs_per_row": number(results["ratios"]["batched_vs_per_row"], "0.0"),
        "speedup_vs_in_memory": number(results["ratios"]["batched_vs_in_memory"], "0.0"),
    }
    for variant, key in [("per-row", "per_row"), ("batched", "batched"), ("in-memory", "in_memory")]:
        measured = served[variant]
        figures |= {
            f"{key}_ttfb": duration(measured["ttfb_ms"]),
            f"{key}_total": quantity(measured["seconds"], "s", "0.0"),
            f"{key}_mbps": quantity(measured["mb_per_s"], "MB/s"),
            f"{key}_memory": quantity(measured["memory_growth_mib"], "MiB"),
        }
    return figures


def setup_figures(
    app: Sphinx,
    setting: str,
    default: str,
    make_target: str,
    substitutions: Callable[[dict[str, Any], str], dict[str, str]],
) -> ExtensionMetadata:
    """Register ``setting`` (a results file) and add its ``substitutions`` for the build's language.

    The one recipe of every extension that puts a results file's figures on a page.
    """

    def add_figures(app: Sphinx, config: Config) -> None:
        results = read_results(Path(app.confdir, config[setting]), setting, make_target)
        config.myst_substitutions = {**config.myst_substitutions, **substitutions(results, config.language or "en")}

    app.add_config_value(setting, default, "env", str)
    # myst_substitutions is myst_parser's setting.
    app.setup_extension("myst_parser")
    app.connect("config-inited", add_figures)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def setup(app: Sphinx) -> ExtensionMetadata:
    return setup_figures(app, "bench_results", "bench/results.json", "make bench", bench_substitutions)
