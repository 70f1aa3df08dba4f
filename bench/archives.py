"""`make bench-archives`: a folder zipped while it is sent, by stream-zip and by zipstream-ng.

Both libraries serve the same two folders under gunicorn (1000 small files; a few
large ones), deflated and stored. For each: throughput of the source files, time
to the first byte and the worker's peak memory growth, as medians of RUNS runs,
every archive checked byte-identical once. The figures go to bench/archives.json,
from which the archives page takes its numbers and its choice of library.
"""

from __future__ import annotations

import datetime
import hashlib
import http.client
import io
import os
import platform
import random
import statistics
import sys
import time
import zipfile
from importlib.metadata import version
from pathlib import Path

from bench import finish
from tests.live_server import LiveServer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "archives.json"
WORK = ROOT / "_build" / "bench" / "archives"
# A folder of two small files, for each server's warm-up.
TINY = ROOT / "snippets" / "archives" / "files" / "reports"
LIBRARIES = ("stream-zip", "zipstream-ng")
MODES = ("deflate", "stored")
SMALL_FILES = 1000
SMALL_SIZE = 8 * 1024
LARGE_FILES = 4
LARGE_SIZE = 32 * 1024 * 1024
RUNS = 3
MiB = 1024 * 1024


def text_like(rng: random.Random, size: int) -> bytes:
    """Bytes that compress about as well as a CSV export: words from a small vocabulary."""
    words = [bytes(rng.choice(b"abcdefghijklmnop0123456789,") for _ in range(7)) + b" " for _ in range(400)]
    return b"".join(rng.choice(words) for _ in range(size // 8 + 1))[:size]


def make_folders() -> dict[str, Path]:
    """The two folders, made once (same seed, same bytes): half random, half text-like data."""
    folders = {"small": WORK / "small", "large": WORK / "large"}
    rng = random.Random(2026)
    for name, files, size in (("small", SMALL_FILES, SMALL_SIZE), ("large", LARGE_FILES, LARGE_SIZE)):
        folder = folders[name]
        if folder.is_dir() and len(list(folder.iterdir())) == files:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(files):
            content = rng.randbytes(size // 2) + text_like(rng, size - size // 2)
            (folder / f"file-{number:04}.bin").write_bytes(content)
    return folders


def memory_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far: unlike wall time, not stretched by a busy machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fetch(port: int, worker: int, library: str, mode: str, folder: Path, keep: bool = False):
    """One download: its figures, and the body when ``keep`` (for the byte-identical check)."""
    cpu_before = cpu_seconds(worker)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", f"/{library}/{mode}.zip?folder={folder}")
    response = connection.getresponse()
    assert response.status == 200, response.status
    first = response.read1(1 << 16)
    first_byte = time.perf_counter() - started
    size = len(first)
    kept = [first] if keep else None
    while chunk := response.read1(1 << 20):
        size += len(chunk)
        if keep:
            kept.append(chunk)
    total = time.perf_counter() - started
    connection.close()
    cpu = cpu_seconds(worker) - cpu_before
    source = sum(path.stat().st_size for path in folder.iterdir())
    figures = {
        "ttfb_ms": first_byte * 1000,
        "seconds": total,
        "zip_bytes": size,
        "source_mb_per_s": source / total / 1e6,
        "worker_cpu_seconds": cpu,
        "source_mb_per_cpu_s": source / max(cpu, 0.01) / 1e6,
    }
    return figures, (b"".join(kept) if keep else None)


def byte_identical(body: bytes, folder: Path) -> bool:
    """Whether the zip holds exactly the folder's files, byte for byte (zipfile checks each CRC too)."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        unzipped = {info.filename: hashlib.sha256(archive.read(info)).digest() for info in archive.infolist()}
    source = {path.name: hashlib.sha256(path.read_bytes()).digest() for path in folder.iterdir()}
    return unzipped == source


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    folders = make_folders()
    # One server per case, so that each worker's peak memory is measured from its own
    # start: a worker keeps memory it once needed, which would hide a later case's growth.
    cases = [(name, mode, library) for name in folders for mode in MODES for library in LIBRARIES]
    servers = {
        case: LiveServer("bench.archive_variants", WORK / f"gunicorn-{'-'.join(case)}.log", ("--threads", "4"))
        for case in cases
    }
    identical, runs, peak = {}, {case: [] for case in cases}, {}
    try:
        baseline = {}
        for (name, mode, library), server in servers.items():
            server.start()
            worker = server.worker_pid()
            # Warm-up on a tiny folder: imports and the first connection, not the data.
            fetch(server.port, worker, library, mode, TINY)
            Path(f"/proc/{worker}/clear_refs").write_text("5")  # reset the worker's peak RSS
            baseline[name, mode, library] = memory_kib(worker, "VmRSS")
        for (name, mode, library), server in servers.items():  # the byte-identical check, once each
            body = fetch(server.port, server.worker_pid(), library, mode, folders[name], keep=True)[1]
            identical[f"{library} {mode} {name}"] = byte_identical(body, folders[name])
        for _ in range(RUNS):  # interleaved, so that a busy moment hits every case
            for (name, mode, library), server in servers.items():
                runs[name, mode, library].append(
                    fetch(server.port, server.worker_pid(), library, mode, folders[name])[0]
                )
        for case, server in servers.items():
            peak[case] = (memory_kib(server.worker_pid(), "VmHWM") - baseline[case]) / 1024
    finally:
        for server in servers.values():
            server.stop()

    served: dict = {}
    for (name, mode, library), measured in runs.items():
        figures = median_of(measured) | {"memory_growth_mib": round(peak[name, mode, library], 1)}
        served.setdefault(name, {}).setdefault(mode, {})[library] = figures
    large = served["large"]
    targets = {
        "every archive unzips byte-identical": all(identical.values()),
        "zipstream-ng memory growth within 16 MiB in every case": all(
            served[name][mode]["zipstream-ng"]["memory_growth_mib"] <= 16 for name in served for mode in MODES
        ),
        "deflate: neither library needs 20 % less CPU time than the other": all(
            max(cpu) <= 1.25 * min(cpu)
            for cpu in (
                [served[name]["deflate"][library]["source_mb_per_cpu_s"] for library in LIBRARIES] for name in served
            )
        ),
        "stream-zip stored holds a whole large file in memory": large["stored"]["stream-zip"]["memory_growth_mib"]
        >= LARGE_SIZE / MiB,
    }
    results = {
        "date": datetime.date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_start": round(os.getloadavg()[0], 1),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "gunicorn": version("gunicorn"),
            "stream-zip": version("stream-zip"),
            "zipstream-ng": version("zipstream-ng"),
        },
        "setup": {
            "small": {"files": SMALL_FILES, "file_bytes": SMALL_SIZE},
            "large": {"files": LARGE_FILES, "file_bytes": LARGE_SIZE},
            "deflate_level": 6,
            "chunk_bytes": 64 * 1024,
        },
        "runs": RUNS,
        "byte_identical": identical,
        "served": served,
        "ratios": {
            f"zipstream_ng_vs_stream_zip_{name}_{mode}_per_cpu_s": round(
                served[name][mode]["zipstream-ng"]["source_mb_per_cpu_s"]
                / served[name][mode]["stream-zip"]["source_mb_per_cpu_s"],
                2,
            )
            for name in served
            for mode in MODES
        },
        "targets": targets,
    }
    print(
        f"Zip of a folder, gunicorn gthread on 127.0.0.1, median of {RUNS} runs "
        f"({results['machine']['cpus']} CPUs, load {results['machine']['load_average_at_start']})"
    )
    print(
        f"{'folder':<6} {'mode':<8} {'library':<13} {'zip MB':>7} {'src MB/s':>9} {'MB/CPU s':>9} "
        f"{'first byte':>11} {'peak mem +':>11}"
    )
    for name, modes in served.items():
        for mode, libraries in modes.items():
            for library, m in libraries.items():
                print(
                    f"{name:<6} {mode:<8} {library:<13} {m['zip_bytes'] / 1e6:>7.1f} {m['source_mb_per_s']:>9.1f} "
                    f"{m['source_mb_per_cpu_s']:>9.1f} {m['ttfb_ms']:>8.1f} ms {m['memory_growth_mib']:>7.1f} MiB"
                )
    print()
    for name, value in results["ratios"].items():
        print(f"ratio {name}: {value}")
    return finish(results, targets, RESULTS)


if __name__ == "__main__":
    sys.exit(main())
