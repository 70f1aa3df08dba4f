"""A POSTed prompt streams back token by token; bad input is refused first; Stop stops the model."""

import http.client
import json
import logging
import re
import socket
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import expect

import snippets.tokens.token_stream as token_stream
from snippets.tokens.token_stream import MAX_PROMPT_CHARS, MAX_TOKENS, app
from tests.proxies import Nginx
from tests.test_errors.helpers import TIMEOUT

# Tokens 0.1 s apart under test (the snippet's own pace, written out so that a
# change there does not silently change these tests).
QUICK = ("--env", "FLASK_STREAM_INTERVAL=0.1")
# The same, with a model that fails after two tokens.
FAILING = (*QUICK, "--env", "FLASK_FAIL_AFTER=2")
# After a client leaves, the model makes at most this many tokens more than
# the client received: two in every run so far, four allowed for a busy machine.
STOP_BOUND = 4


@pytest.fixture
def client(monkeypatch):
    """A test client for the token app, with a model that does not pause."""
    monkeypatch.setitem(app.config, "STREAM_INTERVAL", 0)
    return app.test_client()


def records(response):
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def post(client, body, **kwargs):
    return client.post("/generate", data=json.dumps(body), content_type="application/json", **kwargs)


# The stream


def test_reply_is_ndjson_started_then_tokens_then_done(client):
    with post(client, {"prompt": "Hi there", "max_tokens": 4}) as response:
        assert response.status_code == 200
        assert response.mimetype == "application/x-ndjson"
        assert response.headers["X-Accel-Buffering"] == "no"
        assert response.get_data(as_text=True).endswith("\n")
        assert records(response) == [
            {"started": True, "max_tokens": 4},
            {"token": "Hi"},
            {"token": " there"},
            {"token": " -"},
            {"token": " Streaming"},
            {"done": True, "tokens": 4},
        ]


def test_max_tokens_defaults_to_60(client):
    with post(client, {"prompt": "Hi"}) as response:
        found = records(response)
    assert found[0] == {"started": True, "max_tokens": 60}
    assert found[-1] == {"done": True, "tokens": 60}
    assert len(found) == 62


def test_model_is_paced_by_the_config(monkeypatch):
    pauses = []
    monkeypatch.setattr(token_stream.time, "sleep", pauses.append)
    with post(app.test_client(), {"prompt": "Hi", "max_tokens": 3}) as response:
        assert records(response)[-1] == {"done": True, "tokens": 3}
    assert pauses == [0.1] * 3


def test_started_record_is_sent_before_the_model_makes_a_token(client, monkeypatch):
    made = []

    def recording_model(prompt, max_tokens, interval, fail_after=None):
        for token in ["one", " two"]:
            made.append(token)
            yield token

    monkeypatch.setattr(token_stream, "generate_tokens", recording_model)
    with post(client, {"prompt": "Hi"}) as response:
        body = iter(response.response)
        assert json.loads(next(body)) == {"started": True, "max_tokens": 60}
        assert made == []
        assert json.loads(next(body)) == {"token": "one"}
        assert made == ["one"]


def test_model_error_after_the_first_token_is_a_final_error_record(client, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "FAIL_AFTER", 2)
    with caplog.at_level(logging.INFO), post(client, {"prompt": "a b c", "max_tokens": 10}) as response:
        assert response.status_code == 200  # sent before the model failed
        assert records(response) == [
            {"started": True, "max_tokens": 10},
            {"token": "a"},
            {"token": " b"},
            {"error": "The model failed. Try again.", "tokens": 2},
        ]
    # The details go to the log, not to the client.
    assert "ModelError: the model failed after 2 tokens" in caplog.text
    assert "token stream closed after 2 of 10 tokens sent" in caplog.text


def test_closing_the_response_early_closes_the_model(client, caplog):
    with caplog.at_level(logging.INFO):
        response = post(client, {"prompt": "Hi", "max_tokens": 100})
        body = iter(response.response)
        next(body), next(body), next(body)  # started, then two tokens
        assert "stopped" not in caplog.text
        response.close()
    assert "model stopped after 2 of 100 tokens" in caplog.text
    assert "token stream closed after 2 of 100 tokens sent" in caplog.text


