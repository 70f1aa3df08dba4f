"""fetch() reads the NDJSON stream; the page shows each item before the stream ends."""

import json

import pytest
from hypothesis import given
from playwright.sync_api import expect

import snippets.browser.fetch_stream as fetch_stream
from snippets.browser.fetch_stream import app
from tests.strict_inputs import NOT_ASCII_WHOLE_NUMBERS, not_ascii_digits
from tests.test_browser.demo import QUICK


def test_page_loads_the_script_and_points_it_at_the_stream(client):
    with client.get("/") as response:
        html = response.get_data(as_text=True)
    assert 'data-src="/items"' in html
    assert 'src="/static/fetch_stream.js"' in html
    with client.get("/static/fetch_stream.js") as script:
        assert script.status_code == 200
        assert b"TextDecoderStream" in script.data


def test_stream_is_one_json_object_per_line_ending_with_done(client):
    with client.get("/items?count=3") as response:
        assert response.mimetype == "application/x-ndjson"
        body = response.get_data(as_text=True)
    assert body.endswith("\n")
    records = [json.loads(line) for line in body.splitlines()]
    assert records == [
        {"number": 1, "message": "Step 1 of 3 finished"},
        {"number": 2, "message": "Step 2 of 3 finished"},
        {"number": 3, "message": "Step 3 of 3 finished"},
        {"done": True},
    ]


def test_each_item_is_its_own_chunk_sent_before_the_next_is_made(client, monkeypatch):
    made = []

    def recording_job(count, interval):
        for message in ["first", "second"]:
            made.append(message)
            yield message

    monkeypatch.setattr(fetch_stream, "run_job", recording_job)
    with client.get("/items?count=2") as response:
        body = iter(response.response)
        assert json.loads(next(body)) == {"number": 1, "message": "first"}
        assert made == ["first"]
        assert [json.loads(chunk) for chunk in body] == [
            {"number": 2, "message": "second"},
            {"done": True},
        ]


def test_default_is_eight_items_paced_by_the_config(monkeypatch):
    pauses = []
    monkeypatch.setattr(fetch_stream.time, "sleep", pauses.append)
    with app.test_client().get("/items") as response:
        assert len(response.get_data(as_text=True).splitlines()) == 9
    assert pauses == [0.5] * 8


@pytest.mark.parametrize("count", ["abc", "0", "-1", "1.5", "", "101", *NOT_ASCII_WHOLE_NUMBERS])
def test_invalid_count_gets_400_before_any_body(client, count):
    with client.get("/items", query_string={"count": count}) as response:
        assert response.status_code == 400
        assert response.mimetype == "text/html"
        assert b"count must be a whole number from 1 to 100" in response.data


@given(count=not_ascii_digits)
def test_any_count_but_ascii_digits_gets_400(count):
    with app.test_client().get("/items", query_string={"count": count}) as response:
        assert response.status_code == 400


def test_repeated_count_gets_400_rather_than_the_first_one_winning(client):
    with client.get("/items", query_string={"count": ["1", "2"]}) as response:
        assert response.status_code == 400
        assert b"given once" in response.data


@pytest.mark.browser
def test_browser_shows_items_before_the_stream_ends(live_server, shows_items_before_the_end):
    shows_items_before_the_end(live_server("snippets.browser.fetch_stream", *QUICK).url + "/")


@pytest.mark.browser
def test_browser_page_finishes_loading_while_the_stream_runs(live_server, page):
    server = live_server("snippets.browser.fetch_stream", *QUICK)
    page.goto(server.url + "/", wait_until="load")
    # Unlike an iframe, a fetch() does not hold back the page's load event.
    assert page.locator("#status").text_content() != "Done."
    expect(page.locator("#status")).to_have_text("Done.")
