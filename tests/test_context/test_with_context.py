"""stream_with_context, as a wrapper or a decorator, lets the generator read request."""

import pytest
from flask import has_request_context, request, stream_with_context

from snippets.context.with_context import app

paths = pytest.mark.parametrize("path", ["/wrapped", "/decorated"])


@pytest.fixture
def client():
    """A test client for the stream_with_context app."""
    return app.test_client()


@paths
def test_generator_reads_the_request(client, path):
    with client.get(path, query_string={"name": "Ada"}) as response:
        assert response.is_streamed
        assert response.mimetype == "text/plain"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert list(response.response) == [b"Hello ", b"Ada", f"! You asked for {path}.\n".encode()]


@paths
@pytest.mark.parametrize("name", ["", "x" * 101])
def test_missing_or_long_name_gets_400_before_any_body(client, path, name):
    with client.get(path, query_string={"name": name}) as response:
        assert response.status_code == 400
        assert response.content_length == len(response.data)
        assert b"name must be 1 to 100 characters" in response.data


@paths
@pytest.mark.parametrize(
    "name", [["Ada", "Grace"], "A\0da", "\0"], ids=["repeated, not the first one winning", "NUL inside", "only NUL"]
)
def test_repeated_or_nul_name_gets_400_before_any_body(client, path, name):
    with client.get(path, query_string={"name": name}) as response:
        assert response.status_code == 400
        assert b"without NUL, given once" in response.data


@paths
def test_partly_read_response_keeps_the_request_context_until_close(client, path):
    response = client.get(path, query_string={"name": "Ada"})
    # The test client pulled the first chunk: the generator pushed the context.
    assert has_request_context()
    assert request.path == path
    response.close()
    assert not has_request_context()


def test_stream_with_context_outside_a_request_raises():
    # It records the context when it is called: there must be one.
    def generate():
        yield "never"

    assert not has_request_context()
    with pytest.raises(RuntimeError, match="request context"):
        stream_with_context(generate())


@pytest.mark.live
@paths
def test_live_generator_reads_the_request(live_server, path):
    server = live_server("snippets.context.with_context")
    connection = server.connection()
    connection.request("GET", f"{path}?name=Ada")
    response = connection.getresponse()
    assert response.status == 200
    assert response.read() == f"Hello Ada! You asked for {path}.\n".encode()
    connection.close()


@pytest.mark.live
def test_live_missing_name_gets_400_status_line(live_server):
    server = live_server("snippets.context.with_context")
    connection = server.connection()
    connection.request("GET", "/wrapped")
    response = connection.getresponse()
    assert response.status == 400
    assert b"name must be 1 to 100 characters" in response.read()
    connection.close()
