"""A generator that gets plain values needs no context and holds none."""

from urllib.parse import quote

import pytest
from flask import has_request_context

from snippets.context.pass_values import app, generate_greeting
from tests.strict_inputs import NOT_ASCII_WHOLE_NUMBERS


@pytest.fixture
def client():
    """A test client for the pass-values app."""
    return app.test_client()


def test_generator_runs_without_any_context():
    assert not has_request_context()
    assert list(generate_greeting("Ada", 2, "guest")) == [
        "1/2: Hello Ada! (viewer: guest)\n",
        "2/2: Hello Ada! (viewer: guest)\n",
    ]


def test_view_passes_the_query_and_the_session_user(client):
    with client.session_transaction() as session:
        session["user"] = "grace"
    with client.get("/greeting?name=Ada&times=2") as response:
        assert response.mimetype == "text/plain"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.get_data(as_text=True) == ("1/2: Hello Ada! (viewer: grace)\n2/2: Hello Ada! (viewer: grace)\n")


def test_reading_the_session_in_the_view_sets_vary_cookie(client):
    with client.get("/greeting?name=Ada") as response:
        assert "Cookie" in response.vary
        assert response.get_data(as_text=True).endswith("3/3: Hello Ada! (viewer: guest)\n")


def test_no_context_is_kept_while_streaming(client):
    with client.get("/greeting?name=Ada&times=100") as response:
        assert next(iter(response.response)) == b"1/100: Hello Ada! (viewer: guest)\n"
        assert not has_request_context()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", b"name must be 1 to 100 characters"),
        ("name=", b"name must be 1 to 100 characters"),
        (f"name={'x' * 101}", b"name must be 1 to 100 characters"),
        ("name=Ada&times=lots", b"times must be a whole number"),
        ("name=Ada&times=0", b"times must be a whole number"),
        ("name=Ada&times=1001", b"times must be a whole number"),
        ("name=Ada&name=Grace", b"name must be 1 to 100 characters, without NUL, given once"),
        ("name=A%00da", b"name must be 1 to 100 characters, without NUL, given once"),
        ("name=Ada&times=1&times=2", b"times must be a whole number from 1 to 1000, given once"),
        *((f"name=Ada&times={quote(times)}", b"times must be a whole number") for times in NOT_ASCII_WHOLE_NUMBERS),
    ],
)
def test_bad_input_gets_400_before_any_body(client, query, message):
    with client.get(f"/greeting?{query}") as response:
        assert response.status_code == 400
        assert message in response.data


@pytest.mark.live
def test_live_greeting_streams_and_bad_input_gets_400(live_server):
    server = live_server("snippets.context.pass_values")
    connection = server.connection()
    connection.request("GET", "/greeting?name=Ada&times=1")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Vary") == "Cookie"
    assert response.read() == b"1/1: Hello Ada! (viewer: guest)\n"
    connection.request("GET", "/greeting?times=1")
    response = connection.getresponse()
    assert response.status == 400
    assert b"name must be 1 to 100 characters" in response.read()
    connection.close()
