"""The iframe shows a streamed, escaped HTML document, with no JavaScript."""

import pytest
from playwright.sync_api import expect

import snippets.browser.fetch_stream as fetch_stream
import snippets.browser.iframe as iframe
from snippets.browser.iframe import app
from tests.test_browser.demo import QUICK, STEPS


def test_page_is_an_iframe_of_the_stream_with_no_script(client):
    with client.get("/") as response:
        html = response.get_data(as_text=True)
    assert '<iframe src="/frame"' in html
    assert "<script" not in html


def test_frame_is_a_whole_html_document_ending_with_done(client):
    with client.get("/frame?count=2") as response:
        assert response.mimetype == "text/html"
        html = response.get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    assert "<style>" in html
    assert html.index("Step 1 of 2") < html.index("Step 2 of 2") < html.index("Done.")
    assert "<script" not in html


def test_values_are_escaped_in_the_streamed_html(client, monkeypatch):
    monkeypatch.setattr(iframe, "run_job", lambda count, interval: ['<script>alert("x")</script> & co'])
    with client.get("/frame?count=1") as response:
        html = response.get_data(as_text=True)
    assert "<li>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co</li>" in html
    assert "<script>" not in html


def test_the_head_is_sent_before_the_first_item_is_made(client, monkeypatch):
    made = []

    def recording_job(count, interval):
        for message in ["first", "second"]:
            made.append(message)
            yield message

    monkeypatch.setattr(iframe, "run_job", recording_job)
    with client.get("/frame?count=2") as response:
        body = iter(response.response)
        assert b"<style>" in next(body)
        assert made == []
        sent = b""
        while b"first" not in sent:
            sent += next(body)
        assert made == ["first"]
        rest = b"".join(body)
    assert b"second" in rest
    assert b"Done." in rest


def test_items_are_paced_by_the_config(monkeypatch):
    pauses = []
    monkeypatch.setattr(fetch_stream.time, "sleep", pauses.append)
    with app.test_client().get("/frame") as response:
        assert response.get_data(as_text=True).count("<li>") == 8
    assert pauses == [0.5] * 8


@pytest.mark.parametrize("count", ["abc", "0", "-1", "1.5", "", "101"])
def test_invalid_count_gets_400_before_any_html(client, count):
    with client.get(f"/frame?count={count}") as response:
        assert response.status_code == 400
        assert b"count must be a whole number from 1 to 100" in response.data
        assert b"Step" not in response.data


@pytest.mark.browser
def test_browser_shows_items_in_the_frame_before_the_stream_ends(live_server, page):
    server = live_server("snippets.browser.iframe", *QUICK)
    page.goto(server.url + "/", wait_until="commit")
    frame = page.frame_locator("iframe")
    items = frame.locator("#items li")
    expect(items.first).to_have_text(STEPS[0])
    # The first item is in the frame while the rest of the document is still coming.
    assert frame.locator("#status").count() == 0
    assert items.count() < len(STEPS)
    expect(frame.locator("#status")).to_have_text("Done.")
    expect(items).to_have_text(STEPS)


@pytest.mark.browser
def test_browser_frame_works_with_javascript_disabled(live_server, open_page):
    server = live_server("snippets.browser.iframe", *QUICK)
    page = open_page(java_script_enabled=False)
    page.goto(server.url + "/", wait_until="commit")
    expect(page.frame_locator("iframe").locator("#status")).to_have_text("Done.")
    expect(page.frame_locator("iframe").locator("#items li")).to_have_text(STEPS)


@pytest.mark.browser
def test_browser_page_load_event_waits_for_the_whole_stream(live_server, page):
    server = live_server("snippets.browser.iframe", *QUICK)
    page.goto(server.url + "/", wait_until="load")
    # The page counts as loading until the frame's document has ended.
    assert page.frame_locator("iframe").locator("#items li").count() == len(STEPS)
    assert page.frame_locator("iframe").locator("#status").count() == 1
