"""A POSTed prompt streams back token by token; bad input is refused first; Stop stops the model."""

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
# the client received (measured: see the tests below).
STOP_BOUND = 3


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
    assert "token stream closed after 2 tokens sent" in caplog.text


def test_closing_the_response_early_closes_the_model(client, caplog):
    with caplog.at_level(logging.INFO):
        response = post(client, {"prompt": "Hi", "max_tokens": 100})
        body = iter(response.response)
        next(body), next(body), next(body)  # started, then two tokens
        assert "stopped" not in caplog.text
        response.close()
    assert "model stopped after 2 tokens" in caplog.text
    assert "token stream closed after 2 tokens sent" in caplog.text


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
