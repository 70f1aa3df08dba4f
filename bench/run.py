"""`make bench`: the chapter's CSV export variants, served by gunicorn, measured.

For each variant and size: throughput, time to first byte and the worker's peak
memory growth, as medians of RUNS runs; then the ratios the chapter quotes, each
computed within this one run, and the targets they are held to. The figures are
written to bench/results.json, from which the chapter takes its numbers.
"""

from __future__ import annotations

import csv
import datetime
import http.client
import io
import os
import platform
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

from bench import finish
from snippets.basics.csv_export import iter_csv, iter_orders
from tests.live_server import LiveServer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
GUNICORN_LOG = ROOT / "_build" / "bench" / "gunicorn.log"
VARIANTS = ("per-row", "batched", "in-memory")
SIZES = (100_000, 1_000_000)
RUNS = 3
MiB = 1024 * 1024


def memory_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def fetch(port: int, worker: int, variant: str, rows: int) -> dict[str, float]:
    """One request: seconds to the first body byte and to the end, bytes, peak memory growth."""
    Path(f"/proc/{worker}/clear_refs").write_text("5")  # reset the worker's peak RSS
    baseline = memory_kib(worker, "VmRSS")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", f"/{variant}.csv?rows={rows}")
    response = connection.getresponse()
    size = len(response.read1(1 << 16))
    first_byte = time.perf_counter() - started
    while chunk := response.read1(1 << 20):
        size += len(chunk)
    total = time.perf_counter() - started
    connection.close()
    growth = (memory_kib(worker, "VmHWM") - baseline) * 1024
    return {
        "ttfb_ms": first_byte * 1000,
        "seconds": total,
        "bytes": size,
        "mb_per_s": size / total / 1e6,
        "memory_growth_mib": growth / MiB,
    }


def in_process(rows: int) -> dict[str, float]:
    """The same CSV generated and encoded with no server: the ceiling for serving it."""
    started = time.perf_counter()
    size = sum(len(chunk.encode()) for chunk in iter_csv(iter_orders(rows)))
    total = time.perf_counter() - started
    return {"seconds": total, "bytes": size, "mb_per_s": size / total / 1e6}


def naive_is_wrong() -> dict[str, int]:
    """The naive ','.join export, read back by a CSV reader."""
    rows = [[str(field) for field in row] for row in iter_orders(1000)]
    text = "".join(",".join(row) + "\n" for row in rows)
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    return {
        "rows_written": len(rows),
        "rows_read_back": len(parsed),
        "rows_intact": sum(1 for row in parsed if row in rows),
    }


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}


def measure(port: int, worker: int) -> dict[str, dict[str, dict[str, float]]]:
    """Medians of RUNS runs of every variant at every size, served and in-process."""
    fetch(port, worker, "batched", 1000)  # warm-up: imports, first connection
    served: dict[str, dict[str, dict[str, float]]] = {}
    for rows in SIZES:
        runs: dict[str, list] = {variant: [] for variant in VARIANTS}
        for _ in range(RUNS):  # interleaved, so that a busy moment hits every variant
            for variant in VARIANTS:
                runs[variant].append(fetch(port, worker, variant, rows))
        served[str(rows)] = {variant: median_of(runs[variant]) for variant in VARIANTS}
        served[str(rows)]["in-process"] = median_of([in_process(rows) for _ in range(RUNS)])
    return served


def main() -> int:
    GUNICORN_LOG.parent.mkdir(parents=True, exist_ok=True)
    # The tests' gunicorn (gthread, one worker), with 4 threads. A failed start shows
    # the log, which stays in GUNICORN_LOG for a failure later on.
    server = LiveServer("bench.csv_variants", GUNICORN_LOG, ("--threads", "4"))
    server.start()
    try:
        served = measure(server.port, server.worker_pid())
    finally:
        server.stop()

    big, small = served[str(SIZES[-1])], served[str(SIZES[0])]
    ratios = {
        "batched_vs_per_row": round(big["per-row"]["seconds"] / big["batched"]["seconds"], 1),
        "served_vs_in_process": round(big["batched"]["mb_per_s"] / big["in-process"]["mb_per_s"], 2),
        "batched_vs_in_memory": round(big["in-memory"]["seconds"] / big["batched"]["seconds"], 1),
    }
    growth = {
        variant: round(big[variant]["memory_growth_mib"] - small[variant]["memory_growth_mib"], 2)
        for variant in VARIANTS
    }
    targets = {
        "batched at least 5x faster than per-row": ratios["batched_vs_per_row"] >= 5,
        "served batched at least 0.8x in-process": ratios["served_vs_in_process"] >= 0.8,
        "batched first byte within 10 ms at every size": all(
            served[str(rows)]["batched"]["ttfb_ms"] <= 10 for rows in SIZES
        ),
        "batched memory growth from 1e5 to 1e6 rows within 1 MiB": growth["batched"] <= 1,
        "in-memory memory grows with the body": growth["in-memory"] > 10 * max(growth["batched"], 1),
    }
    results = {
        "date": datetime.date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "flask": version("flask"),
            "werkzeug": version("werkzeug"),
            "gunicorn": version("gunicorn"),
        },
        "runs": RUNS,
        "served": served,
        "ratios": ratios,
        "memory_growth_1e5_to_1e6_mib": growth,
        "naive_join": naive_is_wrong(),
        "targets": targets,
    }

    print(
        f"CSV export, gunicorn gthread on 127.0.0.1, median of {RUNS} runs "
        f"({results['machine']['cpus']} CPUs, Python {results['machine']['python']})"
    )
    print(f"{'rows':>9} {'variant':<10} {'MB':>6} {'MB/s':>7} {'first byte':>11} {'total':>8} {'peak mem +':>11}")
    for rows, variants in served.items():
        for variant, m in variants.items():
            ttfb = f"{m['ttfb_ms']:.1f} ms" if "ttfb_ms" in m else "-"
            mem = f"{m['memory_growth_mib']:.1f} MiB" if "memory_growth_mib" in m else "-"
            print(
                f"{int(rows):>9} {variant:<10} {m['bytes'] / 1e6:>6.1f} {m['mb_per_s']:>7.1f} "
                f"{ttfb:>11} {m['seconds']:>7.2f}s {mem:>11}"
            )
    print()
    for name, value in ratios.items():
        print(f"ratio {name}: {value}")
    print(f"memory growth from {SIZES[0]} to {SIZES[-1]} rows (MiB): {growth}")
    naive = results["naive_join"]
    print(
        f"naive ','.join: wrote {naive['rows_written']} rows, a CSV reader got "
        f"{naive['rows_read_back']} back, {naive['rows_intact']} intact"
    )
    return finish(results, targets, RESULTS)


if __name__ == "__main__":
    sys.exit(main())
