"""gzip that keeps the stream: every chunk decompresses as it arrives, on gunicorn and behind nginx."""

import gzip
import time
import zlib

import pytest

import snippets.compression.gzip_stream as gzip_stream
from snippets.basics.csv_export import iter_csv, iter_orders
from snippets.compression.gzip_stream import app, gzip_chunks
from tests import live_server
from tests.proxies import Nginx
from tests.strict_inputs import NOT_ASCII_WHOLE_NUMBERS

# Every socket read of these tests gives up after this many seconds.
TIMEOUT = 10
# On the wire: one row per chunk, this many seconds apart.
INTERVAL = 0.05
ROWS = 5
LIVE_CONFIG = ("--env", "FLASK_ROWS_PER_CHUNK=1", "--env", f"FLASK_STREAM_INTERVAL={INTERVAL}")


def csv_lines(count):
    """The export's rows, one CSV text per row."""
    return [line.encode() for line in iter_csv(iter_orders(count), rows_per_chunk=1)]


@pytest.fixture
def client(monkeypatch):
    """A test client for the export, two rows per chunk and no pause."""
    monkeypatch.setitem(app.config, "ROWS_PER_CHUNK", 2)
    monkeypatch.setitem(app.config, "STREAM_INTERVAL", 0)
    return app.test_client()


def test_each_compressed_chunk_decompresses_to_its_own_rows(client):
    with client.get("/orders.csv?rows=6", headers={"Accept-Encoding": "gzip"}) as response:
        chunks = list(response.response)
    decompressor = zlib.decompressobj(wbits=31)
    decoded = [decompressor.decompress(chunk) for chunk in chunks]
    lines = csv_lines(6)
    # Three chunks of two rows each, then the trailer, which decodes to nothing.
    assert decoded == [b"".join(lines[0:2]), b"".join(lines[2:4]), b"".join(lines[4:6]), b""]
    assert decompressor.eof


