"""A connection opened in the generator lives exactly as long as the body."""

import logging

import pytest

from snippets.context.resource_in_generator import app
from tests.strict_inputs import NOT_ASCII_WHOLE_NUMBERS


@pytest.fixture
def client():
    """A test client for the numbers app."""
    return app.test_client()


@pytest.fixture
def events(caplog):
    """Messages the app logged, in order."""
    caplog.set_level(logging.INFO)
    return lambda: [record.getMessage() for record in caplog.records]


def test_numbers_stream_from_the_database(client):
    with client.get("/numbers?count=5") as response:
        assert response.status_code == 200
        assert response.data == b"n\n1\n2\n3\n4\n5\n"


def test_connection_is_open_while_streaming_and_closed_at_the_end(client, events):
    with client.get("/numbers?count=1000") as response:
        chunks = iter(response.response)
        for _ in range(10):
            next(chunks)
        assert events() == []
        assert len(list(chunks)) == 1001 - 10
        assert events() == ["connection closed"]


def test_closing_the_response_early_closes_the_connection(client, events):
    response = client.get("/numbers?count=1000000")
    assert events() == []
    response.close()  # What a server does when the client goes away.
    assert events() == ["connection closed"]


@pytest.mark.parametrize("count", ["", "ten", "0", "1000001", *NOT_ASCII_WHOLE_NUMBERS])
def test_bad_count_gets_400_before_any_body(client, count, events):
    with client.get("/numbers", query_string={"count": count}) as response:
        assert response.status_code == 400
        assert b"count must be a whole number" in response.data
    assert events() == []


def test_repeated_count_gets_400_rather_than_the_first_one_winning(client, events):
    with client.get("/numbers", query_string={"count": ["1", "2"]}) as response:
        assert response.status_code == 400
        assert b"given once" in response.data
    assert events() == []


@pytest.mark.live
def test_live_numbers_stream_and_the_connection_is_closed(live_server):
    server = live_server("snippets.context.resource_in_generator")
    connection = server.connection()
    connection.request("GET", "/numbers?count=3")
    response = connection.getresponse()
    assert response.status == 200
    assert response.read() == b"n\n1\n2\n3\n"
    server.wait_for_log("connection closed")
    connection.request("GET", "/numbers?count=none")
    response = connection.getresponse()
    assert response.status == 400
    assert b"count must be a whole number" in response.read()
    connection.close()