# Input, checked before the stream


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "application/ld+json"]
)
def test_body_that_is_not_declared_json_gets_415(client, content_type):
    with client.post("/generate", data='{"prompt": "Hi"}', content_type=content_type) as response:
        assert response.status_code == 415
        assert response.mimetype == "application/json"
        assert "Content-Type: application/json" in response.json["error"]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{",
        b'{"prompt": "Hi"} {}',
        '{"prompt": "Hé"}'.encode("latin-1"),  # not UTF-8
        '{"prompt": "Hi"}'.encode("utf-16"),  # json.loads(bytes) would take it
        b'{"prompt": "Hi", "prompt": "<script>"}',  # json.loads keeps the last
        b'{"prompt": "Hi", "max_tokens": NaN}',
        b'{"prompt": "Hi", "max_tokens": Infinity}',
    ],
)
def test_body_that_is_not_strict_json_gets_400(client, data):
    with client.post("/generate", data=data, content_type="application/json") as response:
        assert response.status_code == 400
        assert response.json["error"] == "The body must be one JSON object in UTF-8, with each key once."


@pytest.mark.parametrize(
    "body",
    [
        [],
        "Hi",
        None,
        {},
        {"prompt": "Hi", "temperature": 2},
        {"prompt": None},
        {"prompt": 12},
        {"prompt": ["Hi"]},
        {"prompt": ""},
        {"prompt": " \n\t"},
        {"prompt": "x" * (MAX_PROMPT_CHARS + 1)},
        {"prompt": "Hi\0"},
        {"prompt": "Hi\x1b[31m"},
        {"prompt": "\ud800"},  # a lone surrogate: not text
        {"prompt": "Hi", "max_tokens": 0},
        {"prompt": "Hi", "max_tokens": MAX_TOKENS + 1},
        {"prompt": "Hi", "max_tokens": -1},
        {"prompt": "Hi", "max_tokens": 2.0},
        {"prompt": "Hi", "max_tokens": "2"},
        {"prompt": "Hi", "max_tokens": True},  # bool is an int in Python
        {"prompt": "Hi", "max_tokens": None},
    ],
)
def test_invalid_fields_get_400_before_any_stream(client, body):
    with post(client, body) as response:
        assert response.status_code == 400
        assert response.mimetype == "application/json"
        assert response.json["error"]


def test_limits_are_inclusive(client):
    prompt = "✓\r\n\t " + "x" * (MAX_PROMPT_CHARS - 5)
    assert len(prompt) == MAX_PROMPT_CHARS
    body = {"prompt": prompt, "max_tokens": MAX_TOKENS}
    with post(client, body) as response:
        assert response.status_code == 200
        assert records(response)[-1] == {"done": True, "tokens": MAX_TOKENS}


def test_body_over_16_kib_gets_413(client):
    data = json.dumps({"prompt": "Hi", "padding": "x" * 16 * 1024})
    with client.post("/generate", data=data, content_type="application/json") as response:
        assert response.status_code == 413


def test_get_is_not_allowed(client):
    with client.get("/generate") as response:
        assert response.status_code == 405


@given(max_tokens=st.one_of(st.integers(), st.floats(), st.text(), st.booleans(), st.none()))
def test_max_tokens_is_accepted_only_as_a_whole_number_in_range(max_tokens):
    interval = app.config["STREAM_INTERVAL"]
    app.config["STREAM_INTERVAL"] = 0  # hypothesis runs many examples: no fixture here
    try:
        with post(app.test_client(), {"prompt": "Hi", "max_tokens": max_tokens}) as response:
            expected = 200 if type(max_tokens) is int and 1 <= max_tokens <= MAX_TOKENS else 400
            assert response.status_code == expected
    finally:
        app.config["STREAM_INTERVAL"] = interval


# The page


def test_page_has_the_form_and_points_the_script_at_the_stream(client):
    with client.get("/") as response:
        html = response.get_data(as_text=True)
    assert 'data-src="/generate"' in html
    assert 'src="/static/tokens.js"' in html
    assert f'maxlength="{MAX_PROMPT_CHARS}"' in html
    with client.get("/static/tokens.js") as script:
        assert script.status_code == 200
        assert b"AbortController" in script.data


SCRIPT = Path(token_stream.__file__).with_name("static") / "tokens.js"
BROWSER_SCRIPT = Path(token_stream.__file__).parent.parent / "browser" / "static" / "fetch_stream.js"


def read_lines_of(path):
    return path.read_text(encoding="utf-8").split("// [start read-lines]")[1].split("// [end read-lines]")[0]


def test_read_lines_is_the_one_the_browser_page_explains():
    # One readLines(): tests/test_browser/test_fetch_stream.py proves it on split pieces.
    assert read_lines_of(SCRIPT) == read_lines_of(BROWSER_SCRIPT)


# Live: gunicorn (the chapter's gthread worker), alone and behind the chapter's nginx block

MODULE = "snippets.tokens.token_stream"


