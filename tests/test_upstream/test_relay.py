"""The relay passes on a real upstream's stream, on gunicorn: chunks, hang-ups, failures, headers.

The upstream is tests/apps/upstream_export.py, served by its own gunicorn on
127.0.0.1: it logs, from its side, when its generator is closed.
"""

import gzip
import http.client
import re
import socket
import time
import zlib

import httpx
import pytest

from snippets.upstream.relay import app
from tests import live_server
from tests.apps import upstream_export
from tests.live_server import free_port
from tests.strict_inputs import NOT_ASCII_WHOLE_NUMBERS

# Every socket read of these tests gives up after this many seconds.
TIMEOUT = 10
UPSTREAM_INTERVAL = 0.05
# A stream of this many rows lasts 10 s upstream: far longer than any test waits.
LONG_ROWS = 200


def csv_lines(count):
    """The upstream's rows, one CSV text per row (it sends one row per chunk)."""
    return [line.encode() for line in upstream_export.iter_csv(upstream_export.iter_orders(count), rows_per_chunk=1)]


@pytest.fixture(scope="module")
def upstream(live_server):
    return live_server("tests.apps.upstream_export", "--env", f"FLASK_STREAM_INTERVAL={UPSTREAM_INTERVAL}")


@pytest.fixture(scope="module")
def relay_server(live_server, upstream):
    return live_server("snippets.upstream.relay", "--env", f"FLASK_UPSTREAM_URL={upstream.url}/orders.csv")


@pytest.fixture
def client(monkeypatch, upstream):
    """A test client for the relay, in this process, in front of the live upstream."""
    monkeypatch.setitem(app.config, "UPSTREAM_URL", f"{upstream.url}/orders.csv")
    return app.test_client()


# -- Before the stream starts: clear errors ------------------------------------


@pytest.mark.parametrize("rows", [*NOT_ASCII_WHOLE_NUMBERS, "1000001", "-1", ""])
def test_invalid_rows_gets_400_before_the_upstream_is_asked(client, monkeypatch, rows):
    # Nothing listens there: had the relay asked the upstream, the answer would be a 502.
    monkeypatch.setitem(app.config, "UPSTREAM_URL", f"http://127.0.0.1:{free_port()}/orders.csv")
    response = client.get("/orders.csv", query_string={"rows": rows})
    assert response.status_code == 400
    assert b"rows must be a whole number" in response.data


def test_repeated_rows_gets_400(client):
    assert client.get("/orders.csv?rows=1&rows=2").status_code == 400


def test_upstream_down_gets_502_before_any_body(client, monkeypatch):
    monkeypatch.setitem(app.config, "UPSTREAM_URL", f"http://127.0.0.1:{free_port()}/orders.csv")
    response = client.get("/orders.csv?rows=3")
    assert response.status_code == 502
    assert b"The export service cannot be reached." in response.data


def test_upstream_that_never_answers_gets_504_after_the_read_timeout(client, monkeypatch):
    # A socket that accepts connections (the kernel does, into the backlog) and never answers.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        monkeypatch.setitem(app.config, "UPSTREAM_URL", f"http://127.0.0.1:{silent.getsockname()[1]}/orders.csv")
        monkeypatch.setitem(app.config, "UPSTREAM_READ_TIMEOUT", 0.3)
        started = time.monotonic()
        response = client.get("/orders.csv?rows=3")
        waited = time.monotonic() - started
    assert response.status_code == 504
    assert b"The export service did not answer in time." in response.data
    assert 0.3 <= waited < 5


def test_upstream_error_status_gets_502_that_names_it(client, monkeypatch, upstream):
    monkeypatch.setitem(app.config, "UPSTREAM_URL", f"{upstream.url}/no-such-export")
    response = client.get("/orders.csv?rows=3")
    assert response.status_code == 502
    assert b"The export service answered 404." in response.data
    # The upstream's own 404 page stays with the upstream.
    assert b"Not Found" not in response.data


def test_relayed_body_is_the_upstreams(client):
    with client.get("/orders.csv?rows=5") as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert response.data == b"".join(csv_lines(5))


# -- On the wire, with gunicorn on both sides -----------------------------------


def timed_reads(server, path, headers=None):
    """GET path; return the response's headers and each read's (time, bytes) as read1() got them."""
    response, _, reads = live_server.timed_reads(server.connection(timeout=TIMEOUT), path, headers)
    assert response.status == 200
    return response.headers, reads


