"""The plain-text stream read by polling XMLHttpRequest.responseText on a timer."""

import pytest

import snippets.browser.fetch_stream as fetch_stream
from snippets.browser.xhr_polling import app
from tests.test_browser.demo import QUICK, STEPS


def test_page_loads_the_script_and_points_it_at_the_stream(client):
    with client.get("/") as response:
        html = response.get_data(as_text=True)
    assert 'data-src="/lines"' in html
    assert 'src="/static/xhr_polling.js"' in html
    with client.get("/static/xhr_polling.js") as script:
        assert b"responseText" in script.data


def test_stream_is_plain_text_one_message_per_line_and_chunk(client):
    with client.get("/lines?count=3") as response:
        assert response.mimetype == "text/plain"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        chunks = list(response.response)
    assert chunks == [f"Step {n} of 3 finished\n".encode() for n in (1, 2, 3)]


def test_lines_are_paced_by_the_config(monkeypatch):
    pauses = []
    monkeypatch.setattr(fetch_stream.time, "sleep", pauses.append)
    with app.test_client().get("/lines") as response:
        assert response.get_data(as_text=True).splitlines() == STEPS
    assert pauses == [0.5] * 8


@pytest.mark.parametrize("count", ["abc", "0", "-1", "1.5", "", "101"])
def test_invalid_count_gets_400_before_any_line(client, count):
    with client.get(f"/lines?count={count}") as response:
        assert response.status_code == 400
        assert response.mimetype == "text/html"
        assert b"count must be a whole number from 1 to 100" in response.data


@pytest.mark.browser
def test_browser_shows_lines_before_the_stream_ends(live_server, shows_items_before_the_end):
    shows_items_before_the_end(live_server("snippets.browser.xhr_polling", *QUICK).url + "/")
