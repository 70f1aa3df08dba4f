"""Reading the body of a streamed response in after_request (or a profiler) buffers it all."""

import io
import time

import pytest
from werkzeug.middleware.profiler import ProfilerMiddleware
from werkzeug.test import Client
from werkzeug.wrappers import Response

from snippets.errors.buffering_middleware import app
from tests.apps import bad_hook
from tests.test_errors.helpers import TIMEOUT


@pytest.fixture
def client():
    """A test client for the app with the safe after_request hook."""
    return app.test_client()


def test_normal_response_gets_an_etag(client):
    with client.get("/hello") as response:
        assert response.headers["ETag"]
        assert response.data == b"Hello\n"


def test_safe_hook_keeps_the_stream_streamed(client):
    started = time.perf_counter()
    with client.get("/progress") as response:
        first_at = time.perf_counter() - started
        assert "ETag" not in response.headers
        assert "Content-Length" not in response.headers
        chunks = list(response.response)
    assert chunks == [f"step {step} of 5\n".encode() for step in range(1, 6)]
    # get() returned with the first step, before the four pauses of 0.2 s.
    assert first_at < 0.4, first_at


def test_hook_that_reads_the_body_collapses_the_stream():
    started = time.perf_counter()
    with bad_hook.app.test_client().get("/progress") as response:
        elapsed = time.perf_counter() - started
        # A length header: the body was complete before the response started.
        assert response.headers["Content-Length"] == "60"
        assert response.data.count(b"\n") == 5
    # get() returned only after the generator had run to its end.
    assert elapsed >= 0.8, elapsed


def test_add_etag_on_a_stream_runs_the_generator_to_its_end():
    made = []

    def generate():
        for step in range(1, 6):
            made.append(step)
            yield f"step {step} of 5\n"

    response = Response(generate(), mimetype="text/plain")
    assert response.is_streamed
    response.add_etag()
    # The hash needed the whole body: every step was made, and the body is now stored.
    assert made == [1, 2, 3, 4, 5]
    assert not response.is_streamed
    assert response.headers["ETag"]


def test_profiler_middleware_collects_the_whole_stream():
    profiled = ProfilerMiddleware(app.wsgi_app, stream=io.StringIO())
    started = time.perf_counter()
    with Client(profiled).get("/progress") as response:
        elapsed = time.perf_counter() - started
        chunks = list(response.response)
    assert len(chunks) == 1
    assert chunks[0].count(b"\n") == 5
    assert elapsed >= 0.8, elapsed


@pytest.mark.live
def test_live_safe_hook_sends_the_first_step_at_once(live_server):
    server = live_server("snippets.errors.buffering_middleware")
    connection = server.connection(timeout=TIMEOUT)
    started = time.perf_counter()
    connection.request("GET", "/progress")
    response = connection.getresponse()
    assert response.getheader("Transfer-Encoding") == "chunked"
    first = response.read1(1000)
    first_at = time.perf_counter() - started
    rest = response.read()
    total = time.perf_counter() - started
    connection.close()
    assert first == b"step 1 of 5\n"
    assert (first + rest).count(b"\n") == 5
    assert first_at < total / 2, (first_at, total)


@pytest.mark.live
def test_live_hook_that_reads_the_body_sends_nothing_until_the_end(live_server):
    server = live_server("tests.apps.bad_hook")
    connection = server.connection(timeout=TIMEOUT)
    started = time.perf_counter()
    connection.request("GET", "/progress")
    response = connection.getresponse()
    headers_at = time.perf_counter() - started
    assert response.getheader("Transfer-Encoding") is None
    assert response.getheader("Content-Length") == "60"
    assert response.read().count(b"\n") == 5
    connection.close()
    # Even the status line waited for all five steps and their four pauses.
    assert headers_at >= 0.8, headers_at
    server.wait_for_log("response of 60 bytes")
