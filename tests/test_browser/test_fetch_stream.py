"""fetch() reads the NDJSON stream; the page shows each item before the stream ends."""

import json
from pathlib import Path

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


# The page script's readLines(), as the chapter shows it (between its markers).
SCRIPT = Path(fetch_stream.__file__).with_name("static") / "fetch_stream.js"
READ_LINES = SCRIPT.read_text(encoding="utf-8").split("// [start read-lines]")[1].split("// [end read-lines]")[0]


@pytest.mark.browser
def test_browser_read_lines_joins_lines_and_characters_split_across_pieces(page):
    body = "first ✓ line\nsecond\nthird ✓\nlast".encode()
    check = "✓".encode()
    # Half a line; then half of a three-byte character; then its rest, several
    # lines and two bytes of the next one; then its last byte and the last line.
    cuts = [0, 4, body.index(check) + 1, body.rindex(check) + 2, len(body)]
    pieces = [list(body[start:end]) for start, end in zip(cuts, cuts[1:], strict=False)]
    lines = page.evaluate(
        f"""async (pieces) => {{
            {READ_LINES}
            const body = new ReadableStream({{
                start(controller) {{
                    for (const piece of pieces) controller.enqueue(new Uint8Array(piece));
                    controller.close();
                }},
            }});
            const lines = [];
            for await (const line of readLines(new Response(body))) lines.push(line);
            return lines;
        }}""",
        pieces,
    )
    assert lines == ["first ✓ line", "second", "third ✓", "last"]


@pytest.mark.browser
def test_browser_shows_stream_text_as_text_and_says_when_done_is_missing(live_server, page):
    server = live_server("snippets.browser.fetch_stream", *QUICK)
    hostile = '<img src="/x" onerror="window.hacked = true">'
    # A stream cut after its first record: no {"done": true}.
    body = json.dumps({"number": 1, "message": hostile}) + "\n"
    page.route("**/items*", lambda route: route.fulfill(status=200, content_type="application/x-ndjson", body=body))
    page.goto(server.url + "/", wait_until="commit")
    expect(page.locator("#status")).to_have_text("The stream ended before it was complete.")
    expect(page.locator("#items li")).to_have_text([hostile])
    assert page.locator("#items img").count() == 0
    assert page.evaluate("window.hacked === undefined")
