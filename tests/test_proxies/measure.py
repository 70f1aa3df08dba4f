"""What a client sees of tests/apps/probe.py's streams through nginx (and directly): measured, as data.

Each function makes one request to an endpoint (a variant of tests/proxies.py, or
the upstream gunicorn itself) and returns plain numbers and categories, which the
proofs (test_nginx.py) assert and `make matrix-proxies` writes to results/proxies.json.
Times are milliseconds from the moment the request was sent.
"""

from __future__ import annotations

import http.client
import time

from tests.test_servers.measure import TIMEOUT, failure, headers_timing, line_arrivals, ms_since


def chunk_arrivals(endpoint, path: str = "/chunks") -> dict:
    """When each line of a /chunks stream arrives, and whether X-Accel-Buffering reached the client."""
    response, arrivals = line_arrivals(endpoint, path)
    return {
        "arrivals_ms": arrivals,
        # The time between the first line and the last: 0 when the stream was held back and sent at once.
        "spread_ms": arrivals[-1] - arrivals[0],
        "x_accel_buffering": response.getheader("X-Accel-Buffering"),
    }


def upstream_protocol(endpoint) -> str:
    """The HTTP version of the request as gunicorn saw it (the WSGI environ's SERVER_PROTOCOL)."""
    connection = endpoint.connection(timeout=TIMEOUT)
    connection.request("GET", "/protocol")
    protocol = connection.getresponse().read().decode().strip()
    connection.close()
    return protocol


def pause(endpoint, path: str) -> dict:
    """What the client gets of a stream that pauses after its first chunk (/silent, /heartbeats).

    ``outcome`` is "complete" or "IncompleteRead" (the connection closed without the last chunk).
    """
    connection = endpoint.connection(timeout=TIMEOUT)
    started = time.monotonic()
    connection.request("GET", path)
    response = connection.getresponse()
    try:
        body = response.read()
        outcome = "complete"
    except http.client.IncompleteRead as error:
        body = error.partial
        outcome = "IncompleteRead"
    ended_ms = ms_since(started)
    connection.close()
    lines = body.decode().splitlines()
    return {
        "status": response.status,
        "outcome": outcome,
        "ended_ms": ended_ms,
        "first_chunk_received": "first chunk" in lines,
        "last_chunk_received": "last chunk" in lines,
        "heartbeats_received": lines.count(": heartbeat"),
    }


# What each behaviour measures, by name: the keys of the results file.
BEHAVIOURS = {
    "chunk_arrivals": chunk_arrivals,
    "chunk_arrivals_x_accel_buffering_no": lambda endpoint: chunk_arrivals(endpoint, "/chunks-unbuffered"),
    "upstream_protocol": upstream_protocol,
    "cut_stream": lambda endpoint: failure(endpoint, "/fail-after"),
    "slow_first_chunk": lambda endpoint: headers_timing(endpoint, "/slow-start"),
    "silent_pause": lambda endpoint: pause(endpoint, "/silent"),
    "heartbeat_pause": lambda endpoint: pause(endpoint, "/heartbeats"),
}
