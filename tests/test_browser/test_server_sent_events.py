"""The SSE view sends well-formed frames and a final event; EventSource shows them live."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import expect

import snippets.browser.server_sent_events as server_sent_events
from snippets.browser.server_sent_events import app, event
from tests.strict_inputs import NOT_ASCII_WHOLE_NUMBERS, not_ascii_digits
from tests.test_browser.demo import QUICK


def parse_frames(body):
    """Split an event stream into frames, each a list of (field, value) pairs."""
    assert body.endswith("\n\n")
    return [[tuple(line.split(": ", 1)) for line in frame.split("\n")] for frame in body[:-2].split("\n\n")]


def test_page_loads_the_script_and_points_it_at_the_stream(client):
    with client.get("/") as response:
        html = response.get_data(as_text=True)
    assert 'data-src="/events"' in html
    assert 'src="/static/server_sent_events.js"' in html
    with client.get("/static/server_sent_events.js") as script:
        assert b"new EventSource" in script.data


def test_stream_is_text_event_stream_that_no_one_caches_or_buffers(client):
    with client.get("/events?count=1") as response:
        assert response.mimetype == "text/event-stream"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Accel-Buffering"] == "no"


def test_frames_carry_retry_ids_data_and_a_final_done_event(client):
    with client.get("/events?count=2") as response:
        frames = parse_frames(response.get_data(as_text=True))
    assert frames == [
        [("retry", "2000")],
        [("id", "1"), ("data", '{"message": "Step 1 of 2 finished"}')],
        [("id", "2"), ("data", '{"message": "Step 2 of 2 finished"}')],
        [("event", "done"), ("data", '{"count": 2}')],
    ]


def test_each_event_is_its_own_chunk(client):
    with client.get("/events?count=3") as response:
        chunks = list(response.response)
    assert len(chunks) == 5
    assert all(chunk.endswith(b"\n\n") and chunk.count(b"\n\n") == 1 for chunk in chunks)


def test_data_with_a_newline_stays_on_one_data_line(client, monkeypatch):
    monkeypatch.setattr(server_sent_events, "run_job", lambda count, interval, start: [(1, "two\nlines")])
    with client.get("/events?count=1") as response:
        frames = parse_frames(response.get_data(as_text=True))
    assert frames[1] == [("id", "1"), ("data", '{"message": "two\\nlines"}')]


def test_reconnect_with_last_event_id_continues_after_it(client):
    with client.get("/events?count=3", headers={"Last-Event-ID": "2"}) as response:
        frames = parse_frames(response.get_data(as_text=True))
    assert frames[1:] == [
        [("id", "3"), ("data", '{"message": "Step 3 of 3 finished"}')],
        [("event", "done"), ("data", '{"count": 3}')],
    ]


def test_events_are_paced_by_the_config(monkeypatch):
    pauses = []
    monkeypatch.setattr(server_sent_events.time, "sleep", pauses.append)
    with app.test_client().get("/events") as response:
        assert len(parse_frames(response.get_data(as_text=True))) == 10
    assert pauses == [0.5] * 8


@pytest.mark.parametrize("count", ["abc", "0", "-1", "1.5", "", "101", *NOT_ASCII_WHOLE_NUMBERS])
def test_invalid_count_gets_400_before_any_event(client, count):
    with client.get("/events", query_string={"count": count}) as response:
        assert response.status_code == 400
        assert response.mimetype == "text/html"
        assert b"count must be a whole number from 1 to 100" in response.data


@given(count=not_ascii_digits)
def test_any_count_but_ascii_digits_gets_400(count):
    with app.test_client().get("/events", query_string={"count": count}) as response:
        assert response.status_code == 400


def test_repeated_count_gets_400_rather_than_the_first_one_winning(client):
    with client.get("/events", query_string={"count": ["1", "2"]}) as response:
        assert response.status_code == 400
        assert b"given once" in response.data


def test_repeated_last_event_id_gets_400(client):
    headers = [("Last-Event-ID", "1"), ("Last-Event-ID", "2")]
    with client.get("/events?count=3", headers=headers) as response:
        assert response.status_code == 400
        assert b"given once" in response.data


# HTTP header values cannot carry a line break or NUL, so those are left out here.
@pytest.mark.parametrize("last_id", ["x", "-1", "4", "١", "１", " 1", "1_0", "+1"])
def test_invalid_last_event_id_gets_400(client, last_id):
    with client.get("/events?count=3", headers={"Last-Event-ID": last_id}) as response:
        assert response.status_code == 400
        assert b"Last-Event-ID must be a whole number from 0 to 3" in response.data


@pytest.mark.parametrize("field", ["event_type", "event_id"])
@given(before=st.text(max_size=5), line_break=st.sampled_from(["\r", "\n", "\r\n"]), after=st.text(max_size=5))
def test_a_line_break_in_an_event_field_is_refused(field, before, line_break, after):
    # Copied with user data, a line break would let it add fields or whole events.
    with pytest.raises(ValueError, match="cannot contain CR or LF"):
        event({"message": "hi"}, **{field: before + line_break + after})


@given(event_type=st.text(min_size=1).filter(lambda text: not {"\r", "\n"} & set(text)), event_id=st.integers(0))
def test_fields_without_line_breaks_stay_one_line_each(event_type, event_id):
    frame = event({"message": "hi"}, event_type=event_type, event_id=event_id)
    assert frame.split("\n")[:2] == [f"event: {event_type}", f"id: {event_id}"]


@pytest.mark.browser
def test_browser_shows_events_before_the_stream_ends(live_server, shows_items_before_the_end):
    shows_items_before_the_end(live_server("snippets.browser.server_sent_events", *QUICK).url + "/")


@pytest.mark.browser
def test_browser_done_event_stops_eventsource_from_reconnecting(live_server, page):
    server = live_server("snippets.browser.server_sent_events", *QUICK)
    request_line = '"GET /events HTTP/1.1" 200'
    before = server.log().count(request_line)
    page.goto(server.url + "/", wait_until="commit")
    expect(page.locator("#status")).to_have_text("Done.")
    # The stream asked for a 2 s retry: wait longer than that, in the page.
    assert page.evaluate("new Promise((resolve) => setTimeout(() => resolve(true), 3000))")
    assert server.log().count(request_line) - before == 1


@pytest.mark.browser
def test_browser_eventsource_reconnects_and_the_server_resumes(live_server, page):
    server = live_server("snippets.browser.server_sent_events", *QUICK)
    page.goto(server.url + "/", wait_until="commit")
    # A client that ignores "done": when the response ends, EventSource reconnects
    # and sends Last-Event-ID, so the second response has nothing but "done".
    page.evaluate("""
        window.received = [];
        window.source = new EventSource('/events?count=2');
        source.onmessage = (event) => received.push(JSON.parse(event.data).message);
        source.addEventListener('done', (event) => received.push('done after ' + event.lastEventId));
    """)
    page.wait_for_function("received.length >= 4")
    page.evaluate("source.close()")
    assert page.evaluate("received") == [
        "Step 1 of 2 finished",
        "Step 2 of 2 finished",
        "done after 2",
        "done after 2",
    ]


@pytest.mark.browser
def test_browser_six_open_streams_block_other_requests_to_the_origin(live_server, page):
    server = live_server("snippets.browser.server_sent_events", *QUICK)
    page.goto(server.url + "/", wait_until="commit")
    expect(page.locator("#status")).to_have_text("Done.")  # the page's own stream is closed
    # Six open event streams use every HTTP/1.1 connection Chromium allows per origin.
    page.evaluate("""
        new Promise((resolve) => {
            window.ended = 0;
            let opened = 0;
            for (let i = 0; i < 6; i++) {
                const source = new EventSource('/events?count=4&stream=' + i);
                source.onopen = () => { opened += 1; if (opened === 6) resolve(); };
                source.addEventListener('done', () => { source.close(); ended += 1; });
            }
        })
    """)
    # A request from another tab waits until one of the streams has ended.
    other_tab = page.context.new_page()
    other_tab.goto(server.url + "/static/server_sent_events.js")
    assert page.evaluate("ended") >= 1
    other_tab.close()
