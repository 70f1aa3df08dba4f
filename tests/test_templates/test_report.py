"""stream_template sends the page while the rows are made, escaped, after checking input."""

import inspect
import time

import pytest
from flask import (
    Flask,
    g,
    has_request_context,
    render_template,
    render_template_string,
    session,
    stream_template,
    stream_template_string,
)
from hypothesis import given

import snippets.templates.report as report
from snippets.templates.report import app
from tests.strict_inputs import NOT_ASCII_WHOLE_NUMBERS, not_ascii_digits


@pytest.fixture
def client():
    """A test client for the report app."""
    return app.test_client()


@pytest.fixture
def produced(count_rows):
    """Count the rows the view's row source has produced, and whether it was closed."""
    return count_rows(report)


def test_page_arrives_in_many_chunks_before_most_rows_exist(client, produced):
    with client.get("/orders?rows=1000") as response:
        assert response.is_streamed
        chunks = iter(response.response)
        # The test client pulled the first chunk: the page head, before any row.
        first = next(chunks)
        assert first.startswith(b"<!doctype html>")
        assert produced["rows"] == 0
        # Read until the first row is complete: one row exists, not a thousand.
        seen = first
        count = 1
        while b"</tr>" not in seen.partition(b"<tbody>")[2]:
            seen += next(chunks)
            count += 1
        assert produced["rows"] == 1
        rest = list(chunks)
    assert produced["rows"] == 1000
    # Several template pieces per row: thousands of small chunks.
    assert count + len(rest) > 5000
    assert (seen + b"".join(rest)).count(b"<td>Customer ") == 1000


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("report.html", True),
        ("page.htm", True),
        ("feed.xml", True),
        ("page.xhtml", True),
        ("icon.svg", True),
        ("mail.txt", False),
        ("export.csv", False),
    ],
)
def test_autoescaping_follows_the_template_name(name, escaped):
    assert app.select_jinja_autoescape(name) is escaped


def test_stream_template_takes_render_templates_arguments_and_yields_the_same_page_in_strings():
    assert inspect.signature(stream_template).parameters == inspect.signature(render_template).parameters
    hostile = {"title": "<script>alert(1)</script>", "orders": list(report.iter_orders(3))}
    with app.test_request_context("/orders"):
        pieces = list(stream_template("report.html", **hostile))
        rendered = render_template("report.html", **hostile)
    assert len(pieces) > 1
    assert all(isinstance(piece, str) for piece in pieces)
    # The same template, escaped the same way: nothing in it is special to streaming.
    assert "".join(pieces) == rendered
    assert "&lt;script&gt;" in rendered


def test_stream_template_string_is_the_same_for_a_template_given_as_a_string():
    source = "<p>{{ note }}</p>{% for n in numbers %}<i>{{ n }}</i>{% endfor %}"
    values = {"note": "Fragile <glass> & keep dry", "numbers": [1, 2]}
    with app.test_request_context("/"):
        streamed = "".join(stream_template_string(source, **values))
        assert streamed == render_template_string(source, **values)
    # Autoescaping is on for a template given as a string.
    assert streamed == "<p>Fragile &lt;glass&gt; &amp; keep dry</p><i>1</i><i>2</i>"


def test_stream_template_adds_the_usual_template_context():
    context_app = Flask(__name__)
    context_app.secret_key = "test"

    @context_app.get("/page")
    def page():
        session["user"] = "ada"
        g.theme = "dark"
        source = "{{ request.path }} {{ session.user }} {{ g.theme }} {{ url_for('page') }} {{ motto }}"
        return stream_template_string(source)

    @context_app.context_processor
    def add_motto():
        return {"motto": "stream"}

    with context_app.test_client().get("/page") as response:
        assert response.get_data(as_text=True) == "/page ada dark /page stream"


