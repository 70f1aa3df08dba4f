"""What a client sees of tests/apps/probe.py's streams on one server: measured, as data.

Each function makes a request or two and returns plain numbers and categories,
which the proofs (test_matrix.py) assert and `make matrix-servers` writes to
results/servers.json. Times are milliseconds from the moment the request was sent.
"""

from __future__ import annotations

import http.client
import re
import socket
import time

from tests.apps import probe
from tests.live_server import LiveServer

# Every socket read gives up after this many seconds.
TIMEOUT = 10


def ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def line_arrivals(endpoint, path: str = "/chunks") -> tuple[http.client.HTTPResponse, list[int]]:
    """GET ``path`` and read it as it comes: the response, and when each line arrived."""
    connection = endpoint.connection(timeout=TIMEOUT)
    started = time.monotonic()
    connection.request("GET", path)
    response = connection.getresponse()
    arrivals = []
    while chunk := response.read1(1000):
        arrivals.extend([ms_since(started)] * chunk.count(b"\n"))
    connection.close()
    return response, arrivals


def chunked_delivery(server: LiveServer) -> dict:
    """When the first and the last of the probe's CHUNKS lines arrive."""
    response, arrivals = line_arrivals(server)
    return {
        "chunks_received": len(arrivals),
        "first_chunk_ms": arrivals[0],
        "last_chunk_ms": arrivals[-1],
        "transfer_encoding": response.getheader("Transfer-Encoding"),
    }


def headers_timing(server: LiveServer, path: str) -> dict:
    """When the status line and headers arrive, and when the (one-line) body has arrived."""
    connection = server.connection(timeout=TIMEOUT)
    started = time.monotonic()
    connection.request("GET", path)
    response = connection.getresponse()
    headers_ms = ms_since(started)
    body = response.read()
    body_ms = ms_since(started)
    connection.close()
    assert body == b"first chunk\n", body
    return {"status": response.status, "headers_ms": headers_ms, "body_ms": body_ms}


def failure(server: LiveServer, path: str) -> dict:
    """What an HTTP/1.1 client gets from a view or generator that raises.

    ``outcome`` is "complete" (the body ended as announced), "IncompleteRead" (a
    chunked body without its last chunk: http.client's error for a cut stream),
    "no response" or "reset".
    """
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", path)
    try:
        response = connection.getresponse()
    except http.client.RemoteDisconnected:
        connection.close()
        return {"outcome": "no response"}
    result = {
        "status": response.status,
        "content_type": response.getheader("Content-Type"),
        "transfer_encoding": response.getheader("Transfer-Encoding"),
    }
    try:
        body = response.read()
        result["outcome"] = "complete"
    except http.client.IncompleteRead as error:
        body = error.partial
        result["outcome"] = "IncompleteRead"
    except ConnectionResetError:
        body = b""
        result["outcome"] = "reset"
    connection.close()
    result["handled_by_app"] = probe.HANDLED_BY_FLASK.encode() in body
    result["body_bytes"] = len(body)
    return result


def hang_up(server: LiveServer) -> dict:
    """Read the first tick of /ticks and close the socket: when does the generator's ``finally`` run?

    ``chunks_after_hang_up`` counts the ticks the generator made after the last one
    the client read (the one whose write failed included).
    """
    closed_before = server.log().count("ticks closed after")
    with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as sock:
        sock.sendall(b"GET /ticks HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        data = b""
        while b"tick 0\n" not in data:
            chunk = sock.recv(4096)
            assert chunk, f"the server closed the connection before the first tick:\n{data!r}"
            data += chunk
    hung_up = time.monotonic()
    deadline = hung_up + TIMEOUT
    while (found := re.findall(r"ticks closed after (\d+) chunks at ([\d.]+)", server.log()))[closed_before:] == []:
        assert time.monotonic() < deadline, f"finally did not run within {TIMEOUT} s:\n{server.log()}"
        time.sleep(0.02)
    taken, closed_at = found[closed_before]
    received = len(re.findall(rb"tick \d+\n", data))
    return {
        "chunks_after_hang_up": int(taken) + 1 - received,
        "finally_ms": round((float(closed_at) - hung_up) * 1000),
    }


def raw_http_1_0(server: LiveServer, path: str) -> dict:
    """GET path as an HTTP/1.0 client (no Connection header) and read until the server ends the connection.

    ``end`` is "close" (an orderly close: all an HTTP/1.0 client has to delimit a body
    without Content-Length) or "reset".
    """
    data = b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as sock:
        sock.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        try:
            while chunk := sock.recv(65536):
                data += chunk
            end = "close"
        except ConnectionResetError:
            end = "reset"
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in header_lines)}
    return {
        "response_version": status_line.split(" ")[0],
        "status": int(status_line.split(" ")[1]),
        "connection": headers.get("connection"),
        "transfer_encoding": headers.get("transfer-encoding"),
        "content_length": headers.get("content-length"),
        "end": end,
        "body": body.decode("latin-1"),
    }


def http_1_0(server: LiveServer) -> dict:
    """A whole stream and a cut one, as an HTTP/1.0 client gets them."""
    whole = raw_http_1_0(server, "/chunks")
    cut = raw_http_1_0(server, "/fail-after")
    expected = "".join(f"chunk {number}\n" for number in range(probe.CHUNKS))
    return {
        "response_version": whole["response_version"],
        "status": whole["status"],
        "connection": whole["connection"],
        "transfer_encoding": whole["transfer_encoding"],
        "content_length": whole["content_length"],
        "end": whole["end"],
        "body_complete": whole["body"] == expected,
        "cut_status": cut["status"],
        "cut_end": cut["end"],
        # Nothing tells the client that more was meant to come: no length, no chunk framing, an orderly close.
        "cut_looks_complete": cut["end"] == "close"
        and cut["transfer_encoding"] is None
        and cut["content_length"] is None,
    }


def wait_for_the_app(server: LiveServer) -> None:
    """One request, so that no measurement includes the start of a worker."""
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/")
    assert connection.getresponse().read() == b"ready\n"
    connection.close()


def measure(server: LiveServer) -> dict:
    """Every behaviour of the matrix, on one running server serving tests.apps.probe."""
    wait_for_the_app(server)
    return {
        "chunked_delivery": chunked_delivery(server),
        "slow_first_chunk": headers_timing(server, "/slow-start"),
        "empty_first_chunk": headers_timing(server, "/empty-first"),
        "failure_in_view": failure(server, "/fail-in-view"),
        "failure_before_first_chunk": failure(server, "/fail-before"),
        "failure_after_first_chunk": failure(server, "/fail-after"),
        "hang_up": hang_up(server),
        "http_1_0": http_1_0(server),
    }
