"""The proofs: what Debian's nginx does to a streamed response from gunicorn, as measured.

Each test reads the measurements of conftest.py (made by measure.py) through one
variant of tests/proxies.py, and asserts what docs/errors.md says about nginx.
"direct" is gunicorn without nginx: the control.
"""

import pytest

from tests.apps import probe
from tests.proxies import SHORT_READ_TIMEOUT_S

pytestmark = pytest.mark.live

STREAM_MS = (probe.CHUNKS - 1) * probe.CHUNK_INTERVAL * 1000
SLOW_START_MS = probe.SLOW_START * 1000
# Lines that arrive within this many milliseconds of each other arrived together.
TOGETHER_MS = 100


def streamed(arrivals: dict) -> bool:
    """Every line arrived, spread over the time the generator took to make them."""
    return len(arrivals["arrivals_ms"]) == probe.CHUNKS and arrivals["spread_ms"] >= STREAM_MS / 2


def test_gunicorn_alone_streams_and_sends_the_header(measured):
    assert streamed(measured("direct", "chunk_arrivals"))
    # The control for the header tests below: the app does send it.
    assert measured("direct", "chunk_arrivals_x_accel_buffering_no")["x_accel_buffering"] == "no"


def test_default_buffering_holds_the_stream_back(measured):
    arrivals = measured("default", "chunk_arrivals")
    assert len(arrivals["arrivals_ms"]) == probe.CHUNKS
    # Nothing until the generator has finished, then every line at once.
    assert arrivals["arrivals_ms"][0] >= STREAM_MS * 0.9, arrivals
    assert arrivals["spread_ms"] < TOGETHER_MS, arrivals


def test_x_accel_buffering_no_releases_the_stream_and_is_removed(measured):
    arrivals = measured("default", "chunk_arrivals_x_accel_buffering_no")
    assert streamed(arrivals), arrivals
    assert arrivals["x_accel_buffering"] is None


def test_proxy_buffering_off_releases_the_stream(measured):
    assert streamed(measured("buffering_off", "chunk_arrivals"))


def test_proxy_http_version_1_1_alone_also_released_the_stream(measured):
    # Measured on nginx 1.22 with buffering on: a chunked upstream body was passed on chunk by chunk.
    assert streamed(measured("http_1_1", "chunk_arrivals"))


def test_chapter_configuration_streams_and_removes_the_header(measured):
    assert streamed(measured("chapter", "chunk_arrivals"))
    assert measured("chapter", "chunk_arrivals_x_accel_buffering_no")["x_accel_buffering"] is None


@pytest.mark.parametrize(
    ("endpoint", "protocol"),
    [("direct", "HTTP/1.1"), ("default", "HTTP/1.0"), ("http_1_1", "HTTP/1.1"), ("chapter", "HTTP/1.1")],
)
def test_http_version_towards_the_app(measured, endpoint, protocol):
    assert measured(endpoint, "upstream_protocol") == protocol


def test_cut_stream_looks_complete_behind_default_nginx(measured):
    # gunicorn answers HTTP/1.0 with a body that ends at the close: nginx cannot see the cut,
    # and ends its own chunked body to the client with the last chunk.
    cut = measured("default", "cut_stream")
    assert (cut["status"], cut["transfer_encoding"], cut["outcome"]) == (200, "chunked", "complete")
    assert cut["body_bytes"] == len("first chunk\n")


@pytest.mark.parametrize("endpoint", ["http_1_1", "chapter"])
def test_cut_stream_is_cut_for_the_client_with_http_1_1(measured, endpoint):
    cut = measured(endpoint, "cut_stream")
    assert (cut["status"], cut["transfer_encoding"], cut["outcome"]) == (200, "chunked", "IncompleteRead")
    assert cut["body_bytes"] == len("first chunk\n")


def test_headers_still_wait_for_the_first_chunk(measured):
    timing = measured("default", "slow_first_chunk")
    assert timing["status"] == 200
    assert timing["headers_ms"] >= SLOW_START_MS * 0.9, timing


@pytest.mark.parametrize(
    ("endpoint", "first_chunk_received"),
    # With buffering on, nginx still held the first chunk when the timeout cut the stream: it is lost.
    [("read_timeout", False), ("chapter_read_timeout", True)],
)
def test_read_timeout_cuts_a_silent_stream(measured, endpoint, first_chunk_received):
    silent = measured(endpoint, "silent_pause")
    assert (silent["status"], silent["outcome"]) == (200, "IncompleteRead"), silent
    assert silent["first_chunk_received"] is first_chunk_received
    assert silent["last_chunk_received"] is False
    # Cut at the timeout, before the app's pause was over.
    assert SHORT_READ_TIMEOUT_S * 1000 * 0.9 <= silent["ended_ms"] < probe.PAUSE * 1000, silent


@pytest.mark.parametrize("endpoint", ["read_timeout", "chapter_read_timeout"])
def test_heartbeats_keep_a_paused_stream_alive(measured, endpoint):
    heartbeats = measured(endpoint, "heartbeat_pause")
    assert (heartbeats["status"], heartbeats["outcome"]) == (200, "complete"), heartbeats
    assert heartbeats["last_chunk_received"] is True
    assert heartbeats["heartbeats_received"] == round(probe.PAUSE / probe.HEARTBEAT_INTERVAL)
    assert heartbeats["ended_ms"] >= probe.PAUSE * 1000 * 0.9
