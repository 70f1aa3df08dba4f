"""Fixtures for the database tests: a SQLite file and a PostgreSQL server, each with the orders table."""

from pathlib import Path

import pytest

import snippets.databases.postgres_export as postgres_export
import snippets.databases.sqlite_export as sqlite_export
from tests.services import postgres_server, postgres_template

# Big enough that the CSV (about 8 MB) outgrows the socket buffers, so that the
# server notices a client that hangs up; small enough to make in a moment.
ROWS = 100_000


def shared_folder(tmp_path_factory, worker_id) -> Path:
    """A folder that every xdist worker of this test run sees (pytest's own, without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def sqlite_orders(tmp_path_factory) -> Path:
    """A SQLite database file with ROWS orders."""
    path = tmp_path_factory.mktemp("sqlite") / "orders.sqlite3"
    sqlite_export.create_orders(str(path), ROWS)
    return path


@pytest.fixture(scope="session")
def postgres(tmp_path_factory, worker_id):
    """Debian's PostgreSQL on a free loopback port, with ROWS orders; one initdb per test run."""
    with postgres_server(postgres_template(shared_folder(tmp_path_factory, worker_id))) as server:
        postgres_export.create_orders(server.url, ROWS)
        yield server
