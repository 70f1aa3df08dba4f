"""A final record lets a client tell a complete export from a cut one, over HTTP/1.1 and 1.0."""

import json

import pytest
from hypothesis import given

import snippets.errors.last_record as last_record
from snippets.errors.last_record import IncompleteExport, app, iter_ndjson, iter_orders, read_export
from tests.apps.failing_export import failing_orders
from tests.strict_inputs import NOT_ASCII_WHOLE_NUMBERS, not_ascii_digits
from tests.test_errors.helpers import TIMEOUT, raw_get, read_cut_stream

FINAL = {"done": True, "rows": 1200}


@pytest.fixture
def client():
    """A test client for the NDJSON export."""
    return app.test_client()


def test_stream_ends_with_the_final_record():
    lines = "".join(iter_ndjson(iter_orders(1200))).splitlines()
    assert len(lines) == 1201
    assert json.loads(lines[-1]) == FINAL


def test_rows_come_in_chunks_and_the_final_record_comes_last():
    chunks = list(iter_ndjson(iter_orders(1200), rows_per_chunk=500))
    assert [chunk.count("\n") for chunk in chunks] == [500, 500, 200, 1]


def test_empty_export_is_only_the_final_record():
    assert list(iter_ndjson([])) == ['{"done": true, "rows": 0}\n']


def test_reader_returns_the_rows_of_a_complete_export():
    rows = read_export("".join(iter_ndjson(iter_orders(3))).splitlines())
    assert rows == [{"id": 0, "total": "0.00"}, {"id": 1, "total": "1.25"}, {"id": 2, "total": "2.50"}]


@pytest.mark.parametrize(
    "lines",
    [[], ['{"id": 0, "total": "0.00"}'], ['{"done": true, "rows": 2}', '{"id": 0, "total": "0.00"}']],
    ids=["nothing", "no-final-record", "final-record-not-last"],
)
def test_reader_rejects_an_export_without_its_final_record(lines):
    with pytest.raises(IncompleteExport, match="final record is missing"):
        read_export(lines)


def test_reader_rejects_a_final_record_with_another_count():
    with pytest.raises(IncompleteExport, match="expected 2 rows, got 1"):
        read_export(['{"id": 0, "total": "0.00"}', '{"done": true, "rows": 2}'])


def test_test_client_export_is_complete(client):
    with client.get("/orders.ndjson?rows=1200") as response:
        assert response.status_code == 200
        assert response.mimetype == "application/x-ndjson"
        rows = read_export(response.get_data(as_text=True).splitlines())
    assert len(rows) == 1200


def test_test_client_cut_export_lacks_the_final_record(client, monkeypatch):
    monkeypatch.setattr(last_record, "iter_orders", failing_orders)
    with client.get("/orders.ndjson?rows=5000") as response:
        assert response.status_code == 200
        received = b""
        # The chunks that arrive before the failure are kept, so the loop is inside.
        with pytest.raises(ConnectionError):  # noqa: PT012
            for chunk in response.response:
                received += chunk
    # The two chunks of 500 rows that were sent before the failure, and nothing else.
    assert received.count(b"\n") == 1000
    with pytest.raises(IncompleteExport):
        read_export(received.decode().splitlines())


@pytest.mark.parametrize("rows", ["abc", "-1", "", str(last_record.MAX_ROWS + 1), *NOT_ASCII_WHOLE_NUMBERS])
def test_invalid_rows_gets_400_before_any_body(client, rows):
    with client.get("/orders.ndjson", query_string={"rows": rows}) as response:
        assert response.status_code == 400
        assert b"rows must be a whole number" in response.data


@given(rows=not_ascii_digits)
def test_any_rows_but_ascii_digits_gets_400(rows):
    with app.test_client().get("/orders.ndjson", query_string={"rows": rows}) as response:
        assert response.status_code == 400


def test_repeated_rows_gets_400_rather_than_the_first_one_winning(client):
    with client.get("/orders.ndjson", query_string={"rows": ["1", "2"]}) as response:
        assert response.status_code == 400
        assert b"given once" in response.data


@pytest.mark.live
def test_live_complete_export_ends_with_the_final_record(live_server):
    server = live_server("snippets.errors.last_record")
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/orders.ndjson?rows=1200")
    response = connection.getresponse()
    assert response.status == 200
    lines = response.read().decode().splitlines()
    connection.close()
    assert json.loads(lines[-1]) == FINAL
    assert len(read_export(lines)) == 1200


@pytest.mark.live
def test_live_http11_cut_export_is_an_incomplete_read(live_server):
    server = live_server("tests.apps.failing_export")
    connection = server.connection(timeout=TIMEOUT)
    partial = read_cut_stream(connection, "/orders.ndjson?rows=5000")
    assert partial.count(b"\n") == 1000
    server.wait_for_log("ConnectionError: database connection lost")


@pytest.mark.live
def test_live_http10_cut_export_ends_cleanly_but_lacks_the_final_record(live_server):
    server = live_server("tests.apps.failing_export")
    head, body = raw_get(server.port, "/orders.ndjson?rows=5000", "HTTP/1.0")
    assert head.startswith("HTTP/1.0 200 OK")
    # No chunks and no length: the end of the body is just the server closing.
    assert "Transfer-Encoding" not in head
    assert "Content-Length" not in head
    lines = body.decode().splitlines()
    assert len(lines) == 1000
    assert all("id" in json.loads(line) for line in lines)  # 1000 whole, valid rows
    with pytest.raises(IncompleteExport, match="final record is missing"):
        read_export(lines)


@pytest.mark.live
def test_live_http10_complete_export_has_the_final_record(live_server):
    server = live_server("snippets.errors.last_record")
    head, body = raw_get(server.port, "/orders.ndjson?rows=1200", "HTTP/1.0")
    assert head.startswith("HTTP/1.0 200 OK")
    assert len(read_export(body.decode().splitlines())) == 1200
