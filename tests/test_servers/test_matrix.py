"""The proofs: what every application server does with a streamed response, as measured.

Each test reads one server's measurements (conftest.py, measure.py) and asserts
the behaviour the chapter relies on, or, where servers differ, the behaviour of
that server. `make test` runs them on the deployed default (gunicorn's gthread
worker); `make matrix-servers` on every server of tests/servers.py.
"""

import pytest

from tests.apps import probe
from tests.servers import DEPLOYED_DEFAULT, SERVERS

pytestmark = pytest.mark.live

# Every server, the deployed default in `make test` too.
EVERY_SERVER = [pytest.param(name, marks=() if name == DEPLOYED_DEFAULT else pytest.mark.matrix) for name in SERVERS]

SLOW_START_MS = probe.SLOW_START * 1000
STREAM_MS = (probe.CHUNKS - 1) * probe.CHUNK_INTERVAL * 1000

# Where the servers differ, what each one does (measured; the tests hold them to it).
# uWSGI's --http-socket sends no Transfer-Encoding: chunked (--http-auto-chunked is
# an option of its HTTP router), so the body of a stream ends where the connection does.
UNCHUNKED_ON_HTTP_1_1 = {"uwsgi"}
# ... and its router, which chunks, ends a failed stream with the last chunk all the same.
CUT_LOOKS_COMPLETE = {"uwsgi", "uwsgi-http-router"}
# waitress sends the headers with the first chunk that has bytes in it.
EMPTY_CHUNK_WAITS = {"waitress"}
# uWSGI answers 200 with an empty body when the generator fails before its first chunk.
STATUS_OF_FAILURE_BEFORE_FIRST_CHUNK = {"uwsgi": 200, "uwsgi-http-router": 200}
# Werkzeug's development server answers an HTTP/1.0 request with HTTP/1.1 and chunked encoding.
CHUNKS_FOR_HTTP_1_0 = {"werkzeug"}


@pytest.mark.parametrize("server", EVERY_SERVER)
def test_body_arrives_chunk_by_chunk(measured, server):
    delivery = measured(server)["chunked_delivery"]
    assert delivery["chunks_received"] == probe.CHUNKS
    # The first chunk arrived while the generator was still making the others.
    assert delivery["last_chunk_ms"] - delivery["first_chunk_ms"] >= STREAM_MS / 2, delivery
    expected = None if server in UNCHUNKED_ON_HTTP_1_1 else "chunked"
    assert delivery["transfer_encoding"] == expected


@pytest.mark.parametrize("server", EVERY_SERVER)
def test_headers_leave_with_the_first_chunk(measured, server):
    timing = measured(server)["slow_first_chunk"]
    assert timing["status"] == 200
    # No server sends the status line before the generator has made its first chunk.
    assert timing["headers_ms"] >= SLOW_START_MS * 0.9, timing
    assert timing["body_ms"] - timing["headers_ms"] < SLOW_START_MS / 2, timing


@pytest.mark.parametrize("server", EVERY_SERVER)
def test_an_empty_first_chunk_sends_the_headers_on_most_servers(measured, server):
    timing = measured(server)["empty_first_chunk"]
    assert timing["status"] == 200
    if server in EMPTY_CHUNK_WAITS:
        assert timing["headers_ms"] >= SLOW_START_MS * 0.9, timing
    else:
        assert timing["headers_ms"] < SLOW_START_MS / 2, timing
    assert timing["body_ms"] >= SLOW_START_MS * 0.9, timing


@pytest.mark.parametrize("server", EVERY_SERVER)
def test_failure_in_the_view_runs_the_apps_error_handler(measured, server):
    # The control for the next test: the probe's error handler is seen when it runs.
    failure = measured(server)["failure_in_view"]
    assert failure["status"] == 500
    assert failure["handled_by_app"] is True


@pytest.mark.parametrize("server", EVERY_SERVER)
def test_failure_before_the_first_chunk_is_the_servers_answer(measured, server):
    failure = measured(server)["failure_before_first_chunk"]
    assert failure["outcome"] == "complete"
    assert failure["status"] == STATUS_OF_FAILURE_BEFORE_FIRST_CHUNK.get(server, 500)
    if failure["status"] == 200:  # a success, as far as the client can tell, with nothing in it
        assert failure["body_bytes"] == 0
    # Flask returned the response before the generator ran: its error handlers never see the error.
    assert failure["handled_by_app"] is False


@pytest.mark.parametrize("server", EVERY_SERVER)
def test_failure_after_the_first_chunk_cuts_a_200(measured, server):
    failure = measured(server)["failure_after_first_chunk"]
    assert failure["status"] == 200
    assert failure["body_bytes"] == len("first chunk\n")
    assert failure["handled_by_app"] is False
    # Where the cut looks like the end, the client has no way to know that data is missing.
    assert failure["outcome"] == ("complete" if server in CUT_LOOKS_COMPLETE else "IncompleteRead")


@pytest.mark.parametrize("server", EVERY_SERVER)
def test_finally_runs_a_few_chunks_after_a_hang_up(measured, server):
    hang_up = measured(server)["hang_up"]
    # The server notices only when it writes: at least one chunk more is made, and at most a few.
    assert 1 <= hang_up["chunks_after_hang_up"] <= 5, hang_up
    assert hang_up["finally_ms"] < 2000, hang_up


@pytest.mark.parametrize("server", EVERY_SERVER)
def test_http_1_0_client_gets_a_body_delimited_by_the_close(measured, server):
    answer = measured(server)["http_1_0"]
    assert answer["status"] == answer["cut_status"] == 200
    assert answer["end"] == answer["cut_end"] == "close"
    assert answer["content_length"] is None
    if server in CHUNKS_FOR_HTTP_1_0:
        # Chunk sizes in the body: an HTTP/1.0 client cannot decode them (RFC 9112, section 6.1).
        assert (answer["response_version"], answer["transfer_encoding"]) == ("HTTP/1.1", "chunked")
        assert answer["body_complete"] is False
        assert answer["cut_looks_complete"] is False
    else:
        assert (answer["response_version"], answer["transfer_encoding"]) == ("HTTP/1.0", None)
        assert answer["body_complete"] is True
        # The client cannot tell a cut stream from a whole one.
        assert answer["cut_looks_complete"] is True
