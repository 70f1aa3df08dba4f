"""The compression benchmark's figures as MyST substitutions, written the page's way.

The compression page quotes ``make bench-compression`` through
``{{ compression_... }}`` substitutions, so its figures are always those of the
committed results file (``compression_results``, relative to the configuration
directory). Numbers are written the way the page's language writes them
(docs/_ext/quantities.py, from Babel's CLDR data). The page says that large chunks cost about nothing: a
results file where they do stops the build, so that the sentence is rewritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from bench_figures import formatters, setup_figures

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# "About the same size as the whole body": within this fraction of it.
ABOUT_THE_SAME = 0.05
# The chunk sizes (rows per chunk) that the page says cost about nothing.
LARGE_CHUNKS = ("100", "1000")


def compression_substitutions(results: dict[str, Any], language: str) -> dict[str, str]:
    """Format the figures of ``results`` for ``language``."""
    number, duration, quantity = formatters(language)

    def size(count: int) -> str:
        return quantity(count / 1000, "kB") if count < 1_000_000 else quantity(count / 1e6, "MB", "0.0")

    whole = results["whole_body"]["bytes"]
    figures = {
        "compression_date": results["date"],
        "compression_runs": number(results["runs"]),
        "compression_zlib": results["machine"]["zlib"],
        "compression_rows": number(results["rows"]),
        "compression_csv": size(results["csv_bytes"]),
        "compression_whole": size(whole),
        "compression_whole_time": duration(results["whole_body"]["ms"]),
    }
    for rows_per_chunk, measured in results["per_chunk"].items():
        figures |= {
            f"compression_{rows_per_chunk}_size": size(measured["bytes"]),
            f"compression_{rows_per_chunk}_ratio": number(measured["bytes"] / whole, "0.00"),
            f"compression_{rows_per_chunk}_time": duration(measured["ms"]),
        }
    for rows_per_chunk in LARGE_CHUNKS:
        if abs(results["per_chunk"][rows_per_chunk]["bytes"] / whole - 1) > ABOUT_THE_SAME:
            raise ConfigError(
                f"compression_results: {rows_per_chunk} rows per chunk are not within {ABOUT_THE_SAME:.0%} "
                "of the whole body's size; docs/compression.md says they are: rewrite that sentence"
            )
    return figures


def setup(app: Sphinx) -> ExtensionMetadata:
    return setup_figures(
        app, "compression_results", "bench/compression.json", "make bench-compression", compression_substitutions
    )
