"""When each chunk of a stream reached the client: one short real run per example, for the pages' timelines.

`make timelines` serves each example of EXAMPLES on gunicorn (the chapter's gthread
worker, tests/servers.py), behind Debian's nginx where the example says so
(tests/proxies.py), reads the response from a raw socket, decodes the chunked
framing as the bytes arrive, and writes results/timelines.json:

    {
      "generated_by": "make timelines",
      "date": "2026-12-01",
      "machine": {"cpus": 2, "python": "3.11.2"},
      "versions": {"gunicorn": "...", "nginx": "1.22.1"},
      "examples": {
        "basics": {
          "request": "GET /per-row.csv?rows=10000 ...",
          "variants": [                                  # in the order the page's figure lists them
            {"name": "per_row", "server": "gunicorn-gthread", "path": "...",
             "chunks": 10000, "bytes": ..., "first_ms": ..., "last_ms": ...,
             "arrivals": [{"ms": 2.1, "chunks": 37, "bytes": 2960}, ...]},
            ...
          ]
        },
        ...
      }
    }

An arrival is one read from the socket: every chunk whose last byte came in that
read arrived at that moment (ms since the request was sent). A read that completes
no chunk adds none. So a stream of many tiny chunks is a few hundred arrivals, not
ten thousand marks, and each arrival says how many chunks and bytes it brought.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import socket
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from tests.proxies import Nginx, nginx_version
from tests.servers import DEPLOYED_DEFAULT, SERVERS

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "results" / "timelines.json"
# A stream that has not ended by then is a broken run, not a slow one.
TIMEOUT_S = 30


@dataclass(frozen=True)
class Variant:
    """One row of a figure: a request to an app, directly or through one nginx variant."""

    name: str
    module: str
    method: str
    path: str
    body: bytes = b""
    through_nginx: str | None = None


TOKEN_BODY = json.dumps({"prompt": "Hello", "max_tokens": 20}).encode()

# Each page's examples, in the order the page's figure draws their rows.
EXAMPLES: dict[str, tuple[Variant, ...]] = {
    # docs/basics.md: the same 10 000 rows, one row per chunk and 1000 rows per chunk.
    "basics": (
        Variant("per_row", "bench.csv_variants", "GET", "/per-row.csv?rows=10000"),
        Variant("batched", "bench.csv_variants", "GET", "/batched.csv?rows=10000"),
    ),
    # docs/templates.md: the report of 1000 orders, stream_template as is and buffered.
    "templates": (
        Variant("stream_template", "snippets.templates.report", "GET", "/orders?rows=1000"),
        Variant("buffered", "snippets.templates.buffered", "GET", "/orders?rows=1000"),
    ),
    # docs/errors.md: five chunks 0.3 s apart, through nginx's defaults and the chapter's block.
    "nginx": (
        Variant("default", "tests.apps.probe", "GET", "/chunks", through_nginx="default"),
        Variant("chapter", "tests.apps.probe", "GET", "/chunks", through_nginx="chapter"),
    ),
    # docs/tokens.md: 20 tokens of the stand-in model, one every 0.1 s.
    "tokens": (Variant("tokens", "snippets.tokens.token_stream", "POST", "/generate", TOKEN_BODY),),
}


def request_bytes(variant: Variant, port: int) -> bytes:
    head = [f"{variant.method} {variant.path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    if variant.method == "POST":
        head += ["Content-Type: application/json", f"Content-Length: {len(variant.body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + variant.body


class ChunkedReader:
    """Decode chunked framing fed in pieces; ``feed`` returns the sizes of the chunks it completed.

    A chunk is complete when its last data byte has arrived; the CRLF after it is
    skipped whenever it comes.
    """

    def __init__(self) -> None:
        self.buffer = b""
        self.status = ""
        self.headers_done = False
        self.remaining = 0  # data bytes still to come of the current chunk
        self.crlf_due = 0  # bytes of the CRLF after a chunk's data still to skip
        self.size = 0  # the current chunk's size
        self.ended = False

    def feed(self, data: bytes) -> list[int]:
        self.buffer += data
        completed: list[int] = []
        if not self.headers_done:
            if b"\r\n\r\n" not in self.buffer:
                return completed
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            self.status = lines[0]
            if "transfer-encoding: chunked" not in (line.lower() for line in lines[1:]):
                raise ValueError(f"not a chunked response: {lines}")
            self.headers_done = True
        while not self.ended:
            if self.crlf_due:
                skipped = min(self.crlf_due, len(self.buffer))
                self.buffer, self.crlf_due = self.buffer[skipped:], self.crlf_due - skipped
                if self.crlf_due:
                    break
            if self.remaining:
                taken = min(self.remaining, len(self.buffer))
                self.buffer, self.remaining = self.buffer[taken:], self.remaining - taken
                if self.remaining:
                    break
                completed.append(self.size)
                self.crlf_due = 2
                continue
            if b"\r\n" not in self.buffer:
                break
            line, self.buffer = self.buffer.split(b"\r\n", 1)
            self.size = self.remaining = int(line.split(b";")[0], 16)
            self.ended = self.size == 0
        return completed


def measure(variant: Variant, port: int) -> dict:
    """Send the request, read until the stream ends, and record every arrival of chunks."""
    reader = ChunkedReader()
    arrivals = []
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_S) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        started = time.perf_counter()
        sock.sendall(request_bytes(variant, port))
        while not reader.ended:
            data = sock.recv(1 << 16)
            now = time.perf_counter()
            if not data:
                raise RuntimeError(f"{variant.name}: the connection closed before the last chunk")
            sizes = reader.feed(data)
            if sizes:
                arrivals.append({"ms": round((now - started) * 1000, 1), "chunks": len(sizes), "bytes": sum(sizes)})
    if " 200 " not in reader.status + " ":
        raise RuntimeError(f"{variant.name}: {reader.status}")
    return {
        "name": variant.name,
        "server": DEPLOYED_DEFAULT,
        "nginx": variant.through_nginx,
        "request": f"{variant.method} {variant.path}",
        "chunks": sum(arrival["chunks"] for arrival in arrivals),
        "bytes": sum(arrival["bytes"] for arrival in arrivals),
        "first_ms": arrivals[0]["ms"],
        "last_ms": arrivals[-1]["ms"],
        "arrivals": arrivals,
    }


def warm_up(variant: Variant, port: int) -> None:
    """One request first, so that the measured one does not wait for gunicorn's worker to boot."""
    measure(variant, port)


