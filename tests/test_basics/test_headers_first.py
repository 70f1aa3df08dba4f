"""Headers and status are fixed before the body; the session belongs to the view."""

import pytest
from flask import Flask, Response, session, stream_with_context

from snippets.basics.headers_first import app


@pytest.fixture
def client():
    """A test client that keeps cookies."""
    return app.test_client()


def test_report_reads_the_session_in_the_view(client):
    client.post("/login/ada")
    with client.get("/report") as response:
        assert response.is_streamed
        assert response.headers["Vary"] == "Cookie"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.get_data(as_text=True).startswith("Report for ada\n")


def test_guest_without_a_session(client):
    with client.get("/report") as response:
        assert response.get_data(as_text=True) == "Report for guest\nLine 1\nLine 2\nLine 3\n"


def test_session_changed_inside_the_generator_is_lost():
    # The counter-example the text warns about: the cookie was sent before the body.
    bad = Flask(__name__)
    bad.secret_key = "test"

    @bad.get("/")
    def view():
        @stream_with_context
        def generate():
            session["visited"] = True
            yield "done"

        return Response(generate())

    client = bad.test_client()
    with client.get("/") as response:
        assert response.get_data() == b"done"
        assert "Set-Cookie" not in response.headers
    with client.get("/") as response:
        response.get_data()
    assert client.get_cookie("session") is None
