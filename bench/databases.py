"""`make bench-databases`: the orders table exported from a database by the chapter's snippets, measured.

SQLite (fetchmany) and PostgreSQL (a server-side cursor, and a client-side one
for comparison), each served by gunicorn's gthread worker at 1e5 and 1e6 rows:
rows per second and the worker's peak memory growth, medians of RUNS runs, each
from a new worker process. The baseline reads the same rows through the same generator in this process, with
no HTTP. The figures and the targets they are held to go to bench/databases.json,
from which the databases page takes its numbers.
"""

from __future__ import annotations

import datetime
import functools
import os
import platform
import shutil
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

from bench import finish
from bench.run import memory_kib
from snippets.databases import postgres_export, sqlite_export
from tests.live_server import LiveServer
from tests.services import postgres_server, postgres_template

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "databases.json"
WORK = ROOT / "_build" / "bench" / "databases"
SIZES = (100_000, 1_000_000)
# (database, cursor): the recommended patterns first.
VARIANTS = (("sqlite", "fetchmany"), ("postgres", "server-side"), ("postgres", "client-side"))
RECOMMENDED = ("sqlite fetchmany", "postgres server-side")
PATHS = {"fetchmany": "/orders.csv", "server-side": "/orders.csv", "client-side": "/orders-client-side-cursor.csv"}
RUNS = 3
ROWS_PER_CHUNK = 1000
MiB = 1024 * 1024


def fetch(server: LiveServer, worker: int, path: str) -> dict[str, float]:
    """One export over HTTP: seconds, bytes, rows, rows/s and the worker's peak memory growth."""
    Path(f"/proc/{worker}/clear_refs").write_text("5")  # reset the worker's peak RSS
    baseline = memory_kib(worker, "VmRSS")
    connection = server.connection(timeout=600)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    assert response.status == 200, response.status
    size = rows = 0
    while chunk := response.read1(1 << 20):
        size += len(chunk)
        rows += chunk.count(b"Customer ")  # once per row: the notes hold line breaks
    seconds = time.perf_counter() - started
    connection.close()
    growth = (memory_kib(worker, "VmHWM") - baseline) * 1024
    return {
        "seconds": seconds,
        "bytes": size,
        "rows": rows,
        "rows_per_s": rows / seconds,
        "memory_growth_mib": growth / MiB,
    }


def in_process(chunks) -> dict[str, float]:
    """The same generator read here, with no server and no HTTP: the ceiling for serving it."""
    started = time.perf_counter()
    size = rows = 0
    for chunk in chunks:
        data = chunk.encode()
        size += len(data)
        rows += data.count(b"Customer ")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": size, "rows": rows, "rows_per_s": rows / seconds}


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}


def fresh_fetch(database: str, env: str, path: str, log: Path) -> dict[str, float]:
    """One export from a worker of its own: memory that an earlier export freed, but
    that the process kept for its next allocations, would hide the growth of this one."""
    server = LiveServer(f"snippets.databases.{database}_export", log, ("--env", env))
    server.start()
    try:
        warm_up(server)
        worker = server.worker_pid()
        wait_until_idle(worker)
        return fetch(server, worker, path)
    finally:
        server.stop()


def wait_until_idle(pid: int, quiet_s: float = 0.3, timeout_s: float = 60) -> None:
    """Wait until process ``pid`` has used no CPU for ``quiet_s``.

    The warm-up hangs up after its first rows, but its generator goes on until
    a write fails, and a client-side cursor first fetches every row: measured
    at once, the export would share the worker with the end of the warm-up.
    """

    def cpu_ticks() -> int:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return int(fields[11]) + int(fields[12])  # utime, stime

    deadline = time.monotonic() + timeout_s
    before = cpu_ticks()
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = cpu_ticks()
        if now == before:
            return
        before = now
    raise RuntimeError(f"worker {pid} still busy {timeout_s} s after the warm-up")


def warm_up(server: LiveServer) -> None:
    """The first rows of one export, then a hang-up: imports, and the pool with its connection."""
    connection = server.connection(timeout=60)
    connection.request("GET", "/orders.csv")
    response = connection.getresponse()
    assert response.status == 200, response.status
    response.read1(1 << 16)
    connection.close()


