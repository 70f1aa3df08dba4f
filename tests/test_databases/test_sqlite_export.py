"""The SQLite export streams a real table in batches and closes its connection, also on a hang-up."""

import contextlib
import itertools
import os
import sqlite3
import time
from pathlib import Path

import pytest

import snippets.databases.sqlite_export as sqlite_export
from snippets.basics.csv_export import iter_csv, iter_orders
from snippets.databases.sqlite_export import app, create_orders
from tests.test_errors.helpers import TIMEOUT


@pytest.fixture
def small_orders(tmp_path):
    """A database of 2500 orders: two full batches of 1000 rows and a last one of 500."""
    path = tmp_path / "orders.sqlite3"
    create_orders(str(path), 2500)
    return path


@pytest.fixture
def client(monkeypatch):
    """Return ``client(path)``: a test client of the export app reading the database at ``path``."""

    def client(path):
        monkeypatch.setitem(app.config, "DATABASE", str(path))
        return app.test_client()

    return client


@pytest.fixture
def connections(monkeypatch):
    """Every connection the export opens, in order."""
    opened = []
    original = sqlite_export.connect

    def recording(path):
        opened.append(original(path))
        return opened[-1]

    monkeypatch.setattr(sqlite_export, "connect", recording)
    return opened


def is_closed(connection):
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:  # "Cannot operate on a closed database."
        return True
    return False


def test_export_is_the_chapters_csv_of_the_table(client, small_orders):
    with client(small_orders).get("/orders.csv") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"] == "attachment; filename=orders.csv"
        # The same bytes as snippets/basics makes from the same rows.
        assert response.get_data(as_text=True) == "".join(iter_csv(iter_orders(2500)))


def test_each_chunk_holds_one_fetchmany_batch(client, small_orders):
    with client(small_orders).get("/orders.csv") as response:
        chunks = list(response.response)
    assert [chunk.count(b"Customer ") for chunk in chunks] == [1000, 1000, 500]


def test_an_empty_table_gives_an_empty_body(client, tmp_path):
    path = tmp_path / "empty.sqlite3"
    create_orders(str(path), 0)
    with client(path).get("/orders.csv") as response:
        assert response.status_code == 200
        assert response.data == b""


def test_calling_the_generator_opens_no_connection(connections, small_orders):
    chunks = sqlite_export.iter_order_chunks(str(small_orders), 1000)
    assert connections == []
    next(chunks)
    assert len(connections) == 1
    chunks.close()
    assert is_closed(connections[0])


def test_the_view_opens_the_database_and_reads_the_first_batch_before_it_returns(client, connections, small_orders):
    response = client(small_orders).get("/orders.csv", buffered=False)
    # The view has returned: the connection is open and its first batch is read.
    assert len(connections) == 1
    assert not is_closed(connections[0])
    response.close()


def test_closing_the_response_early_closes_the_connection(client, connections, small_orders):
    response = client(small_orders).get("/orders.csv")
    assert next(iter(response.response)).count(b"Customer ") == 1000
    response.close()
    assert is_closed(connections[0])


def test_reading_to_the_end_closes_the_connection(client, connections, small_orders):
    with client(small_orders).get("/orders.csv") as response:
        assert len(response.data) > 0
    assert is_closed(connections[0])


def test_a_chain_would_leave_the_connection_open(connections, small_orders):
    chunks = sqlite_export.iter_order_chunks(str(small_orders), 1000)
    first = next(chunks)
    # What start() avoids: a chain has no close(), so closing the response cannot reach the generator.
    response = app.response_class(itertools.chain([first], chunks))
    assert not hasattr(response.response, "close")
    response.close()
    assert not is_closed(connections[0])
    chunks.close()
    assert is_closed(connections[0])


@pytest.mark.parametrize("case", ["missing file", "missing table"])
def test_an_unavailable_database_gets_503_before_any_body(client, tmp_path, case):
    path = tmp_path / "orders.sqlite3"
    if case == "missing table":
        sqlite3.connect(path).close()  # an empty database file
    with client(path).get("/orders.csv") as response:
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert b"The orders database is unavailable" in response.data
    # Read-only: the export did not create an empty database in passing.
    assert path.exists() is (case == "missing table")


def test_init_db_writes_the_orders(tmp_path, monkeypatch):
    path = tmp_path / "orders.sqlite3"
    monkeypatch.setitem(app.config, "DATABASE", str(path))
    result = app.test_cli_runner().invoke(args=["init-db", "--rows", "3"])
    assert result.exit_code == 0, result.output
    assert f"wrote 3 orders to {path}" in result.output
    with sqlite3.connect(path) as connection:
        assert connection.execute(sqlite_export.QUERY).fetchall() == [
            (number, customer, note, total) for number, customer, note, total in iter_orders(3)
        ]


def open_descriptors_of(pid, path):
    """How many of the process' file descriptors are open on ``path``."""
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(FileNotFoundError):  # closed while we looked
            count += os.readlink(fd) == str(path)
    return count


@pytest.mark.live
def test_live_export_starts_with_the_first_batch_of_the_table(live_server, sqlite_orders):
    server = live_server("snippets.databases.sqlite_export", "--env", f"FLASK_DATABASE={sqlite_orders}")
    expected = "".join(iter_csv(iter_orders(5000))).encode()  # more than the part read
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/orders.csv")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    received = b""
    while len(received) < 200_000:  # a few batches, then hang up (make bench reads whole tables)
        received += response.read1(65536)
    assert expected.startswith(received)
    connection.close()


@pytest.mark.live
def test_live_hang_up_closes_the_connection(live_server, sqlite_orders):
    server = live_server("snippets.databases.sqlite_export", "--env", f"FLASK_DATABASE={sqlite_orders}")
    worker = server.worker_pid()
    # Another test's stream may still be running into its hang-up: let it end first.
    wait_until_closed(worker, sqlite_orders)
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/orders.csv")
    response = connection.getresponse()
    assert response.read1(1000)
    # Mid-stream, the worker holds the database file open...
    assert open_descriptors_of(worker, sqlite_orders) == 1
    connection.sock.close()  # ...the client hangs up without reading the rest...
    response.close()
    # ...and the generator's finally closes it.
    wait_until_closed(worker, sqlite_orders)


def wait_until_closed(worker, path):
    deadline = time.monotonic() + TIMEOUT
    while open_descriptors_of(worker, path) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert open_descriptors_of(worker, path) == 0