def run_example(variants: tuple[Variant, ...], directory: Path) -> list[dict]:
    measured = []
    for variant in variants:
        with ExitStack() as stack:
            server = SERVERS[DEPLOYED_DEFAULT].live(variant.module, directory / f"{variant.name}.log")
            server.start()
            stack.callback(server.stop)
            port = server.port
            if variant.through_nginx:
                nginx_dir = directory / f"nginx-{variant.name}"
                nginx_dir.mkdir()
                proxy = stack.enter_context(Nginx(nginx_dir, server.port, (variant.through_nginx,)))
                port = proxy.endpoints[variant.through_nginx].port
            warm_up(variant, port)
            measured.append(measure(variant, port))
    return measured


def main() -> None:
    from importlib.metadata import version

    examples = {}
    with tempfile.TemporaryDirectory(prefix="timelines-") as directory:
        for key, variants in EXAMPLES.items():
            examples[key] = {"variants": run_example(variants, Path(directory))}
    results = {
        "generated_by": "make timelines",
        "date": datetime.date.today().isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "versions": {"gunicorn": version("gunicorn"), "nginx": nginx_version()},
        "examples": examples,
    }
    for key, example in examples.items():
        for variant in example["variants"]:
            print(
                f"{key:>10} {variant['name']:>16}: {variant['chunks']:>6} chunks, {variant['bytes']:>8} bytes, "
                f"{len(variant['arrivals']):>4} arrivals, first {variant['first_ms']} ms, last {variant['last_ms']} ms"
            )
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