def test_whole_body_is_one_valid_gzip_file(client):
    with client.get("/orders.csv?rows=1000", headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        # gzip.decompress() checks the trailer's CRC-32 and length.
        assert gzip.decompress(response.data) == b"".join(csv_lines(1000))


def test_without_a_sync_flush_zlib_keeps_small_chunks_back():
    compressor = zlib.compressobj(wbits=31)
    decompressor = zlib.decompressobj(wbits=31)
    # Plain compress() returns the gzip header, then nothing: zlib waits for more input,
    # and a client could decode none of these rows before the end of the stream.
    assert [decompressor.decompress(compressor.compress(line)) for line in csv_lines(20)] == [b""] * 20
    decompressor = zlib.decompressobj(wbits=31)
    assert [decompressor.decompress(chunk) for chunk in gzip_chunks(csv_lines(20))] == [*csv_lines(20), b""]


@pytest.mark.parametrize("accept_encoding", [None, "identity", "deflate, br", "gzip;q=0", "*;q=0"])
def test_client_that_does_not_accept_gzip_gets_plain_csv(client, accept_encoding):
    headers = {} if accept_encoding is None else {"Accept-Encoding": accept_encoding}
    with client.get("/orders.csv?rows=5", headers=headers) as response:
        assert "Content-Encoding" not in response.headers
        assert response.headers["Vary"] == "Accept-Encoding"
        assert response.data == b"".join(csv_lines(5))


@pytest.mark.parametrize("accept_encoding", ["gzip", "GZIP", "deflate, gzip;q=0.5", "*"])
def test_client_that_accepts_gzip_gets_it_with_vary(client, accept_encoding):
    with client.get("/orders.csv?rows=5", headers={"Accept-Encoding": accept_encoding}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Vary"] == "Accept-Encoding"
        assert gzip.decompress(response.data) == b"".join(csv_lines(5))


@pytest.mark.parametrize("rows", [*NOT_ASCII_WHOLE_NUMBERS, "1000001", "-1", ""])
def test_invalid_rows_gets_400_before_any_body(client, rows):
    response = client.get("/orders.csv", query_string={"rows": rows}, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 400
    assert "Content-Encoding" not in response.headers
    assert b"rows must be a whole number" in response.data


def test_repeated_rows_gets_400(client):
    assert client.get("/orders.csv?rows=1&rows=2").status_code == 400


def test_demo_pauses_between_chunks_but_not_before_the_first():
    started = time.monotonic()
    chunks = gzip_stream.paced(iter(["a", "b"]), 0.2)
    assert next(chunks) == b"a"
    assert time.monotonic() - started < 0.15
    assert next(chunks) == b"b"
    assert time.monotonic() - started >= 0.2


def timed_reads(connection, via=None):
    """GET the export, accepting gzip; return the headers and each read's (time, bytes)."""
    headers = {"Accept-Encoding": "gzip"} | ({"Via": via} if via else {})
    response, _, reads = live_server.timed_reads(connection, f"/orders.csv?rows={ROWS}", headers)
    assert response.status == 200
    return response.headers, reads


def timed_decoded_reads(connection):
    """Like timed_reads(), with each read replaced by what it decompresses to, at once."""
    headers, reads = timed_reads(connection)
    decompressor = zlib.decompressobj(wbits=31)
    decoded = [(at, decompressor.decompress(data)) for at, data in reads]
    assert decompressor.eof, "the gzip stream was not complete"
    return headers, decoded


def assert_each_row_decoded_on_arrival(reads):
    """Each read decoded to whole rows, and the rows came over the server's pauses.

    A compressor that kept part of a row back would show up here as a read that
    ends inside a row. Rows that arrive together may come as one read: on a
    busy machine, a proxy may receive them together from the app.
    """
    rows = csv_lines(ROWS)
    assert b"".join(decoded for _, decoded in reads) == b"".join(rows)
    decoded_so_far = b""
    decoded_at = []  # when each row could be read
    for at, decoded in reads:
        decoded_so_far += decoded
        assert decoded_so_far == b"".join(rows[: len(decoded_at) + decoded.count(b"Customer")]), reads
        decoded_at += [at] * decoded.count(b"Customer")
    # The server pauses INTERVAL before each row: they came spread out, not at the end.
    assert decoded_at[-1] - decoded_at[0] >= (ROWS - 1) * INTERVAL / 2, reads


@pytest.fixture(scope="module")
def export_server(live_server):
    return live_server("snippets.compression.gzip_stream", *LIVE_CONFIG)


@pytest.mark.live
def test_live_each_chunk_decompresses_when_it_arrives(export_server):
    headers, reads = timed_decoded_reads(export_server.connection(timeout=TIMEOUT))
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Transfer-Encoding"] == "chunked"
    # gunicorn sends each chunk as the app yields it: one row, and the trailer last.
    assert [decoded for _, decoded in reads] == [*csv_lines(ROWS), b""], reads
    assert_each_row_decoded_on_arrival(reads)


@pytest.fixture(scope="module")
def nginx_gzip(export_server, tmp_path_factory):
    """nginx with the "gzip" variant of tests/proxies.py in front of the export (sent uncompressed to it)."""
    try:
        proxy = Nginx(tmp_path_factory.mktemp("nginx-gzip"), export_server.port, variants=("gzip",))
    except FileNotFoundError as error:
        pytest.fail(str(error))
    with proxy:
        yield proxy.endpoints["gzip"]


@pytest.mark.live
def test_live_nginx_gzip_sends_each_chunk_compressed_as_it_arrives(nginx_gzip):
    headers, reads = timed_decoded_reads(nginx_gzip.connection(timeout=TIMEOUT))
    # nginx compressed the stream itself: the app was asked for no encoding.
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Transfer-Encoding"] == "chunked"
    assert_each_row_decoded_on_arrival(reads)


@pytest.mark.live
def test_live_nginx_gzip_leaves_a_client_without_gzip_uncompressed(nginx_gzip):
    connection = nginx_gzip.connection(timeout=TIMEOUT)
    connection.request("GET", f"/orders.csv?rows={ROWS}")
    response = connection.getresponse()
    assert response.getheader("Content-Encoding") is None
    assert response.read() == b"".join(csv_lines(ROWS))
    connection.close()


@pytest.mark.live
def test_live_nginx_gzip_leaves_a_request_from_another_proxy_uncompressed(nginx_gzip):
    # A Via header marks a request that came through a proxy: gzip_proxied (off by default) decides.
    headers, reads = timed_reads(nginx_gzip.connection(timeout=TIMEOUT), via="1.1 cdn.example")
    assert headers["Content-Encoding"] is None
    assert b"".join(data for _, data in reads) == b"".join(csv_lines(ROWS))