@pytest.fixture(scope="module")
def behind_nginx(live_server, tmp_path_factory):
    """The QUICK app under gunicorn, and the URL of nginx in front of it (snippets/errors/nginx.conf)."""
    server = live_server(MODULE, *QUICK)
    try:
        proxy = Nginx(tmp_path_factory.mktemp("nginx"), server.port, variants=("chapter",))
    except FileNotFoundError as error:
        pytest.fail(str(error))
    with proxy:
        yield server, f"http://127.0.0.1:{proxy.endpoints['chapter'].port}"


@pytest.fixture(params=["gunicorn", "nginx"])
def front(request, live_server):
    """(the gunicorn server, the URL a client uses): gunicorn itself, or nginx in front of it."""
    if request.param == "gunicorn":
        server = live_server(MODULE, *QUICK)
        return server, server.url
    return request.getfixturevalue("behind_nginx")


def logged_stop(server, max_tokens):
    """(tokens the model made, tokens the view sent) when the stream of ``max_tokens`` closed.

    Each test asks for its own max_tokens, which the log lines name: the tests of a
    module share a server and its log.
    """
    log = server.wait_for_log("token stream closed after ", timeout=TIMEOUT)
    deadline = time.monotonic() + TIMEOUT
    while not (sent := re.search(rf"token stream closed after (\d+) of {max_tokens} tokens sent", log)):
        assert time.monotonic() < deadline, f"the stream of {max_tokens} tokens did not close:\n{log}"
        time.sleep(0.05)
        log = server.log()
    made = re.search(rf"model stopped after (\d+) of {max_tokens} tokens", log)
    assert made, log
    return int(made[1]), int(sent[1])


