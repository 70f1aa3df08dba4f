"""`make bench-fanout`: one publisher, many SSE clients, through Redis pub/sub, on gunicorn's gthread and gevent workers.

For each worker class: CLIENTS clients open snippets.fanout.redis_pubsub's
stream over loopback; the workers' memory is read with none and with all of
them connected (idle); then one publisher sends RATE events a second for
SECONDS seconds straight to Redis. Every event carries the time it was
published, so each client measures how late it arrived; lost and out-of-order
events are counted per client. RUNS runs per worker class, interleaved, and
the medians of the runs are written to bench/fanout.json, from which the
fan-out page takes its figures.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

from bench import finish
from snippets.fanout.redis_pubsub import CHANNEL
from tests.live_server import LiveServer
from tests.services import RedisServer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "fanout.json"
WORKDIR = ROOT / "_build" / "bench" / "fanout"
CLIENTS = 500
RATE = 50  # events a second
SECONDS = 20
# After the last event: wait until every client has every event, or until no
# client has received anything for QUIET seconds. What has not arrived by then is lost.
QUIET = 3
RUNS = 3
WORKERS = 2  # gunicorn worker processes
# Seconds between heartbeats (the app's default is 15): a closed client is noticed
# sooner, and 500 heartbeats every 2 s are little beside 25 000 events a second.
HEARTBEAT = 2
# Each worker class with room for every client on one worker: the kernel does not
# share connections out evenly between the workers.
WORKER_CLASSES = {
    "gthread": ("--worker-class", "gthread", "--threads", str(CLIENTS + 10)),
    "gevent": ("--worker-class", "gevent", "--worker-connections", str(2 * CLIENTS)),
}
TARGETS = {"lost": 0, "p99_ms": 250}
KiB = 1024


def rss_kib(pids: list[int]) -> int:
    """The resident memory of these processes together."""
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


class Client:
    """One SSE client on a raw connection: what it received, and how late."""

    def __init__(self) -> None:
        self.sequence: list[int] = []
        self.latency_ms: list[float] = []
        self.writer: asyncio.StreamWriter | None = None
        self.closing = False
        self.started = False
        self.ended_by_server = False  # the stream ended before the client hung up

    async def connect(self, port: int) -> None:
        reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
        self.writer.write(b"GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        head = await reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(f"the stream did not start: {head!r}")
        self.reader = reader
        self.buffer = b""
        while b": subscribed" not in self.buffer:  # the view has subscribed
            self.buffer += await reader.read(65536)
        self.started = True

    async def read(self) -> None:
        """Read frames until the connection closes; record each event's number and delay."""
        while chunk := await self.reader.read(65536):
            received = time.monotonic_ns()
            *lines, self.buffer = (self.buffer + chunk).split(b"\n")  # keep a line cut in two
            for line in lines:
                if line.startswith(b"data: "):
                    number, sent = json.loads(line[6:])["message"].split()
                    self.sequence.append(int(number))
                    self.latency_ms.append((received - int(sent)) / 1e6)
        self.ended_by_server = not self.closing

    def close(self) -> None:
        self.closing = True
        if self.writer is not None:
            self.writer.close()


def publisher(port: int, rate: int, seconds: int, receivers: list[int]) -> None:
    """The one publisher, in a process of its own: ``rate`` events a second, each stamped with its time."""
    import redis

    client = redis.Redis(port=port)
    started = time.monotonic()
    for number in range(rate * seconds):
        delay = started + number / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        # time.monotonic_ns() is one clock for every process on the machine.
        receivers.append(client.publish(CHANNEL, f"{number} {time.monotonic_ns()}"))


