"""Headers and status are fixed before the body; the session belongs to the view."""

import random
import string
from urllib.parse import quote

import pytest
from flask import Flask, Response, session, stream_with_context
from hypothesis import given
from hypothesis import strategies as st

from snippets.basics.headers_first import app

MAX_COOKIE_BYTES = app.config["MAX_COOKIE_SIZE"]


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


def test_the_cookie_limit_is_rfc_6265s_4096_bytes():
    assert MAX_COOKIE_BYTES == 4096


def test_a_name_too_large_for_the_cookie_gets_400_and_the_session_is_kept(client):
    client.post("/login/ada")
    # The session cookie is zlib-compressed: "x" * 10_000 fits, letters in no pattern do not.
    name = "".join(random.Random(0).choices(string.ascii_letters, k=2 * MAX_COOKIE_BYTES))
    response = client.post(f"/login/{name}")
    assert response.status_code == 400
    assert f"the session cookie would exceed {MAX_COOKIE_BYTES} bytes".encode() in response.data
    assert "Set-Cookie" not in response.headers
    with client.get("/report") as report:
        assert report.get_data(as_text=True).startswith("Report for ada\n")


def test_a_long_name_that_compresses_well_still_fits(client):
    response = client.post(f"/login/{'x' * 10_000}")
    assert response.status_code == 204
    assert len(response.headers["Set-Cookie"]) <= MAX_COOKIE_BYTES


def test_a_nul_in_the_name_gets_400_and_no_cookie(client):
    response = client.post("/login/a%00da")
    assert response.status_code == 400
    assert b"name must not contain NUL" in response.data
    assert "Set-Cookie" not in response.headers


# Names up to several times the limit, in any script; "/" would be another URL.
names = st.text(alphabet=st.characters(exclude_characters="/\0", exclude_categories=["Cs"]), min_size=1, max_size=3000)


@given(name=names)
def test_a_login_either_sets_a_cookie_browsers_keep_or_is_refused(name):
    # Werkzeug warns about a cookie above its limit, and this project turns warnings into errors.
    response = app.test_client().post("/login/" + quote(name, safe=""))
    if response.status_code == 204:
        assert len(response.headers["Set-Cookie"]) <= MAX_COOKIE_BYTES
    else:
        assert response.status_code == 400
        assert "Set-Cookie" not in response.headers


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
