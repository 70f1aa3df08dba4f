"""An exception in the generator comes after the 200: no error handler, a truncated body."""

import http.client
import logging
import subprocess

import pytest

from snippets.errors.mid_stream_error import ExportError, app, read_records
from tests.test_errors.helpers import TIMEOUT, raw_get, read_cut_stream


@pytest.fixture
def client():
    """A test client for the export app."""
    return app.test_client()


def test_records_stop_where_the_source_fails():
    records = read_records(count=5, fail_at=3)
    assert [next(records) for _ in range(3)] == ["record 0\n", "record 1\n", "record 2\n"]
    with pytest.raises(ExportError, match="connection lost at record 3"):
        next(records)


def test_records_without_a_failure_are_complete():
    assert list(read_records(count=2, fail_at=None)) == ["record 0\n", "record 1\n"]


def test_handler_answers_503_for_an_error_raised_in_the_view(caplog):
    with app.test_request_context("/export"), caplog.at_level(logging.INFO):
        response = app.make_response(app.handle_user_exception(ExportError("no database")))
    assert response.status_code == 503
    assert "export_failed handler ran: no database" in caplog.text


def test_test_client_gets_200_then_the_exception_itself(client, caplog):
    with caplog.at_level(logging.INFO), client.get("/export") as response:
        assert response.status_code == 200
        body = iter(response.response)
        assert next(body) == b"record 0\n"
        assert next(body) == b"record 1\n"
        assert next(body) == b"record 2\n"
        # Not a 503 response: the exception comes out of the body.
        with pytest.raises(ExportError):
            next(body)
    assert "handler ran" not in caplog.text


@pytest.mark.live
def test_live_client_gets_200_and_then_an_incomplete_read(live_server):
    server = live_server("snippets.errors.mid_stream_error")
    connection = server.connection(timeout=TIMEOUT)
    partial = read_cut_stream(connection, "/export")
    assert partial == b"record 0\nrecord 1\nrecord 2\n"
    log = server.wait_for_log("ExportError: connection lost at record 3")
    assert "Error handling request" in log
    assert "handler ran" not in log
    # Flask did not log it either: its "Exception on /export [GET]" message is missing.
    assert "Exception on /export" not in log


@pytest.mark.live
def test_live_chunked_body_lacks_its_terminating_chunk(live_server):
    server = live_server("snippets.errors.mid_stream_error")
    head, body = raw_get(server.port, "/export", "HTTP/1.1")
    assert head.startswith("HTTP/1.1 200 OK")
    assert body == b"9\r\nrecord 0\n\r\n9\r\nrecord 1\n\r\n9\r\nrecord 2\n\r\n"
    # A complete chunked body would end with the empty chunk: b"0\r\n\r\n".
    assert not body.endswith(b"0\r\n\r\n")


def test_werkzeug_dev_server_also_ends_without_the_terminating_chunk(dev_server):
    port = dev_server(app)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    partial = read_cut_stream(connection, "/export")
    assert partial == b"record 0\nrecord 1\nrecord 2\n"


@pytest.mark.live
def test_live_curl_reports_the_cut_transfer(live_server):
    server = live_server("snippets.errors.mid_stream_error")
    curl = subprocess.run(
        ["curl", "--silent", "--show-error", "--max-time", str(TIMEOUT), f"{server.url}/export"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert curl.stdout == "record 0\nrecord 1\nrecord 2\n"
    # curl's exit code 18: a partial file, the transfer was shorter than announced.
    assert curl.returncode == 18, curl
    assert "transfer closed with outstanding read data remaining" in curl.stderr
