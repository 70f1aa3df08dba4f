"""The generator's finally runs when the client goes away, but only once a write fails."""

import contextlib
import http.client
import logging
import re
import socket
import threading
import time

import pytest
import waitress

import snippets.errors.disconnect_cleanup as disconnect_cleanup
from snippets.errors.disconnect_cleanup import app
from tests.apps import disconnect_check, fillers
from tests.test_errors.helpers import TIMEOUT, hang_up_after

# gunicorn's sync worker (one thread: more would make gunicorn pick gthread),
# with a timeout of 1 s instead of 30 s to keep the test short.
SYNC_WORKER = ("--worker-class", "sync", "--threads", "1", "--timeout", "1")
# The test configuration's gthread worker, with a timeout of 2 s instead of 30 s.
GTHREAD_WORKER = ("--timeout", "2")
# The default worker class, asked for two threads.
SYNC_WITH_TWO_THREADS = ("--worker-class", "sync", "--threads", "2")


@pytest.fixture
def client(monkeypatch):
    """A test client for the ticks app, with no pause between ticks."""
    monkeypatch.setattr(disconnect_cleanup, "INTERVAL", 0)
    return app.test_client()


def read_first_tick_and_hang_up(port):
    """Request the ticks, read until the first tick arrives, and close the socket."""
    return hang_up_after(port, "/ticks", b"tick 0\n")


def test_complete_stream_logs_every_chunk(client, caplog):
    with caplog.at_level(logging.INFO), client.get("/ticks") as response:
        assert response.data.count(b"tick") == disconnect_cleanup.TICKS
    assert "ticks stream closed after 600 chunks" in caplog.text