async def wait_for_subscribers(redis: RedisServer, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while (found := redis.subscribers(CHANNEL)) != count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{found} subscribers, not {count}")
        await asyncio.sleep(0.1)


async def open_clients(port: int, count: int) -> tuple[list[Client], list[str]]:
    """The clients whose stream started, and why the others did not."""
    clients = [Client() for _ in range(count)]
    failures: list[str] = []
    # A hundred at a time: the listen backlog holds the others until accepted.
    for start in range(0, count, 100):
        batch = clients[start : start + 100]
        outcomes = await asyncio.gather(*(client.connect(port) for client in batch), return_exceptions=True)
        failures += [str(outcome)[:200] for outcome in outcomes if isinstance(outcome, Exception)]
    for client in clients:
        if not client.started:
            client.close()
    return [client for client in clients if client.started], failures


async def measure(server: LiveServer, redis: RedisServer) -> dict[str, float]:
    workers = server.worker_pids(WORKERS)
    # Warm-up: every worker imports and connects before the idle memory is read.
    warm, _ = await open_clients(server.port, 20)
    for client in warm:
        client.close()
    await wait_for_subscribers(redis, 0)
    await asyncio.sleep(1)
    idle = rss_kib(workers)

    clients, refused = await open_clients(server.port, CLIENTS)
    # A subscription lost already is measured below, not hidden.
    with contextlib.suppress(RuntimeError):
        await wait_for_subscribers(redis, len(clients), timeout=15)
    subscribed = redis.subscribers(CHANNEL)
    await asyncio.sleep(1)
    connected = rss_kib(workers)

    readers = [asyncio.create_task(client.read()) for client in clients]
    with multiprocessing.Manager() as manager:
        receivers = manager.list()
        publishing = multiprocessing.Process(target=publisher, args=(redis.port, RATE, SECONDS, receivers))
        publishing.start()
        while publishing.is_alive():
            await asyncio.sleep(0.1)
        receivers = list(receivers)
    published = RATE * SECONDS
    delivered, quiet_since = -1, time.monotonic()
    while time.monotonic() - quiet_since < QUIET:
        await asyncio.sleep(0.25)
        now_delivered = sum(len(client.sequence) for client in clients)
        if now_delivered == published * len(clients):
            break
        if now_delivered != delivered:
            delivered, quiet_since = now_delivered, time.monotonic()
    ended_by_server = sum(client.ended_by_server for client in clients)
    for client in clients:
        client.close()
    await asyncio.gather(*readers, return_exceptions=True)

    latencies = sorted(ms for client in clients for ms in client.latency_ms)
    delivered = sum(len(client.sequence) for client in clients)
    out_of_order = sum(
        sum(1 for a, b in zip(client.sequence, client.sequence[1:], strict=False) if b <= a) for client in clients
    )
    return {
        "published": published,
        "publisher_saw_receivers_min": min(receivers),
        "expected": published * CLIENTS,
        "delivered": delivered,
        "lost": published * CLIENTS - delivered,
        "out_of_order": out_of_order,
        "streams_ended_by_server": ended_by_server,
        "p50_ms": round(latencies[len(latencies) // 2], 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)], 1),
        "max_ms": round(latencies[-1], 1),
        "rss_idle_mib": round(idle / KiB, 1),
        "rss_connected_mib": round(connected / KiB, 1),
        "memory_per_connection_kib": round((connected - idle) / len(clients), 1),
        "streams_refused": len(refused),
        "started_but_not_subscribed": len(clients) - subscribed,
        "why_refused": sorted(set(refused)),
    }


def run_once(worker_class: str, redis: RedisServer, run: int) -> dict[str, float]:
    log = WORKDIR / f"gunicorn-{worker_class}-{run}.log"
    args = (
        "--workers",
        str(WORKERS),
        *WORKER_CLASSES[worker_class],
        "--env",
        f"FLASK_REDIS_URL={redis.url}",
        "--env",
        f"FLASK_HEARTBEAT_INTERVAL={HEARTBEAT}",
        "--backlog",
        "2048",
        "--access-logfile",
        "/dev/null",
    )
    server = LiveServer("snippets.fanout.redis_pubsub", log, args)
    server.start()
    try:
        return asyncio.run(measure(server, redis))
    finally:
        server.stop()


def median_of(runs: list[dict]) -> dict[str, float]:
    return {
        key: round(statistics.median(run[key] for run in runs), 1)
        for key in runs[0]
        if isinstance(runs[0][key], int | float)
    }


def main() -> int:
    WORKDIR.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    redis = RedisServer(WORKDIR)
    redis.start()
    runs: dict[str, list] = {name: [] for name in WORKER_CLASSES}
    try:
        for run in range(RUNS):  # interleaved, so that a busy moment hits both
            for name in WORKER_CLASSES:
                print(f"run {run + 1}/{RUNS}: {name} ...", flush=True)
                runs[name].append(run_once(name, redis, run))
                print(f"  {runs[name][-1]}", flush=True)
    finally:
        redis.stop()
    medians = {name: median_of(measured) for name, measured in runs.items()}
    targets = {}
    for name, m in medians.items():
        targets[f"{name}: 0 events lost in every run"] = all(r["lost"] == TARGETS["lost"] for r in runs[name])
        targets[f"{name}: events in order in every run"] = all(r["out_of_order"] == 0 for r in runs[name])
        targets[f"{name}: every stream started and subscribed in every run"] = all(
            r["streams_refused"] == 0 and r["started_but_not_subscribed"] == 0 for r in runs[name]
        )
        targets[f"{name}: no stream cut in any run"] = all(r["streams_ended_by_server"] == 0 for r in runs[name])
        targets[f"{name}: p99 delivery within {TARGETS['p99_ms']} ms (median of runs)"] = (
            m["p99_ms"] <= TARGETS["p99_ms"]
        )
    redis_version = subprocess.run(
        [sys.executable, "-c", "import redis; print(redis.__version__)"], capture_output=True, text=True, check=True
    ).stdout.strip()
    results = {
        "date": datetime.date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_start": round(load_before, 1),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "flask": version("flask"),
            "gunicorn": version("gunicorn"),
            "gevent": version("gevent"),
            "redis-py": redis_version,
            "redis-server": subprocess.run(["redis-server", "--version"], capture_output=True, text=True, check=True)
            .stdout.split()[2]
            .removeprefix("v="),
        },
        "setup": {
            "clients": CLIENTS,
            "events_per_second": RATE,
            "seconds": SECONDS,
            "workers": WORKERS,
            "heartbeat_seconds": HEARTBEAT,
            "quiet_seconds_before_counting_lost": QUIET,
        },
        "target": {"lost": TARGETS["lost"], "p99_ms": TARGETS["p99_ms"]},
        "runs": RUNS,
        "every_run": runs,
        "median": medians,
        "targets": targets,
    }

    print(
        f"\nFan-out through Redis: {CLIENTS} SSE clients, {RATE} events/s for {SECONDS} s, "
        f"{WORKERS} gunicorn workers, median of {RUNS} runs ({results['machine']['cpus']} CPUs, "
        f"load average {load_before:.1f} at start)"
    )
    print(f"{'worker':<8} {'delivered':>10} {'lost':>6} {'p50':>9} {'p99':>9} {'max':>9} {'memory/connection':>18}")
    for name, m in medians.items():
        print(
            f"{name:<8} {int(m['delivered']):>10} {int(m['lost']):>6} {m['p50_ms']:>6.1f} ms {m['p99_ms']:>6.1f} ms "
            f"{m['max_ms']:>6.1f} ms {m['memory_per_connection_kib']:>14.1f} KiB"
        )
    return finish(results, targets, RESULTS)


if __name__ == "__main__":
    sys.exit(main())
