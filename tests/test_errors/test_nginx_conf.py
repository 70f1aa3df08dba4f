"""The nginx example turns off what breaks streams: buffering and HTTP/1.0 to the app."""

import re
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "snippets" / "errors" / "nginx.conf"


@pytest.fixture
def directives():
    """The directives of the example location block, as a dict."""
    text = re.sub(r"#.*", "", CONF.read_text())
    body = re.fullmatch(r"\s*location / \{(.*)\}\s*", text, re.S)[1]
    statements = [line.strip().rstrip(";") for line in body.split(";\n")]
    return dict(statement.split(None, 1) for statement in statements if statement)


def test_location_proxies_to_gunicorn_with_http11(directives):
    assert directives["proxy_pass"] == "http://127.0.0.1:8000"
    assert directives["proxy_http_version"] == "1.1"


def test_location_turns_off_buffering(directives):
    assert directives["proxy_buffering"] == "off"


def test_location_allows_long_pauses(directives):
    assert directives["proxy_read_timeout"] == "300s"
