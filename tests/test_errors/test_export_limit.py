"""At most MAX_CONCURRENT_EXPORTS exports stream at once; the next gets a 503 before any body.

A slot comes back when the response is closed: after a normal end, and after
the client hangs up in the middle of the stream.
"""

import socket
import time

import pytest

import snippets.errors.export_limit as export_limit
from snippets.errors.export_limit import MAX_CONCURRENT_EXPORTS, app
from tests.test_errors.helpers import TIMEOUT

# Short, quick exports for the live server: 40 lines at 0.05 s last 2 seconds.
QUICK = ("--env", "FLASK_EXPORT_LINES=40", "--env", "FLASK_EXPORT_INTERVAL=0.05")


@pytest.fixture
def client(monkeypatch):
    """A test client for the export app, with fresh slots and no pause between lines."""
    monkeypatch.setattr(export_limit, "export_slots", export_limit.threading.BoundedSemaphore(MAX_CONCURRENT_EXPORTS))
    monkeypatch.setitem(app.config, "EXPORT_INTERVAL", 0)
    return app.test_client()


def assert_refused(response):
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert b"Too many exports are running" in response.data


def test_a_single_export_streams_every_line(client):
    with client.get("/export") as response:
        assert response.status_code == 200
        assert response.is_streamed
        assert response.data.count(b"line") == app.config["EXPORT_LINES"]


def test_one_export_more_than_the_slots_gets_503_with_retry_after(client):
    running = [client.get("/export") for _ in range(MAX_CONCURRENT_EXPORTS)]
    assert [response.status_code for response in running] == [200] * MAX_CONCURRENT_EXPORTS
    with client.get("/export") as refused:
        assert_refused(refused)
    for response in running:
        response.close()


def test_closing_a_partly_read_export_gives_its_slot_back(client):
    running = [client.get("/export") for _ in range(MAX_CONCURRENT_EXPORTS)]
    assert next(iter(running[0].response)) == b"line 0\n"
    running[0].close()
    with client.get("/export") as response:
        assert response.status_code == 200
    for response in running[1:]:
        response.close()


def test_finished_and_head_requests_give_their_slots_back(client):
    for _ in range(3 * MAX_CONCURRENT_EXPORTS):
        with client.get("/export") as response:
            assert response.data.endswith(b"\n")
        with client.head("/export") as response:
            assert response.status_code == 200


def open_export(port):
    """Start an export over HTTP/1.1 and read until its first line: the slot is taken.

    A slot that an earlier test's client gave up may take a moment to come back,
    so a 503 is asked again for up to two seconds.
    """
    deadline = time.monotonic() + 2
    while True:
        sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        sock.sendall(b"GET /export HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            assert chunk, "the server closed the connection before the headers"
            data += chunk
        if data.startswith(b"HTTP/1.1 200 "):
            while b"line 0\n" not in data:
                chunk = sock.recv(4096)
                assert chunk, "the server closed the connection before the first line"
                data += chunk
            return sock
        sock.close()
        assert data.startswith(b"HTTP/1.1 503 "), data
        assert time.monotonic() < deadline, "no slot came back within 2 s"
        time.sleep(0.05)


def read_to_end(sock):
    """Read the rest of a chunked export, until its last, empty chunk."""
    data = b""
    while not data.endswith(b"\r\n0\r\n\r\n"):
        chunk = sock.recv(4096)
        assert chunk, "the export ended without its last chunk"
        data += chunk
    return data


def get_status(server):
    """One GET /export that reads only the status; returns (status, Retry-After, seconds taken)."""
    connection = server.connection(timeout=TIMEOUT)
    started = time.monotonic()
    connection.request("GET", "/export")
    response = connection.getresponse()
    taken = time.monotonic() - started
    status, retry_after = response.status, response.getheader("Retry-After")
    if status == 503:
        assert b"Too many exports are running" in response.read()
    connection.close()  # an export that was granted is given back by hanging up
    return status, retry_after, taken


def wait_for_a_free_slot(server, within):
    """Ask until an export is granted; return how long the slot took to come back."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        status, _, _ = get_status(server)
        if status == 200:
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"no slot came back within {within} s:\n{server.log()}")


@pytest.mark.live
def test_live_third_export_gets_503_at_once_and_hang_up_frees_a_slot(live_server):
    server = live_server("snippets.errors.export_limit", *QUICK)
    running = [open_export(server.port) for _ in range(MAX_CONCURRENT_EXPORTS)]
    # The worker has 8 threads, but only two exports: the third is refused at once.
    status, retry_after, taken = get_status(server)
    assert (status, retry_after) == (503, "30")
    assert taken < 1, taken
    # The client of the first export hangs up in the middle of its stream: the
    # server closes the response at its next failed write, and the slot is free.
    running[0].close()
    wait_for_a_free_slot(server, within=1.5)
    running[1].close()


@pytest.mark.live
def test_live_an_export_that_ends_gives_its_slot_back(live_server):
    server = live_server("snippets.errors.export_limit", *QUICK)
    running = [open_export(server.port) for _ in range(MAX_CONCURRENT_EXPORTS)]
    assert get_status(server)[0] == 503
    body = read_to_end(running[0])
    assert b"line 39\n" in body
    running[0].close()
    # The body has ended: the slot comes back within a moment.
    wait_for_a_free_slot(server, within=1)
    running[1].close()
