"""A CSV export that streams a PostgreSQL table through a server-side cursor and a connection pool."""

import functools

import click
import psycopg
from flask import Flask, Response
from psycopg_pool import ConnectionPool
from werkzeug.exceptions import ServiceUnavailable

from snippets.basics.csv_export import iter_orders
from snippets.databases.sqlite_export import csv_chunk, start

app = Flask(__name__)
# Where PostgreSQL listens (a libpq connection string or URL);
# FLASK_DATABASE_URL=postgresql://user@host/dbname overrides it.
app.config["DATABASE_URL"] = "postgresql://127.0.0.1/orders"
# Seconds to wait for a connection before the request gets a 503.
app.config["DATABASE_TIMEOUT"] = 5
# Connections one worker process keeps: each export holds one while it streams.
app.config["DATABASE_POOL_SIZE"] = 4
# Rows fetched from the database, and sent, at a time.
app.config["ROWS_PER_CHUNK"] = 1000
app.config.from_prefixed_env()

QUERY = "SELECT id, customer, note, total FROM orders ORDER BY id"


# [start pool]
@functools.cache
def connection_pool(url, size, timeout):
    """One pool per URL in each worker process, made at its first request (after gunicorn's fork)."""
    return ConnectionPool(
        url,
        min_size=1,
        max_size=size,
        timeout=timeout,
        # A connection that PostgreSQL closed (a restart) is replaced, not handed out.
        check=ConnectionPool.check_connection,
        open=True,
    )


def pool():
    config = app.config
    return connection_pool(config["DATABASE_URL"], config["DATABASE_POOL_SIZE"], config["DATABASE_TIMEOUT"])


# [end pool]


def create_orders(url, count):
    """Write ``count`` rows of the chapter's orders table (snippets/basics) to a new table at ``url``."""
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE orders (id integer PRIMARY KEY, customer text, note text, total numeric(12, 2))")
        with cursor.copy("COPY orders FROM STDIN") as copy:
            for row in iter_orders(count):
                copy.write_row(row)


@app.cli.command("init-db")
@click.option("--rows", default=1_000_000, show_default=True, help="How many orders to write.")
def init_db(rows):
    """Create the orders table in the DATABASE_URL database, with ROWS orders."""
    create_orders(app.config["DATABASE_URL"], rows)
    click.echo(f"wrote {rows} orders")


# [start generator]
def iter_order_chunks(connections, rows_per_chunk, server_side=True):
    """Yield the orders table as CSV, ``rows_per_chunk`` rows per chunk.

    With a name, the cursor is a server-side one: PostgreSQL keeps the result,
    and each fetchmany() brings the next batch. Without one, execute() brings
    the whole result into this process before the first row is read.
    """
    # Each `with` closes in a finally: the cursor, then the transaction, and
    # the connection goes back to the pool, also when the client hangs up.
    with (
        connections.connection() as connection,
        connection.cursor(name="orders_export" if server_side else "") as cursor,
    ):
        cursor.execute(QUERY)
        while batch := cursor.fetchmany(rows_per_chunk):
            yield csv_chunk(batch)


# [end generator]


def export(server_side):
    chunks = iter_order_chunks(pool(), app.config["ROWS_PER_CHUNK"], server_side)
    try:
        body = start(chunks)  # a connection, the query and its first batch, before the status line
    except psycopg.OperationalError as error:  # down, refused, or no free connection in time
        app.logger.warning("orders export: the database is unavailable: %s", error)
        raise ServiceUnavailable("The orders database is unavailable. Try again later.", retry_after=30) from None
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": "attachment; filename=orders.csv"})


# [start view]
@app.get("/orders.csv")
def export_orders():
    return export(server_side=True)


# Only for comparison: this one holds the whole result in the worker's memory.
@app.get("/orders-client-side-cursor.csv")
def export_orders_client_side_cursor():
    return export(server_side=False)


# [end view]
