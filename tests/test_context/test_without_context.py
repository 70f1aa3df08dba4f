"""Without stream_with_context, reading request in the generator raises RuntimeError."""

import http.client

import pytest
from flask import Flask, request

from snippets.context.without_context import app


@pytest.fixture
def client():
    """A test client for the broken app."""
    return app.test_client()


def test_request_in_generator_raises_runtime_error_during_iteration(client):
    with client.get("/hello?name=Ada") as response:
        # The status was decided, and the first chunk sent, before the error.
        assert response.status_code == 200
        chunks = iter(response.response)
        assert next(chunks) == b"Hello "
        with pytest.raises(RuntimeError, match="Working outside of request context"):
            next(chunks)


@pytest.mark.live
def test_live_client_gets_200_and_a_truncated_body(live_server):
    server = live_server("snippets.context.without_context")
    connection = server.connection()
    connection.request("GET", "/hello?name=Ada")
    response = connection.getresponse()
    assert response.status == 200
    with pytest.raises(http.client.IncompleteRead) as excinfo:
        response.read()
    assert excinfo.value.partial == b"Hello "
    connection.close()
    server.wait_for_log("Working outside of request context")


def test_same_generator_works_while_a_request_context_is_active():
    # Only the missing context is wrong: iterate inside one and the body is complete.
    with app.test_request_context("/hello?name=Ada"):
        response = app.make_response(app.view_functions["hello"]())
        assert response.get_data() == b"Hello Ada!\n"


def test_teardown_runs_before_a_plain_generator_starts():
    # Without stream_with_context, Flask pops the context (teardown) before the body is made.
    events = []
    plain = Flask(__name__)
    plain.teardown_request(lambda exception: events.append("teardown_request"))
    plain.teardown_appcontext(lambda exception: events.append("teardown_appcontext"))

    @plain.get("/")
    def view():
        def generate():
            events.append("generator started")
            yield "body"

        events.append("view returned")
        return generate()

    with plain.test_client().get("/") as response:
        assert response.get_data() == b"body"
    assert events == ["view returned", "teardown_request", "teardown_appcontext", "generator started"]


def test_an_error_in_the_first_chunk_is_raised_by_client_get():
    # The test client makes the first chunk before get() returns.
    first = Flask(__name__)

    @first.get("/")
    def view():
        def generate():
            yield request.args.get("name", "stranger")

        return generate()

    with pytest.raises(RuntimeError, match="Working outside of request context"):
        first.test_client().get("/")
