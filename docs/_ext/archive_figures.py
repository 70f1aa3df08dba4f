"""The zip benchmark's figures as MyST substitutions, written the page's way.

The archives page quotes ``make bench-archives`` through ``{{ archives_... }}``
substitutions, so its figures are always those of the committed results file
(``archive_results``, relative to the configuration directory). The page says
why it chose zipstream-ng; the reasons are checked here against the figures, so
that a run that no longer supports them stops the build instead of leaving a
false sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from bench_figures import formatters, setup_figures

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# The libraries as the results file names them, and as substitution names spell them.
LIBRARIES = {"stream-zip": "stream_zip", "zipstream-ng": "zipstream_ng"}
# What the page says of zipstream-ng's memory, in MiB: "a few MiB at most".
FLAT_MIB = 16


def archive_substitutions(results: dict[str, Any], language: str) -> dict[str, str]:
    """Format the figures of ``results`` for ``language``."""
    number, duration, quantity = formatters(language)
    setup = results["setup"]
    check_the_reasons(results)
    figures = {
        "archives_date": results["date"],
        "archives_cpus": number(results["machine"]["cpus"]),
        "archives_load": number(results["machine"]["load_average_at_start"], "0.0"),
        "archives_runs": number(results["runs"]),
        "archives_small_files": number(setup["small"]["files"]),
        "archives_small_kib": quantity(setup["small"]["file_bytes"] / 1024, "KiB"),
        "archives_large_files": number(setup["large"]["files"]),
        "archives_large_mib": quantity(setup["large"]["file_bytes"] / 1024**2, "MiB"),
        "archives_flat_mib": quantity(FLAT_MIB, "MiB"),
    }
    for folder, modes in results["served"].items():
        for mode, libraries in modes.items():
            for library, key in LIBRARIES.items():
                measured = libraries[library]
                prefix = f"archives_{folder}_{mode}_{key}"
                figures |= {
                    f"{prefix}_mbps": quantity(measured["source_mb_per_s"], "MB/s", "#,##0.0"),
                    f"{prefix}_per_cpu": quantity(measured["source_mb_per_cpu_s"], "MB", "#,##0.0"),
                    # A first byte within a few ms is worth its tenth of a ms.
                    f"{prefix}_ttfb": quantity(measured["ttfb_ms"], "ms", "0.0")
                    if measured["ttfb_ms"] < 10
                    else duration(measured["ttfb_ms"]),
                    f"{prefix}_memory": quantity(measured["memory_growth_mib"], "MiB", "#,##0.0"),
                }
    return figures


def check_the_reasons(results: dict[str, Any]) -> None:
    """Stop the build if the figures no longer support the page's reasons for zipstream-ng.

    The page says: zipstream-ng's memory stayed flat in every case, stream-zip
    held a whole large file in memory to store it uncompressed, and neither
    library deflated with clearly less CPU time (20 %) than the other. It also
    grants stream-zip a sooner first byte for the many small files.
    """
    served = results["served"]
    large_file_mib = results["setup"]["large"]["file_bytes"] / 1024**2
    problems = []
    if any(modes[mode]["zipstream-ng"]["memory_growth_mib"] > FLAT_MIB for modes in served.values() for mode in modes):
        problems.append(f"zipstream-ng's memory grew by more than {FLAT_MIB} MiB")
    if served["large"]["stored"]["stream-zip"]["memory_growth_mib"] < large_file_mib:
        problems.append("stream-zip stored a large file without holding it in memory")
    for folder, modes in served.items():
        # Per CPU second of the worker: on a shared machine, wall time measures the neighbours too.
        speeds = [modes["deflate"][library]["source_mb_per_cpu_s"] for library in LIBRARIES]
        if max(speeds) > 1.25 * min(speeds):
            problems.append(f"one library deflated the {folder} files with 20 % less CPU time")
    small = served["small"]["deflate"]
    if small["stream-zip"]["ttfb_ms"] >= small["zipstream-ng"]["ttfb_ms"]:
        problems.append("stream-zip's first byte of the small files did not come sooner")
    if problems:
        raise ConfigError(f"archive_results: {'; '.join(problems)}; docs/archives.md says otherwise: rewrite it")


def setup(app: Sphinx) -> ExtensionMetadata:
    return setup_figures(app, "archive_results", "bench/archives.json", "make bench-archives", archive_substitutions)
