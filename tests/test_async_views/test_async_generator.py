"""An async generator cannot be a Flask response body: each way of returning one fails."""

import asyncio
import logging

import pytest

from snippets.async_views import async_generator
from snippets.async_views.async_generator import app
from tests.test_errors.helpers import raw_get

BARE_ERROR = (
    "TypeError: The view function did not return a valid response. The return type must be a string,"
    " dict, list, tuple with headers or status, Response instance, or WSGI callable, but it was a"
    " async_generator."
)


@pytest.fixture
def client():
    return app.test_client()


def test_numbers_is_an_async_generator_of_three_lines():
    async def collect():
        return [line async for line in async_generator.numbers()]

    assert asyncio.run(collect()) == ["0\n", "1\n", "2\n"]


def test_bare_async_generator_is_refused_by_flask_with_a_500(client, caplog):
    with caplog.at_level(logging.ERROR), client.get("/bare") as response:
        assert response.status_code == 500
    assert BARE_ERROR in caplog.text


def test_wrapped_async_generator_fails_when_the_body_is_iterated(client):
    # The test client reads the first chunk before get() returns.
    with pytest.raises(TypeError, match="^'async_generator' object is not iterable$"):
        client.get("/wrapped")


def test_stream_with_context_takes_an_async_generator_for_a_function(client):
    # stream_with_context() decorates what it cannot iterate: the body becomes a function.
    with pytest.raises(TypeError, match="^'function' object is not iterable$"):
        client.get("/with-context")


@pytest.mark.live
def test_live_bare_async_generator_gets_flasks_500_page(live_server):
    server = live_server("snippets.async_views.async_generator")
    head, body = raw_get(server.port, "/bare")
    assert head.startswith("HTTP/1.0 500 INTERNAL SERVER ERROR\r\n")
    assert "Content-Length: 265" in head.split("\r\n")
    assert b"<title>500 Internal Server Error</title>" in body
    log = server.wait_for_log(BARE_ERROR)
    assert "ERROR in app: Exception on /bare [GET]" in log


@pytest.mark.live
@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/wrapped", "TypeError: 'async_generator' object is not iterable"),
        ("/with-context", "TypeError: 'function' object is not iterable"),
    ],
)
def test_live_async_body_gets_gunicorns_500_before_any_byte(live_server, path, error):
    server = live_server("snippets.async_views.async_generator")
    connection = server.connection()
    connection.request("GET", path)
    response = connection.getresponse()
    # gunicorn's own error page: no 200 was sent, so gunicorn can still send a status.
    assert response.status == 500
    assert response.getheader("Connection") == "close"
    assert response.getheader("Server") is None
    assert b"<h1><p>Internal Server Error</p></h1>" in response.read()
    connection.close()
    log = server.wait_for_log(f"Error handling request GET {path}\n")
    assert error in log.split(f"Error handling request GET {path}\n", 1)[1]
