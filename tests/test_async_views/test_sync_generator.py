"""An async view streams a sync generator; stream_with_context gives the generator the request."""

import pytest
from hypothesis import given

import tests.apps.async_without_context as without_context
from snippets.async_views.sync_generator import MAX_START, app
from tests.strict_inputs import NOT_ASCII_WHOLE_NUMBERS, not_ascii_digits
from tests.test_errors.helpers import TIMEOUT, raw_get, read_cut_stream


@pytest.fixture
def client():
    """A test client for the countdown app, with no pause between lines."""
    app.config["STREAM_INTERVAL"] = 0
    yield app.test_client()
    app.config["STREAM_INTERVAL"] = 0.5


def test_default_pace_is_half_a_second():
    assert app.config["STREAM_INTERVAL"] == 0.5


def test_async_view_streams_a_sync_generator_that_reads_the_request(client):
    with client.get("/countdown", query_string={"start": "3"}) as response:
        assert response.status_code == 200
        assert response.is_streamed
        assert response.mimetype == "text/plain"
        assert list(response.response) == [b"Countdown from /countdown\n", b"3\n", b"2\n", b"1\n", b"0\n"]


def test_start_defaults_to_five(client):
    with client.get("/countdown") as response:
        assert response.data.splitlines()[1:] == [b"5", b"4", b"3", b"2", b"1", b"0"]


@pytest.mark.parametrize("start", ["0", str(MAX_START + 1), "", *NOT_ASCII_WHOLE_NUMBERS])
def test_bad_start_gets_400_before_any_body(client, start):
    with client.get("/countdown", query_string={"start": start}) as response:
        assert response.status_code == 400
        assert response.content_length == len(response.data)
        assert b"start must be a whole number" in response.data


def test_repeated_start_gets_400_rather_than_the_first_one_winning(client):
    with client.get("/countdown", query_string={"start": ["2", "3"]}) as response:
        assert response.status_code == 400


@given(start=not_ascii_digits)
def test_any_start_but_ascii_digits_gets_400(start):
    with app.test_client().get("/countdown", query_string={"start": start}) as response:
        assert response.status_code == 400


def test_without_stream_with_context_the_second_chunk_fails():
    with without_context.app.test_client().get("/countdown") as response:
        assert response.status_code == 200
        chunks = iter(response.response)
        assert next(chunks) == b"Countdown\n"
        with pytest.raises(RuntimeError, match="Working outside of request context"):
            next(chunks)


@pytest.mark.live
def test_live_async_view_streams_under_gunicorn(live_server):
    server = live_server("snippets.async_views.sync_generator", "--env", "FLASK_STREAM_INTERVAL=0")
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/countdown?start=2")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert response.read() == b"Countdown from /countdown\n2\n1\n0\n"
    connection.close()


@pytest.mark.live
def test_live_bad_start_gets_400_before_any_body(live_server):
    server = live_server("snippets.async_views.sync_generator", "--env", "FLASK_STREAM_INTERVAL=0")
    head, body = raw_get(server.port, "/countdown?start=0")
    assert head.startswith("HTTP/1.0 400 ")
    assert b"start must be a whole number" in body


@pytest.mark.live
def test_live_without_stream_with_context_is_cut_after_the_first_chunk(live_server):
    server = live_server("tests.apps.async_without_context")
    received = read_cut_stream(server.connection(timeout=TIMEOUT), "/countdown")
    assert received == b"Countdown\n"
    log = server.wait_for_log("RuntimeError: Working outside of request context")
    assert "Error handling request" in log
