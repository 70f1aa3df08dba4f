"""The PostgreSQL export: a server-side cursor keeps the worker's memory flat, and hang-ups leak no connection."""

import json
import socket
import time
import urllib.parse
from pathlib import Path

import pytest

import snippets.databases.postgres_export as postgres_export
from snippets.basics.csv_export import iter_csv, iter_orders
from snippets.databases.postgres_export import app, create_orders
from tests.live_server import free_port
from tests.test_databases.conftest import ROWS
from tests.test_errors.helpers import TIMEOUT

MiB = 1024 * 1024
# Hang-ups in a row: in `make test`, and in `make matrix-data`.
HANG_UPS = 10
MANY_HANG_UPS = 100


def in_schema(url, schema):
    """``url``, with its tables looked up in ``schema`` first (libpq's options parameter)."""
    return f"{url}?options={urllib.parse.quote(f'-c search_path={schema}')}"


def make_schema(postgres, schema, rows):
    """A schema of its own with an orders table of ``rows`` rows; the URL that reads it."""
    postgres.query(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    postgres.query(f"CREATE SCHEMA {schema}")
    url = in_schema(postgres.url, schema)
    create_orders(url, rows)
    return url


@pytest.fixture
def client(monkeypatch):
    """Return ``client(url, **config)``: a test client of the export app; its pool is closed after the test."""

    def client(url, **config):
        monkeypatch.setitem(app.config, "DATABASE_URL", url)
        for name, value in config.items():
            monkeypatch.setitem(app.config, name, value)
        return app.test_client()

    postgres_export.connection_pool.cache_clear()
    yield client
    if postgres_export.connection_pool.cache_info().currsize:  # the test's config is still set
        postgres_export.pool().close()
    postgres_export.connection_pool.cache_clear()


def app_sessions(postgres):
    """(state, query) of every session but this one: the export's connections."""
    return postgres.query(
        "SELECT state, query FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
    )


def test_export_is_the_chapters_csv_of_the_table(client, postgres):
    url = make_schema(postgres, "small", 2500)
    with client(url).get("/orders.csv") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"] == "attachment; filename=orders.csv"
        chunks = list(response.response)
    # The same bytes as snippets/basics makes from the same rows, one fetchmany() batch per chunk.
    assert b"".join(chunks).decode() == "".join(iter_csv(iter_orders(2500)))
    assert [chunk.count(b"Customer ") for chunk in chunks] == [1000, 1000, 500]


def test_the_client_side_cursor_export_sends_the_same_csv(client, postgres):
    with client(make_schema(postgres, "small_client", 2500)).get("/orders-client-side-cursor.csv") as response:
        assert response.status_code == 200
        assert response.get_data(as_text=True) == "".join(iter_csv(iter_orders(2500)))


def test_an_empty_table_gives_an_empty_body(client, postgres):
    with client(make_schema(postgres, "empty", 0)).get("/orders.csv") as response:
        assert response.status_code == 200
        assert response.data == b""


def test_the_view_runs_the_query_before_it_returns_and_closing_gives_the_connection_back(client, postgres):
    pool = postgres_export.pool
    response = client(postgres.url).get("/orders.csv", buffered=False)
    # The view has returned: its connection is out of the pool, inside the cursor's transaction.
    assert pool().get_stats()["pool_available"] == pool().get_stats()["pool_size"] - 1
    assert ("idle in transaction", 'FETCH FORWARD 1000 FROM "orders_export"') in app_sessions(postgres)
    response.close()  # what the server does when the client hangs up
    stats = pool().get_stats()
    assert stats["pool_available"] == stats["pool_size"]
    # The transaction was rolled back, which closed the server-side cursor.
    assert ("idle", "ROLLBACK") in app_sessions(postgres)
    assert {state for state, _ in app_sessions(postgres)} == {"idle"}


def test_the_pool_is_made_at_the_first_request(client, postgres):
    export = client(postgres.url)
    assert postgres_export.connection_pool.cache_info().currsize == 0
    with export.get("/orders.csv", buffered=False) as response:
        assert response.status_code == 200
    assert postgres_export.connection_pool.cache_info().currsize == 1


def test_down_database_gets_503_before_any_body(client):
    started = time.monotonic()
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/postgres"
    with client(url, DATABASE_TIMEOUT=0.5).get("/orders.csv") as response:
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert b"The orders database is unavailable" in response.data
    assert time.monotonic() - started < 5


def test_a_request_that_finds_every_connection_busy_gets_503_after_the_timeout(client, postgres):
    export = client(postgres.url, DATABASE_POOL_SIZE=1, DATABASE_TIMEOUT=0.3)
    streaming = export.get("/orders.csv", buffered=False)  # holds the only connection
    with export.get("/orders.csv") as refused:
        assert refused.status_code == 503
    streaming.close()
    with export.get("/orders.csv", buffered=False) as served:  # the connection is back
        assert served.status_code == 200


def test_init_db_writes_the_orders(postgres, monkeypatch):
    postgres.query("DROP SCHEMA IF EXISTS cli CASCADE")
    postgres.query("CREATE SCHEMA cli")
    monkeypatch.setitem(app.config, "DATABASE_URL", in_schema(postgres.url, "cli"))
    result = app.test_cli_runner().invoke(args=["init-db", "--rows", "3"])
    assert result.exit_code == 0, result.output
    assert "wrote 3 orders" in result.output
    rows = postgres.query("SELECT id, customer, note, total::text FROM cli.orders ORDER BY id")
    assert rows == list(iter_orders(3))


# -- Live: gunicorn's gthread worker, with a route that shows its pool (tests/apps/pool_stats.py) --


def serve(live_server, postgres):
    return live_server("tests.apps.pool_stats", "--env", f"FLASK_DATABASE_URL={postgres.url}")


def memory_kib(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def open_stream(port, path):
    """GET ``path`` on a raw socket, and return it once the head and some of the body have come."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    data = b""
    while b"Customer " not in data:
        chunk = sock.recv(65536)
        assert chunk, f"the server closed the connection before the first row:\n{data!r}"
        data += chunk
    assert data.startswith(b"HTTP/1.1 200 OK\r\n"), data[:200]
    return sock, data


def peak_growth_mib(worker, port, path, read_to_the_end):
    """The worker's peak memory growth while it serves ``path``: read whole, or up to its first rows."""
    Path(f"/proc/{worker}/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current size
    baseline = memory_kib(worker, "VmRSS")
    sock, data = open_stream(port, path)
    received, tail = len(data), data[-5:]
    with sock:
        while read_to_the_end and tail != b"0\r\n\r\n":  # the chunk that ends the body
            chunk = sock.recv(1 << 20)
            assert chunk, "the stream was cut"
            received, tail = received + len(chunk), (tail + chunk)[-5:]
    return (memory_kib(worker, "VmHWM") - baseline) * 1024 / MiB, received


@pytest.mark.live
def test_live_client_side_cursor_holds_the_whole_result_and_the_server_side_one_does_not(live_server, postgres):
    server = serve(live_server, postgres)
    worker = server.worker_pid()
    open_stream(server.port, "/orders.csv")[0].close()  # warm-up: the pool and its first connection
    server_side, received = peak_growth_mib(worker, server.port, "/orders.csv", read_to_the_end=True)
    assert received > 8_000_000  # every one of the ROWS rows, about 8 MB of CSV
    # The client-side cursor is read only to its first rows: execute() has brought in the whole result by then.
    client_side, _ = peak_growth_mib(worker, server.port, "/orders-client-side-cursor.csv", read_to_the_end=False)
    print(f"peak growth for {ROWS} rows: server-side {server_side:.1f} MiB, client-side {client_side:.1f} MiB")
    assert server_side < 3
    assert client_side > 10
    assert client_side > 5 * max(server_side, 1)


def pool_stats(server):
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/pool-stats")
    stats = json.loads(connection.getresponse().read())
    connection.close()
    return stats


def hang_up_repeatedly(server, postgres, times):
    """``times`` clients that each read the first rows and hang up; then the pool must have every connection back."""
    for _ in range(times):
        open_stream(server.port, "/orders.csv")[0].close()
    deadline = time.monotonic() + TIMEOUT
    while (stats := pool_stats(server))["pool_available"] < stats["pool_size"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stats["pool_available"] == stats["pool_size"], stats
    assert stats["requests_waiting"] == 0, stats
    assert stats["pool_size"] <= app.config["DATABASE_POOL_SIZE"]
    # PostgreSQL agrees: no session of the export is still in a transaction or running a query.
    assert {state for state, _ in app_sessions(postgres)} == {"idle"}
    return stats


@pytest.mark.live
def test_live_hang_ups_leave_every_connection_in_the_pool(live_server, postgres):
    hang_up_repeatedly(serve(live_server, postgres), postgres, HANG_UPS)


@pytest.mark.live
@pytest.mark.matrix
def test_live_100_hang_ups_leave_every_connection_in_the_pool(live_server, postgres):
    stats = hang_up_repeatedly(serve(live_server, postgres), postgres, MANY_HANG_UPS)
    assert stats["requests_num"] >= MANY_HANG_UPS