def main() -> int:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    load = os.getloadavg()[0]
    served: dict[str, dict[str, dict[str, float]]] = {}
    with postgres_server(postgres_template(WORK)) as postgres:
        for rows in SIZES:
            print(f"making the tables of {rows} orders")
            sqlite_path = WORK / f"orders-{rows}.sqlite3"
            sqlite_export.create_orders(str(sqlite_path), rows)
            schema = f"rows_{rows}"
            postgres.query(f"CREATE SCHEMA {schema}")
            url = f"{postgres.url}?options=-c%20search_path%3D{schema}"
            postgres_export.create_orders(url, rows)
            postgres.query("VACUUM ANALYZE")
            envs = {"sqlite": f"FLASK_DATABASE={sqlite_path}", "postgres": f"FLASK_DATABASE_URL={url}"}

            print(f"serving {rows} orders, and reading them in-process")
            pool = postgres_export.connection_pool(url, 1, 10)
            baselines = {
                "sqlite fetchmany": functools.partial(
                    sqlite_export.iter_order_chunks, str(sqlite_path), ROWS_PER_CHUNK
                ),
                "postgres server-side": functools.partial(
                    postgres_export.iter_order_chunks, pool, ROWS_PER_CHUNK, True
                ),
                "postgres client-side": functools.partial(
                    postgres_export.iter_order_chunks, pool, ROWS_PER_CHUNK, False
                ),
            }
            runs: dict[str, list] = {f"{database} {cursor}": [] for database, cursor in VARIANTS}
            baseline_runs: dict[str, list] = {name: [] for name in runs}
            # Interleaved, served then in-process, so that a busy moment of the machine hits both.
            for run in range(RUNS):
                for database, cursor in VARIANTS:
                    name, log = f"{database} {cursor}", WORK / f"{database}-{cursor}-{rows}-{run}.log"
                    runs[name].append(fresh_fetch(database, envs[database], PATHS[cursor], log))
                    baseline_runs[name].append(in_process(baselines[name]()))
            pool.close()
            results = {name: median_of(measured) for name, measured in runs.items()}
            for name, measured in baseline_runs.items():
                results[name]["in_process"] = median_of(measured)
            served[str(rows)] = results

    big, small = served[str(SIZES[-1])], served[str(SIZES[0])]
    names = [f"{database} {cursor}" for database, cursor in VARIANTS]
    ratios = {name: round(big[name]["rows_per_s"] / big[name]["in_process"]["rows_per_s"], 2) for name in names}
    growth = {name: round(big[name]["memory_growth_mib"] - small[name]["memory_growth_mib"], 2) for name in names}
    targets = {
        "every export sent every row, the same bytes as read in-process": all(
            measured[name]["rows"] == int(rows) and measured[name]["bytes"] == measured[name]["in_process"]["bytes"]
            for rows, measured in served.items()
            for name in names
        ),
        "streamed export at least 0.8x the speed of reading in-process (recommended patterns, 1e6 rows)": all(
            ratios[name] >= 0.8 for name in RECOMMENDED
        ),
        "memory growth from 1e5 to 1e6 rows within 2 MiB (recommended patterns)": all(
            growth[name] <= 2 for name in RECOMMENDED
        ),
        "the client-side cursor's memory grows with the rows": growth["postgres client-side"]
        > 10 * max(growth["postgres server-side"], 1),
    }
    results = {
        "date": datetime.date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_start": round(load, 1),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "flask": version("flask"),
            "gunicorn": version("gunicorn"),
            "psycopg": version("psycopg"),
            "psycopg-pool": version("psycopg-pool"),
            "sqlite": sqlite_export.sqlite3.sqlite_version,
            "postgresql": postgres_version(),
        },
        "runs": RUNS,
        "rows_per_chunk": ROWS_PER_CHUNK,
        "served": served,
        "served_vs_in_process": ratios,
        "memory_growth_1e5_to_1e6_mib": growth,
        "targets": targets,
    }

    print(
        f"\nDatabase exports, gunicorn gthread on 127.0.0.1, median of {RUNS} runs "
        f"({results['machine']['cpus']} CPUs, load {load:.1f} at the start)"
    )
    print(f"{'rows':>9} {'export':<22} {'rows/s':>9} {'in-process':>11} {'ratio':>6} {'peak mem +':>11}")
    for rows, measured in served.items():
        for name in names:
            m = measured[name]
            ratio = m["rows_per_s"] / m["in_process"]["rows_per_s"]
            print(
                f"{int(rows):>9} {name:<22} {m['rows_per_s']:>9,.0f} {m['in_process']['rows_per_s']:>11,.0f} "
                f"{ratio:>6.2f} {m['memory_growth_mib']:>7.1f} MiB"
            )
    print()
    print(f"served / in-process at {SIZES[-1]} rows: {ratios}")
    print(f"memory growth from {SIZES[0]} to {SIZES[-1]} rows (MiB): {growth}")
    return finish(results, targets, RESULTS)


def postgres_version() -> str:
    import subprocess

    from tests.services import postgres_bin

    return subprocess.run(
        [postgres_bin() / "postgres", "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[-1]


if __name__ == "__main__":
    sys.exit(main())
