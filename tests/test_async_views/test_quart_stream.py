"""Quart streams an async generator, and cancels it soon after the client leaves."""

import asyncio
import logging
import re
import time

import pytest

from snippets.async_views.quart_stream import app
from tests.test_errors.helpers import TIMEOUT, hang_up_after

TICKS = 10
INTERVAL = 0.1
ENVIRONMENT = (f"QUART_TICKS={TICKS}", f"QUART_STREAM_INTERVAL={INTERVAL}")


def serve(uvicorn_server):
    return uvicorn_server("snippets.async_views.quart_stream", "app", *ENVIRONMENT)


def test_async_generator_is_the_body(caplog):
    app.config.update(TICKS=3, STREAM_INTERVAL=0)

    async def get():
        response = await app.test_client().get("/ticks")
        return response.status_code, response.mimetype, await response.get_data()

    try:
        with caplog.at_level(logging.INFO):
            status, mimetype, body = asyncio.run(get())
    finally:
        app.config.update(TICKS=30, STREAM_INTERVAL=0.1)
    assert (status, mimetype) == (200, "text/plain")
    assert body == b"tick 0\ntick 1\ntick 2\n"
    assert "ticks stream closed after 3 of 3 chunks" in caplog.text


@pytest.mark.live
def test_live_streams_and_a_hang_up_cancels_the_generator_at_its_next_await(uvicorn_server):
    server = serve(uvicorn_server)
    before = server.log().count("ticks stream closed")
    received = hang_up_after(server.port, "/ticks", b"tick 0\n")
    hung_up_at = time.monotonic()
    assert received.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\ntransfer-encoding: chunked\r\n" in received.lower()
    deadline = hung_up_at + TIMEOUT
    while server.log().count("ticks stream closed") == before and time.monotonic() < deadline:
        time.sleep(0.01)
    closed_after = time.monotonic() - hung_up_at
    sent = int(re.findall(r"ticks stream closed after (\d+) of", server.log())[before])
    assert sent < 3, server.log()
    # Well before the stream of 1 s would have ended.
    assert closed_after < TICKS * INTERVAL / 2