def test_a_template_stream_yields_each_text_run_and_each_expression_as_a_piece():
    with app.test_request_context("/"):
        pieces = list(
            stream_template_string("<ul>{% for n in numbers %}<li>{{ n }}</li>{% endfor %}</ul>", numbers=[1, 2])
        )
    assert pieces == ["<ul>", "<li>", "1", "</li>", "<li>", "2", "</li>", "</ul>"]


def test_user_text_in_the_page_is_escaped(client):
    payload = "<script>alert(1)</script>"
    with client.get("/orders", query_string={"rows": 1, "title": payload}) as response:
        body = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert "<script>" not in body
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in body


def test_row_text_is_escaped(client):
    with client.get("/orders?rows=2") as response:
        body = response.get_data(as_text=True)
    assert body.count("<td>Fragile &lt;glass&gt; &amp; keep dry</td>") == 2


def test_zero_rows_shows_the_empty_table_text(client):
    with client.get("/orders?rows=0") as response:
        assert response.status_code == 200
        assert "No orders." in response.get_data(as_text=True)


@pytest.mark.parametrize("rows", ["abc", "-1", "", str(report.MAX_ROWS + 1), *NOT_ASCII_WHOLE_NUMBERS])
def test_invalid_rows_gets_400_before_any_body(client, produced, rows):
    with client.get("/orders", query_string={"rows": rows}) as response:
        assert response.status_code == 400
        assert b"rows must be a whole number" in response.data
    assert produced["rows"] == 0


def test_long_title_gets_400(client):
    with client.get("/orders", query_string={"title": "x" * 101}) as response:
        assert response.status_code == 400
        assert b"title must be at most 100 characters" in response.data


@given(rows=not_ascii_digits)
def test_any_rows_but_ascii_digits_gets_400(rows):
    with app.test_client().get("/orders", query_string={"rows": rows}) as response:
        assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [{"rows": ["1", "2"]}, {"title": ["A", "B"]}, {"title": "A\0B"}],
    ids=["repeated rows", "repeated title", "NUL in title"],
)
def test_repeated_or_nul_parameter_gets_400_before_any_body(client, produced, query):
    with client.get("/orders", query_string=query) as response:
        assert response.status_code == 400
        assert b"given once" in response.data
    assert produced["rows"] == 0


def test_stream_template_keeps_the_request_context_until_close(client, produced):
    response = client.get("/orders?rows=1000")
    chunks = iter(response.response)
    while produced["rows"] < 10:
        next(chunks)
    # stream_template wrapped the stream in stream_with_context for us.
    assert has_request_context()
    response.close()
    assert not has_request_context()
    assert produced == {"rows": 10, "closed": True}


def read_first_and_rest(server, path):
    """Time the first chunk and the whole body of a GET on the live server."""
    connection = server.connection()
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    first = response.read1(1 << 16)
    first_at = time.perf_counter() - started
    body = first + response.read()
    total = time.perf_counter() - started
    connection.close()
    return body, first_at, total


@pytest.mark.live
def test_live_page_head_arrives_long_before_the_last_row(live_server):
    server = live_server("snippets.templates.report")
    body, first_at, total = read_first_and_rest(server, "/orders?rows=20000")
    assert body.count(b"<td>Customer ") == 20000
    assert body.endswith(b"</html>")
    assert first_at < total / 4, (first_at, total)


@pytest.mark.live
def test_live_user_text_is_escaped(live_server):
    server = live_server("snippets.templates.report")
    body, _, _ = read_first_and_rest(server, "/orders?rows=1&title=%3Cscript%3E")
    assert b"<h1>&lt;script&gt;</h1>" in body


@pytest.mark.live
def test_live_invalid_rows_gets_400_status_line(live_server):
    server = live_server("snippets.templates.report")
    connection = server.connection()
    connection.request("GET", "/orders?rows=many")
    response = connection.getresponse()
    assert response.status == 400
    assert response.getheader("Transfer-Encoding") is None
    assert b"rows must be a whole number" in response.read()
    connection.close()