def test_closing_the_response_early_runs_finally(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/ticks")
        assert next(iter(response.response)) == b"tick 0\n"
        assert "stream closed" not in caplog.text
        response.close()
    assert "ticks stream closed after 0 chunks" in caplog.text


def test_response_asks_nginx_not_to_buffer(client):
    with client.get("/ticks") as response:
        assert response.headers["X-Accel-Buffering"] == "no"


@pytest.mark.live
def test_live_response_asks_nginx_not_to_buffer(live_server):
    server = live_server("snippets.errors.disconnect_cleanup")
    data = read_first_tick_and_hang_up(server.port)
    assert b"\r\nX-Accel-Buffering: no\r\n" in data


@pytest.mark.live
def test_live_hang_up_runs_finally_soon(live_server):
    server = live_server("snippets.errors.disconnect_cleanup")
    started = time.monotonic()
    read_first_tick_and_hang_up(server.port)
    log = server.wait_for_log("ticks stream closed after", timeout=TIMEOUT)
    # The generator stopped at one of its next writes, not at the end of its minute.
    sent = int(re.search(r"ticks stream closed after (\d+) chunks", log)[1])
    assert 1 <= sent < 20, log
    assert time.monotonic() - started < 5


@pytest.mark.live
def test_live_sync_worker_is_killed_even_while_it_sends(live_server):
    server = live_server("snippets.errors.disconnect_cleanup", *SYNC_WORKER)
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/ticks")
    response = connection.getresponse()
    assert response.status == 200
    # The stream sends a tick every 0.1 s, and is still cut after about a second.
    with pytest.raises(http.client.IncompleteRead) as excinfo:
        response.read()
    response.close()
    connection.close()
    # Some ticks (fewer on a loaded machine), then the cut: not a stream that never started.
    assert 1 <= excinfo.value.partial.count(b"tick") < 100
    log = server.wait_for_log("WORKER TIMEOUT")
    assert "Using worker: sync" in log


@pytest.mark.live
def test_live_gthread_worker_streams_past_its_timeout(live_server):
    server = live_server("snippets.errors.disconnect_cleanup", *GTHREAD_WORKER)
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/ticks")
    response = connection.getresponse()
    received = b""
    # 40 ticks at 0.1 s: twice the timeout.
    while received.count(b"\n") < 40:
        chunk = response.read1(1000)
        assert chunk, "the stream ended early"
        received += chunk
    response.close()
    connection.close()
    log = server.wait_for_log("ticks stream closed after")
    assert "Using worker: gthread" in log
    assert "WORKER TIMEOUT" not in log


@pytest.mark.live
def test_live_more_than_one_thread_makes_gunicorn_use_gthread(live_server):
    server = live_server("snippets.errors.disconnect_cleanup", *SYNC_WITH_TWO_THREADS)
    log = server.wait_for_log("Using worker:")
    assert "Using worker: gthread" in log


def open_ticks(port):
    """Start a /ticks stream and return its socket once the first tick has come."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    sock.sendall(b"GET /ticks HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    data = b""
    while b"tick 0\n" not in data:
        chunk = sock.recv(4096)
        assert chunk, "the server closed the connection before the first tick"
        data += chunk
    return sock


@pytest.mark.live
def test_live_each_stream_holds_a_thread_for_as_long_as_it_lasts(live_server):
    server = live_server("snippets.errors.disconnect_cleanup", *SYNC_WITH_TWO_THREADS)
    with contextlib.ExitStack() as sockets:
        running = [sockets.enter_context(open_ticks(server.port)) for _ in range(2)]
        # Both threads stream: a third request waits, though its connection was accepted.
        waiting = sockets.enter_context(socket.create_connection(("127.0.0.1", server.port), timeout=1))
        waiting.sendall(b"GET /ticks HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        with pytest.raises(TimeoutError):
            waiting.recv(4096)
        # One client hangs up: its thread is free at the next failed write, and serves the third.
        running[0].close()
        waiting.settimeout(TIMEOUT)
        assert waiting.recv(4096).startswith(b"HTTP/1.1 200 OK")


# Werkzeug #1649: the server skips empty writes, so yield "" never touches the socket.
# tests/apps/fillers.py sends one line, then 30 fillers, and logs how many it sent.


def fillers_sent(caplog, name):
    """The number of fillers the app logged when its generator closed (waits for it)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if found := re.search(rf"{name}: (\d+) of 30 fillers sent", caplog.text):
            return int(found[1])
        time.sleep(0.05)
    raise AssertionError(f"the {name} stream did not close within {TIMEOUT} s:\n{caplog.text}")


def test_dev_server_notices_a_hang_up_at_the_next_real_write(dev_server, caplog):
    caplog.set_level(logging.INFO)
    hang_up_after(dev_server(fillers.app), "/dots", b"first\n")
    assert fillers_sent(caplog, "dots") < 30


def test_dev_server_never_notices_a_hang_up_through_empty_yields(dev_server, caplog):
    caplog.set_level(logging.INFO)
    hang_up_after(dev_server(fillers.app), "/empty", b"first\n")
    assert fillers_sent(caplog, "empty") == 30


@pytest.mark.live
@pytest.mark.parametrize(("name", "all_sent"), [("empty", True), ("dots", False)])
def test_live_gunicorn_skips_empty_chunks_too(live_server, name, all_sent):
    server = live_server("tests.apps.fillers")
    hang_up_after(server.port, f"/{name}", b"first\n")
    log = server.wait_for_log(f"{name}: ", timeout=TIMEOUT)
    sent = int(re.search(rf"{name}: (\d+) of 30 fillers sent", log)[1])
    assert (sent == 30) is all_sent, log


# waitress alone offers a check (A7): environ["waitress.client_disconnected"], which
# sees a hang-up only with channel_request_lookahead > 0. tests/apps/disconnect_check.py
# writes nothing after its first line, so only that check can notice the client leaving.


@pytest.mark.parametrize(("lookahead", "noticed"), [(0, False), (1, True)])
def test_waitress_client_disconnected_sees_a_hang_up_only_with_lookahead(lookahead, noticed):
    disconnect_check.seen.clear()
    server = waitress.create_server(disconnect_check.app, host="127.0.0.1", port=0, channel_request_lookahead=lookahead)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        hung_up_at = time.monotonic()
        hang_up_after(server.socket.getsockname()[1], "/watch", b"first\n")
        deadline = hung_up_at + disconnect_check.WATCH_SECONDS + TIMEOUT
        while "done" not in disconnect_check.seen and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        server.close()
    seen = disconnect_check.seen
    assert seen["has_check"], seen
    assert seen.get("done"), seen
    assert ("noticed_after" in seen) is noticed, seen
    if noticed:
        assert seen["noticed_after"] < 1, seen