def post_and_hang_up(url, body, tokens):
    """POST ``body`` as JSON, read until ``tokens`` token records arrived, and close the socket.

    Returns what arrived, and the seconds after the request at which the started
    record and the first token arrived (None if it did not).
    """
    host, port = url.removeprefix("http://").split(":")
    data = json.dumps(body).encode()
    head = (
        f"POST /generate HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    ).encode()
    arrivals = {}
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as sock:
        sent_at = time.monotonic()
        sock.sendall(head + data)
        received = b""
        while "started" not in arrivals or received.count(b'{"token"') < tokens:
            chunk = sock.recv(65536)
            assert chunk, f"the server closed the connection early: {received!r}"
            received += chunk
            for marker in ("started", "token"):
                if marker not in arrivals and f'{{"{marker}"'.encode() in received:
                    arrivals[marker] = time.monotonic() - sent_at
    return received, arrivals.get("started"), arrivals.get("token")


@pytest.mark.live
def test_live_headers_and_started_record_leave_before_the_first_token(live_server):
    # A slow model: one second for each token.
    server = live_server(MODULE, "--env", "FLASK_STREAM_INTERVAL=1")
    received, started_after, token_after = post_and_hang_up(server.url, {"prompt": "Hi", "max_tokens": 2}, tokens=1)
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\nTransfer-Encoding: chunked\r\n" in head
    assert b'{"started": true, "max_tokens": 2}\n' in body
    # The status line, the headers and the started record did not wait for the
    # model: they arrived most of its second before its first token.
    assert token_after - started_after > 0.5, (started_after, token_after)


@pytest.mark.live
@pytest.mark.parametrize(
    ("body", "status"), [({"prompt": " "}, b"400 BAD REQUEST"), ({"prompt": "Hi", "max_tokens": 0}, b"400 BAD REQUEST")]
)
def test_live_invalid_input_gets_its_status_and_no_stream(front, body, status):
    server, url = front
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    connection.request("POST", "/generate", json.dumps(body), {"Content-Type": "application/json"})
    response = connection.getresponse()
    assert response.status == 400
    assert response.getheader("Content-Type") == "application/json"
    assert "error" in json.loads(response.read())
    connection.close()


@pytest.mark.live
@pytest.mark.parametrize(("endpoint", "max_tokens"), [("gunicorn", 301), ("nginx", 302)])
def test_live_hang_up_stops_the_model_within_a_few_tokens(live_server, request, endpoint, max_tokens):
    server, url = request.getfixturevalue("behind_nginx") if endpoint == "nginx" else (None, None)
    if endpoint == "gunicorn":
        server = live_server(MODULE, *QUICK)
        url = server.url
    received, _, _ = post_and_hang_up(url, {"prompt": "Hi", "max_tokens": max_tokens}, tokens=3)
    made, sent = logged_stop(server, max_tokens)
    received_tokens = received.count(b'{"token"')
    print(f"{endpoint}: received {received_tokens}, sent {sent}, made {made} of {max_tokens}")
    assert received_tokens <= sent <= made
    assert made - received_tokens <= STOP_BOUND


# In Chromium: the page sends the prompt, shows tokens as they come, and stops


def full_reply(prompt, max_tokens):
    """The text the stand-in model makes for ``prompt``, made at once."""
    return "".join(token_stream.generate_tokens(prompt, max_tokens, interval=0))


def ask(page, url, prompt, max_tokens):
    page.goto(url + "/")
    page.fill("textarea[name=prompt]", prompt)
    page.fill("input[name=max_tokens]", str(max_tokens))
    page.click("#send")


@pytest.mark.browser
def test_browser_shows_tokens_before_the_stream_ends(front, page):
    server, url = front
    ask(page, url, "Why stream?", 15)  # 15 tokens, 0.1 s apart
    answer = page.locator("#answer")
    status = page.locator("#status")
    expect(answer).to_have_text(re.compile(r"^Why stream\? -"))
    # Part of the answer is on the page while the stream still runs.
    assert status.text_content() == "Receiving…"
    assert answer.text_content() != full_reply("Why stream?", 15)
    expect(status).to_have_text("Done: 15 tokens.")
    expect(answer).to_have_text(full_reply("Why stream?", 15))


@pytest.mark.browser
@pytest.mark.parametrize(("endpoint", "max_tokens"), [("gunicorn", 401), ("nginx", 402)])
def test_browser_stop_aborts_and_the_model_stops_within_a_few_tokens(live_server, request, page, endpoint, max_tokens):
    if endpoint == "nginx":
        server, url = request.getfixturevalue("behind_nginx")
    else:
        server = live_server(MODULE, *QUICK)
        url = server.url
    ask(page, url, "Why stream?", max_tokens)  # 40 s of tokens, unless stopped
    answer = page.locator("#answer")
    expect(answer).to_have_text(re.compile(r"^Why stream\? - Streaming"))  # four tokens
    page.click("#stop")
    expect(page.locator("#status")).to_have_text("Stopped.")
    expect(page.locator("#send")).to_be_enabled()
    shown = len(answer.text_content().split())  # each token is one word
    made, sent = logged_stop(server, max_tokens)
    print(f"{endpoint}: shown {shown}, sent {sent}, made {made} of {max_tokens}")
    assert shown <= sent <= made
    assert made - shown <= STOP_BOUND
    # Nothing more is shown after Stop.
    assert len(answer.text_content().split()) == shown


@pytest.mark.browser
def test_browser_shows_a_model_error_as_an_error(live_server, page):
    server = live_server(MODULE, *FAILING)
    ask(page, server.url, "Why stream?", 20)
    expect(page.locator("#status")).to_have_text("Error: The model failed. Try again.")
    expect(page.locator("#answer")).to_have_text("Why stream?")  # the two tokens before the failure


@pytest.mark.browser
def test_browser_says_when_the_stream_was_cut(live_server, page):
    server = live_server(MODULE, *QUICK)
    # A stream cut after its first token: no final record.
    body = json.dumps({"started": True, "max_tokens": 20}) + "\n" + json.dumps({"token": "Why"}) + "\n"
    page.route("**/generate", lambda route: route.fulfill(status=200, content_type="application/x-ndjson", body=body))
    ask(page, server.url, "Why stream?", 20)
    expect(page.locator("#status")).to_have_text("The stream was cut before the end.")
    expect(page.locator("#answer")).to_have_text("Why")


@pytest.mark.browser
def test_browser_shows_tokens_as_text_never_as_html(live_server, page):
    server = live_server(MODULE, *QUICK)
    # The stand-in model repeats the prompt, so the tokens carry this markup.
    hostile = '<img src="/x" onerror="window.hacked = true">'
    ask(page, server.url, hostile, 5)  # the five words of the markup
    expect(page.locator("#status")).to_have_text("Done: 5 tokens.")
    expect(page.locator("#answer")).to_have_text(hostile)
    assert page.locator("#answer img").count() == 0
    assert page.evaluate("window.hacked === undefined")


@pytest.mark.browser
def test_browser_shows_why_the_server_refused_the_prompt(live_server, page):
    server = live_server(MODULE, *QUICK)
    ask(page, server.url, "   ", 20)  # the form's "required" lets spaces through; the view does not
    expect(page.locator("#status")).to_have_text(re.compile(r'^Refused: "prompt" must be a string'))
    assert f"400: {server.url}/generate" in page.problems  # expected: not a problem here
    page.problems.clear()
