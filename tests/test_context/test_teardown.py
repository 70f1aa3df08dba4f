"""When teardown runs for a stream_with_context response depends on the Flask release.

`make matrix-flask` runs these tests against every Flask 3.0 and 3.1 release; the
expectations for each come from one table, TEARDOWN_BY_FLASK_VERSION.
"""

import contextlib
import http.client
import importlib.metadata
import logging
import re
import sqlite3
import sys
from pathlib import Path

import pytest

from snippets.context.teardown import app, get_db
from tests.live_server import LiveServer

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"
CLOSED_DATABASE = "Cannot operate on a closed database"
WHOLE_BODY = b"n\n" + b"".join(f"{n}\n".encode() for n in range(1, 11))

# The two behaviours docs/context.md describes: how many times each teardown
# function runs, how many of those before the generator starts; "events" is what
# the app and the test log with the test client, "live_events" what gunicorn's
# log shows, in order.
ONCE_AFTER_THE_BODY = {
    "runs": 1,
    "runs_before_the_body": 0,
    "events": ["view returned", "generator started", "first chunk received", "teardown_appcontext ran"],
    "body": WHOLE_BODY,
    "error": None,
    "live_events": ["view returned", "generator started", "teardown_appcontext ran"],
}
TWICE_BEFORE_AND_AFTER = {
    "runs": 2,
    "runs_before_the_body": 1,
    "events": [
        "view returned",
        "teardown_appcontext ran",  # The connection on g is closed here ...
        "generator started",  # ... before the body starts.
        "first chunk received",
        "teardown_appcontext ran",
    ],
    "body": b"n\n",
    "error": CLOSED_DATABASE,
    "live_events": [
        "view returned",
        "teardown_appcontext ran",
        "generator started",
        "teardown_appcontext ran",
        CLOSED_DATABASE,
    ],
}
# Measured by `make matrix-flask` (results/flask_versions.json). The text of
# docs/context.md states this table: a release that is missing fails every test
# below, as a signal to re-check the text before adding it.
TEARDOWN_BY_FLASK_VERSION = {
    "3.0.0": ONCE_AFTER_THE_BODY,
    "3.0.1": ONCE_AFTER_THE_BODY,
    "3.0.2": ONCE_AFTER_THE_BODY,
    "3.0.3": ONCE_AFTER_THE_BODY,
    "3.1.0": ONCE_AFTER_THE_BODY,
    "3.1.1": ONCE_AFTER_THE_BODY,
    "3.1.2": TWICE_BEFORE_AND_AFTER,
    "3.1.3": TWICE_BEFORE_AND_AFTER,
}


def expected_teardown() -> dict:
    """What the installed Flask does, from the table; an unknown release fails the test."""
    version = importlib.metadata.version("flask")
    if version not in TEARDOWN_BY_FLASK_VERSION:
        pytest.fail(
            f"Flask {version} is not in TEARDOWN_BY_FLASK_VERSION: re-check the teardown section of "
            "docs/context.md against this release (make matrix-flask), then add it to the table"
        )
    return TEARDOWN_BY_FLASK_VERSION[version]


@pytest.fixture
def expected():
    """The table's row for the installed Flask."""
    return expected_teardown()


@pytest.fixture
def client():
    """A test client for the teardown app."""
    return app.test_client()


@pytest.fixture
def events(caplog):
    """Messages logged by the app and by the test, in order."""
    caplog.set_level(logging.INFO)
    return lambda: [record.getMessage() for record in caplog.records]


def test_pinned_flask_is_in_the_table():
    # The pin decides what `make test` checks, and what the text calls "the pinned version".
    pinned = re.search(r"^Flask==(\S+)$", REQUIREMENTS.read_text(), re.MULTILINE)[1]
    assert pinned in TEARDOWN_BY_FLASK_VERSION


def test_get_db_reuses_one_connection_per_context():
    with app.app_context():
        assert get_db() is get_db()


def test_teardown_runs_when_the_table_says(client, events, expected):
    test_log = logging.getLogger("test")
    body = b""
    error = None
    with client.get("/numbers") as response:
        test_log.info("first chunk received")
        try:
            for chunk in response.response:
                body += chunk
        except sqlite3.ProgrammingError as exception:
            error = str(exception)
    assert events() == expected["events"]
    assert body == expected["body"]
    assert error is None if expected["error"] is None else expected["error"] in error


def test_query_works_while_the_first_context_is_still_pushed():
    # The query is fine: read the body before teardown runs and it is complete.
    with app.test_request_context("/numbers"):
        response = app.view_functions["numbers"]()
        assert response.get_data() == WHOLE_BODY


def logged_events(log: str, names: list[str]) -> list[str]:
    """The occurrences of ``names`` in ``log``, in the order they were logged."""
    pattern = "|".join(map(re.escape, names))
    return re.findall(pattern, log)


@pytest.mark.live
def test_live_body_and_log_are_what_the_table_says(live_server, expected):
    server = live_server("snippets.context.teardown")
    with contextlib.closing(server.connection()) as connection:
        connection.request("GET", "/numbers")
        response = connection.getresponse()
        assert response.status == 200
        if expected["error"] is None:
            assert response.read() == expected["body"]
        else:  # The stream is cut after what was sent: no terminating chunk.
            with pytest.raises(http.client.IncompleteRead) as excinfo:
                response.read()
            assert excinfo.value.partial == expected["body"]
    log = server.wait_for_log(expected["live_events"][-1])
    names = ["view returned", "teardown_appcontext ran", "generator started", CLOSED_DATABASE]
    assert logged_events(log, names) == expected["live_events"]


def flask_run_debug(module_name: str, port: int) -> list[str]:
    """The page's `flask --app ... run --debug`, without the reloader's second process."""
    return [sys.executable, "-m", "flask", "--app", module_name, "run", "--debug", "--no-reload", "--port", str(port)]


@pytest.mark.live
def test_flask_run_debug_prints_the_events_of_the_page(tmp_path, expected):
    # Debug mode shows the app's INFO messages, in the order the page prints them.
    server = LiveServer("snippets.context.teardown", tmp_path / "flask.log", command=flask_run_debug)
    server.start()
    try:
        with contextlib.closing(server.connection()) as connection:
            connection.request("GET", "/numbers")
            response = connection.getresponse()
            assert response.status == 200
            with contextlib.suppress(http.client.IncompleteRead):
                response.read()
        log = server.wait_for_log(expected["live_events"][-1])
    finally:
        server.stop()
    printed = [f"INFO in teardown: {event}" for event in expected["live_events"] if event != CLOSED_DATABASE]
    if expected["error"] is not None:
        printed.append(f"sqlite3.ProgrammingError: {CLOSED_DATABASE}.")
    assert logged_events(log, printed) == printed
