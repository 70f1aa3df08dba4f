"""Bounded load and fault tests on a real gunicorn (gthread) server, loopback only.

100 clients at once receive complete, correct streams; 100 clients that hang up
mid-stream leave every generator's ``finally`` run and no thread or file
descriptor behind.
"""

import http.client
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from snippets.errors.last_record import read_export
from tests.test_errors.helpers import hang_up_after

CLIENTS = 100
ROWS = 2000

pytestmark = pytest.mark.live


def fetch_export(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", f"/orders.ndjson?rows={ROWS}")
        response = connection.getresponse()
        assert response.status == 200
        return response.read().decode()
    finally:
        connection.close()


def test_hundred_concurrent_streams_are_all_complete_and_correct(live_server):
    server = live_server("snippets.errors.last_record")
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        bodies = list(pool.map(lambda _: fetch_export(server.port), range(CLIENTS)))
    assert len(bodies) == CLIENTS
    for body in bodies:
        lines = body.splitlines()
        rows = read_export(lines)  # raises if the final record is missing or wrong
        assert len(rows) == ROWS
        assert json.loads(lines[-1]) == {"done": True, "rows": ROWS}
    assert len(set(bodies)) == 1


def hang_up_all(server, count_before):
    """CLIENTS clients hang up after the first chunk; wait for every finally block."""
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        first_chunks = list(
            pool.map(lambda _: hang_up_after(server.port, "/ticks", b"tick 0", timeout=30), range(CLIENTS))
        )
    assert all(b"tick 0" in chunk for chunk in first_chunks)
    deadline = time.monotonic() + 60
    while len(closed_lines(server)) - count_before < CLIENTS and time.monotonic() < deadline:
        time.sleep(0.1)
    return closed_lines(server)[count_before:]


def closed_lines(server):
    return [line for line in server.log().splitlines() if "ticks stream closed after" in line]


def test_hundred_clients_that_hang_up_leave_nothing_behind(live_server):
    server = live_server("snippets.errors.disconnect_cleanup")
    # A first round fills gthread's pool of 8 threads, which then stays as it is.
    assert len(hang_up_all(server, 0)) == CLIENTS
    before = server.worker_resources()

    closed = hang_up_all(server, CLIENTS)
    # Every generator noticed its client was gone and ran its finally block,
    # within a few chunks rather than the minute the stream would last.
    assert len(closed) == CLIENTS, server.log()[-2000:]
    assert all(int(line.split("after ")[1].split()[0]) < 20 for line in closed)

    # No thread and no socket left behind (closing sockets may take a moment).
    deadline = time.monotonic() + 10
    while server.worker_resources() != before and time.monotonic() < deadline:
        time.sleep(0.1)
    threads, descriptors = server.worker_resources()
    assert (threads, descriptors) == before
    assert threads <= 1 + 8 + 1  # main thread, the pool, gunicorn's own
