"""What a sync flush per chunk costs: gzip_chunks() against compressing the whole body at once.

`make bench-compression` compresses the CSV export of snippets/basics/csv_export.py
(ROWS rows) with snippets/compression/gzip_chunks() at several chunk sizes, and
as one body, prints a table, and writes bench/compression.json:

    {
      "generated_by": "make bench-compression",
      "date": "2026-12-01", "runs": 5,
      "machine": {"cpus": 2, "python": "3.11.2", "zlib": "1.2.13"},
      "rows": 100000, "csv_bytes": ...,
      "whole_body": {"bytes": ..., "ms": ...},                    # one compress() and the final flush
      "per_chunk": {"1": {"bytes": ..., "ms": ...}, "10": ..., ...} # by rows per chunk
    }

Sizes do not vary between runs; each "ms" is the median of ``runs`` runs (CPU time).
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import time
import zlib
from pathlib import Path

from snippets.basics.csv_export import iter_csv, iter_orders
from snippets.compression.gzip_stream import gzip_chunks

ROWS = 100_000
ROWS_PER_CHUNK = (1, 10, 100, 1000)
RUNS = 5
RESULTS = Path(__file__).with_name("compression.json")


def whole_body(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=31)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH)


def timed(compress, chunks: list[bytes]) -> tuple[int, float]:
    """(compressed bytes, median CPU milliseconds) of ``compress(chunks)`` over RUNS runs."""
    times = []
    for _ in range(RUNS):
        started = time.process_time()
        size = compress(chunks)
        times.append((time.process_time() - started) * 1000)
    return size, statistics.median(times)


def main() -> None:
    per_chunk = {}
    for rows_per_chunk in ROWS_PER_CHUNK:
        chunks = [chunk.encode() for chunk in iter_csv(iter_orders(ROWS), rows_per_chunk)]
        size, ms = timed(lambda chunks: sum(len(piece) for piece in gzip_chunks(chunks)), chunks)
        per_chunk[str(rows_per_chunk)] = {"bytes": size, "ms": round(ms, 1)}
    data = b"".join(chunks)
    size, ms = timed(lambda chunks: len(whole_body(b"".join(chunks))), [data])
    results = {
        "generated_by": "make bench-compression",
        "date": datetime.date.today().isoformat(),
        "runs": RUNS,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "zlib": zlib.ZLIB_RUNTIME_VERSION},
        "rows": ROWS,
        "csv_bytes": len(data),
        "whole_body": {"bytes": size, "ms": round(ms, 1)},
        "per_chunk": per_chunk,
    }
    print(f"{ROWS} CSV rows, {len(data)} bytes; gzip, median of {RUNS} runs")
    print(f"{'compressed as':>22} {'bytes':>10} {'x whole':>8} {'ms':>7}")
    print(f"{'one body':>22} {size:>10} {1:>8.2f} {ms:>7.1f}")
    for rows_per_chunk, measured in per_chunk.items():
        ratio = measured["bytes"] / size
        print(f"{rows_per_chunk + ' rows per chunk':>22} {measured['bytes']:>10} {ratio:>8.2f} {measured['ms']:>7.1f}")
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"wrote {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")


if __name__ == "__main__":
    main()
