"""Flask-Compress on a slow stream, measured on the wire under gunicorn.

The view sends five steps 0.2 s apart. With its defaults, Flask-Compress
compresses streams (zstd, br or deflate, never gzip) but does not flush its
compressor after each chunk, so the client gets the steps all at once at the
end; ``COMPRESS_STREAMS = False`` leaves streams uncompressed and streamed.
"""

import zlib
from importlib.metadata import version

import pytest

from tests.live_server import timed_reads
from tests.test_errors.helpers import TIMEOUT

# The claims were measured on this release; another one must be measured again.
MEASURED_RELEASE = "1.25"
STEPS = [f"step {step} of 5\n".encode() for step in range(1, 6)]


def timed_get(server, accept_encoding):
    """GET /progress; return the response headers, the time the headers came, and each read's (time, bytes)."""
    connection = server.connection(timeout=TIMEOUT)
    response, headers_at, reads = timed_reads(connection, "/progress", {"Accept-Encoding": accept_encoding})
    return response.headers, headers_at, reads


def test_the_measured_release_is_installed():
    assert version("Flask-Compress") == MEASURED_RELEASE, "re-measure the claims in errors.md"


@pytest.mark.live
def test_live_deflate_stream_reaches_the_client_only_at_the_end(live_server):
    headers, headers_at, reads = timed_get(live_server("tests.apps.compressed"), "deflate")
    assert headers["Content-Encoding"] == "deflate"
    assert headers["Transfer-Encoding"] == "chunked"
    body = zlib.decompress(b"".join(data for _, data in reads))
    assert body == b"".join(STEPS)
    # The four pauses take 0.8 s. The first step can be decompressed only from
    # the reads that came after the last pause: nothing of it came before.
    decompressor = zlib.decompressobj()
    first_step_at = next(at for at, data in reads if decompressor.decompress(data))
    assert first_step_at >= 0.75, (first_step_at, reads)


@pytest.mark.live
@pytest.mark.parametrize("encoding", ["br", "zstd"])
def test_live_br_and_zstd_streams_hold_back_even_the_headers(live_server, encoding):
    headers, headers_at, reads = timed_get(live_server("tests.apps.compressed"), encoding)
    assert headers["Content-Encoding"] == encoding
    # The compressor gives the server no first chunk before the end of the stream.
    assert headers_at >= 0.75, headers_at
    assert len(reads) == 1, reads


@pytest.mark.live
def test_live_gzip_only_client_gets_the_stream_uncompressed(live_server):
    headers, headers_at, reads = timed_get(live_server("tests.apps.compressed"), "gzip")
    assert "Content-Encoding" not in headers
    assert [data for _, data in reads] == STEPS
    # Four pauses of 0.2 s follow the first step: it came long before the last.
    assert reads[0][0] < reads[-1][0] / 2, reads


@pytest.mark.live
def test_live_compress_streams_off_keeps_the_stream_streamed(live_server):
    headers, headers_at, reads = timed_get(live_server("tests.apps.compressed_streams_off"), "gzip, deflate, br, zstd")
    assert "Content-Encoding" not in headers
    assert [data for _, data in reads] == STEPS
    # Four pauses of 0.2 s follow the first step: it came long before the last.
    assert reads[0][0] < reads[-1][0] / 2, reads
