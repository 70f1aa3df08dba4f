"""A Flask app under uvicorn through an adapter: what happens to the stream when the client leaves."""

import logging
import re
import threading
import time

import pytest

from snippets.async_views.asgi import app
from tests.test_errors.helpers import TIMEOUT, hang_up_after

ADAPTERS = pytest.mark.parametrize("adapter", ["asgiref_app", "a2wsgi_app"])
# 10 ticks 0.1 s apart: a stream of 1 s.
TICKS = 10
INTERVAL = 0.1
ENVIRONMENT = (f"FLASK_TICKS={TICKS}", f"FLASK_STREAM_INTERVAL={INTERVAL}")
CLOSED = re.compile(r"ticks stream closed after (\d+) of (\d+) chunks on (\S+)")


def serve(uvicorn_server, adapter):
    return uvicorn_server("snippets.async_views.asgi", adapter, *ENVIRONMENT)


@pytest.fixture
def client():
    """A test client for the app, with a short stream and no pause."""
    app.config.update(TICKS=3, STREAM_INTERVAL=0)
    yield app.test_client()
    app.config.update(TICKS=30, STREAM_INTERVAL=0.1)


def test_default_stream_lasts_three_seconds():
    assert app.config["TICKS"] * app.config["STREAM_INTERVAL"] == pytest.approx(3)


def test_stream_reads_the_request_and_logs_its_end(client, caplog):
    with caplog.at_level(logging.INFO), client.get("/ticks") as response:
        assert response.data == b"tick 0 of /ticks\ntick 1 of /ticks\ntick 2 of /ticks\n"
    assert f"ticks stream closed after 3 of 3 chunks on {threading.current_thread().name}" in caplog.text


def test_ping_answers_at_once(client):
    assert client.get("/ping").data == b"pong\n"


def closed_lines(server, count, timeout):
    """Wait until ``count`` streams have logged their end; return each one's (sent, total, thread)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = CLOSED.findall(server.log())
        if len(found) >= count:
            return [(int(sent), int(total), thread) for sent, total, thread in found]
        time.sleep(0.02)
    raise AssertionError(f"{count} streams did not close within {timeout} s:\n{server.log()}")


@pytest.mark.live
@ADAPTERS
def test_live_hang_up_does_not_stop_the_generator(uvicorn_server, adapter):
    """uvicorn drops the chunks of a gone client; the adapter iterates on to the end."""
    server = serve(uvicorn_server, adapter)
    before = len(CLOSED.findall(server.log()))
    hang_up_after(server.port, "/ticks", b"tick 0 of /ticks\n")
    hung_up_at = time.monotonic()
    sent, total, thread = closed_lines(server, before + 1, TIMEOUT)[before]
    closed_after = time.monotonic() - hung_up_at
    # Every chunk was made for nobody, and finally ran only when the stream would have ended.
    assert (sent, total) == (TICKS, TICKS)
    assert closed_after > (TICKS - 3) * INTERVAL
    # The view ran on a thread of its own (Flask runs a coroutine in a new event loop);
    # the generator, the close and both teardowns on the adapter's thread, after the view.
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        this_request = server.log().rsplit("view ran on ", 1)[1]
        if this_request.count("teardown_request ran") == 2:
            break
        time.sleep(0.02)
    view_thread = this_request.split("\n", 1)[0]
    assert re.findall(r"teardown_request ran on (\S+)", this_request) == [thread, thread], this_request
    assert view_thread != thread
    if adapter == "a2wsgi_app":
        assert thread.startswith("WSGI_")


@pytest.mark.live
@pytest.mark.parametrize(("adapter", "waits"), [("asgiref_app", True), ("a2wsgi_app", False)])
def test_live_stream_and_a_request_beside_it(uvicorn_server, adapter, waits):
    """Both adapters stream; asgiref runs every call of the app on one thread, a2wsgi on a pool."""
    server = serve(uvicorn_server, adapter)
    before = len(CLOSED.findall(server.log()))
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/ticks")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    first = response.readline()
    # A second request while the stream runs: was the stream over when its answer came?
    ping = server.connection(timeout=TIMEOUT)
    ping.request("GET", "/ping")
    assert ping.getresponse().read() == b"pong\n"
    ping.close()
    stream_was_over = len(CLOSED.findall(server.log())) > before
    rest = response.read()
    connection.close()
    # The generator read the request: stream_with_context works through both adapters.
    assert (first + rest).splitlines() == [f"tick {n} of /ticks".encode() for n in range(TICKS)]
    assert stream_was_over is waits
