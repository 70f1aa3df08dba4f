"""A returned generator, bare or in a Response, is sent chunk by chunk."""

import inspect
import time

import pytest
from flask import Flask

from snippets.basics import generator_view
from snippets.basics.generator_view import app


@pytest.fixture
def client(monkeypatch):
    """A test client with no pause between lines."""
    monkeypatch.setitem(app.config, "TICK_SECONDS", 0)
    return app.test_client()


def test_bare_generator_is_streamed_as_plain_text(client):
    with client.get("/countdown") as response:
        assert response.is_streamed
        assert response.mimetype == "text/plain"
        assert list(response.response) == [b"5\n", b"4\n", b"3\n", b"2\n", b"1\n", b"Liftoff!\n"]


def test_response_object_streams_one_chunk_per_yield(client):
    with client.get("/squares") as response:
        assert response.is_streamed
        chunks = list(response.response)
    assert len(chunks) == 10
    assert chunks[2].decode() == "3² = 9\n"


@pytest.mark.live
def test_live_lines_arrive_as_they_are_made(live_server):
    server = live_server("snippets.basics.generator_view")
    connection = server.connection()
    started = time.perf_counter()
    connection.request("GET", "/countdown")
    response = connection.getresponse()
    first = response.read1(100)
    first_at = time.perf_counter() - started
    rest = response.read()
    total = time.perf_counter() - started
    connection.close()
    assert first == b"5\n"
    assert (first + rest).endswith(b"1\nLiftoff!\n")
    # Five pauses of 0.5 s: the first line came long before the last.
    assert total >= 2.5
    assert first_at < 1.0, first_at


def test_calling_generate_runs_no_line_until_the_server_asks_for_a_chunk(monkeypatch):
    pauses = []
    monkeypatch.setattr(generator_view.time, "sleep", pauses.append)
    with app.test_request_context("/countdown"):
        body, _headers = app.view_functions["countdown"]()
    # The view has returned, and not one line of the generator's body has run.
    assert inspect.getgeneratorstate(body) == inspect.GEN_CREATED
    # Each request for a chunk runs the body up to the next yield, and no further.
    assert next(body) == "5\n"
    assert pauses == []
    assert next(body) == "4\n"
    assert len(pauses) == 1


def test_a_bare_generator_is_text_html_by_default():
    bare = Flask(__name__)

    @bare.get("/")
    def view():
        def generate():
            yield "<b>not bold</b>\n"

        return generate()

    with bare.test_client().get("/") as response:
        assert response.is_streamed
        assert response.mimetype == "text/html"


def test_the_mimetype_argument_sets_the_content_type(client):
    with client.get("/squares") as response:
        assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
