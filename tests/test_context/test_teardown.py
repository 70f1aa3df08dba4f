"""Flask 3.1.3 runs teardown when the view returns and again after the body."""

import http.client
import importlib.metadata
import logging
import sqlite3

import pytest

from snippets.context.teardown import app, get_db


@pytest.fixture
def client():
    """A test client for the teardown app."""
    return app.test_client()


@pytest.fixture
def events(caplog):
    """Messages logged by the app and by the test, in order."""
    caplog.set_level(logging.INFO)
    return lambda: [record.getMessage() for record in caplog.records]


def test_pinned_flask_is_3_1_3():
    # The teardown order below is what 3.1.3 does; 3.1.1 and 3.2 differ.
    assert importlib.metadata.version("flask") == "3.1.3"


def test_get_db_reuses_one_connection_per_context():
    with app.app_context():
        assert get_db() is get_db()


def test_teardown_runs_before_the_generator_and_again_after(client, events):
    test_log = logging.getLogger("test")
    with client.get("/numbers") as response:
        test_log.info("first chunk received")
        chunks = iter(response.response)
        assert next(chunks) == b"n\n"
        with pytest.raises(sqlite3.ProgrammingError, match="closed database"):
            next(chunks)
    assert events() == [
        "view returned",
        "teardown_appcontext ran",  # The connection on g is closed here ...
        "generator started",  # ... before the body starts.
        "first chunk received",
        "teardown_appcontext ran",
    ]


def test_query_works_while_the_first_context_is_still_pushed():
    # The query is fine: read the body before teardown runs and it is complete.
    with app.test_request_context("/numbers"):
        response = app.view_functions["numbers"]()
        assert response.get_data() == b"n\n" + b"".join(f"{n}\n".encode() for n in range(1, 11))


@pytest.mark.live
def test_live_stream_is_cut_after_its_first_line(live_server):
    server = live_server("snippets.context.teardown")
    connection = server.connection()
    connection.request("GET", "/numbers")
    response = connection.getresponse()
    assert response.status == 200
    with pytest.raises(http.client.IncompleteRead) as excinfo:
        response.read()
    assert excinfo.value.partial == b"n\n"
    connection.close()
    log = server.wait_for_log("Cannot operate on a closed database")
    order = [
        log.index("view returned"),
        log.index("teardown_appcontext ran"),
        log.index("generator started"),
        log.rindex("teardown_appcontext ran"),
        log.index("Cannot operate on a closed database"),
    ]
    assert order == sorted(order)
    assert log.count("teardown_appcontext ran") == 2