@pytest.mark.live
def test_live_chunks_pass_through_as_they_arrive(relay_server):
    headers, reads = timed_reads(relay_server, "/orders.csv?rows=8")
    assert headers["Transfer-Encoding"] == "chunked"
    # One read per upstream chunk, each a row, spread over the upstream's pauses.
    assert [data for _, data in reads] == csv_lines(8)
    # The upstream pauses before each row: the rows came spread over its seven pauses, not at the end.
    assert reads[-1][0] - reads[0][0] >= 7 * UPSTREAM_INTERVAL / 2, reads


@pytest.mark.live
def test_live_headers_passed_and_withheld(relay_server):
    headers, _ = timed_reads(relay_server, "/orders.csv?rows=2", {"Accept-Encoding": "gzip"})
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    # The relay's own connection: chunked by its server, with no length.
    assert headers["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in headers
    # The upstream sent these; the relay keeps them to itself.
    assert "Set-Cookie" not in headers
    assert "X-Upstream-Only" not in headers


@pytest.mark.live
def test_live_gzip_stream_passes_compressed_and_still_streams(relay_server):
    headers, reads = timed_reads(relay_server, "/orders.csv?rows=5", {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    decompressor = zlib.decompressobj(wbits=31)
    decoded = [decompressor.decompress(data) for _, data in reads]
    # Each row decompresses from the read that brought it; the last read is the gzip trailer.
    assert decoded == [*csv_lines(5), b""]
    assert decompressor.eof
    assert gzip.decompress(b"".join(data for _, data in reads)) == b"".join(csv_lines(5))


@pytest.mark.live
def test_live_client_without_accept_encoding_gets_plain_text(relay_server):
    # The relay asks the upstream for "identity": httpx would otherwise ask for gzip,
    # and this client would get a body in an encoding that it never accepted.
    headers, reads = timed_reads(relay_server, "/orders.csv?rows=3")
    assert "Content-Encoding" not in headers
    assert b"".join(data for _, data in reads) == b"".join(csv_lines(3))


@pytest.mark.live
def test_live_client_hang_up_closes_the_upstream_connection(relay_server, upstream):
    with socket.create_connection(("127.0.0.1", relay_server.port), timeout=TIMEOUT) as sock:
        sock.sendall(f"GET /orders.csv?rows={LONG_ROWS} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        received = b""
        while received.count(b"Customer") < 2:
            chunk = sock.recv(4096)
            assert chunk, "the relay closed the connection before two rows"
            received += chunk
    hung_up_at = time.monotonic()
    # From the upstream's side: its generator was closed, long before its 200 rows.
    log = upstream.wait_for_log(f"of {LONG_ROWS} rows", timeout=TIMEOUT)
    closed_within = time.monotonic() - hung_up_at
    made = int(re.search(rf"upstream export closed after (\d+) of {LONG_ROWS} rows", log)[1])
    assert 2 <= made < LONG_ROWS / 2, log
    assert closed_within < 5, closed_within


@pytest.mark.live
def test_live_upstream_failure_mid_stream_cuts_the_relayed_body(relay_server, upstream):
    connection = relay_server.connection(timeout=TIMEOUT)
    connection.request("GET", f"/orders.csv?rows={upstream_export.FAILING_ROWS}")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    with pytest.raises(http.client.IncompleteRead) as cut:
        response.read()
    connection.close()
    # The rows sent before the failure arrived; the chunked body then lacks its last chunk.
    assert cut.value.partial == b"".join(csv_lines(upstream_export.FAIL_AFTER))
    assert "upstream stream broke off" in relay_server.wait_for_log("upstream stream broke off")


@pytest.mark.live
def test_live_iter_bytes_decompresses_but_keeps_the_content_encoding_header(upstream):
    # Why the relay uses iter_raw(): passed on with iter_bytes(), a gzip body would
    # reach the client decompressed, under a header that still says "gzip".
    url = f"{upstream.url}/orders.csv?rows=3"
    with httpx.Client(timeout=TIMEOUT) as client:
        with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert b"".join(response.iter_bytes()) == b"".join(csv_lines(3))
        with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as response:
            assert gzip.decompress(b"".join(response.iter_raw())) == b"".join(csv_lines(3))


def test_upstream_failure_mid_stream_raises_in_the_relay_and_is_logged(client, caplog):
    response = client.get(f"/orders.csv?rows={upstream_export.FAILING_ROWS}")
    assert response.status_code == 200
    # The test client reads the body here: the upstream's cut reaches the relay's generator.
    with pytest.raises(httpx.RemoteProtocolError):
        response.get_data()
    response.close()
    assert "upstream stream broke off" in caplog.text


def test_httpx_asks_for_gzip_unless_told_otherwise():
    # What the relay's explicit Accept-Encoding replaces.
    with httpx.Client() as client:
        assert "gzip" in client.headers["Accept-Encoding"]
