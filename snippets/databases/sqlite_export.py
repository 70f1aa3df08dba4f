"""A CSV export that streams a real SQLite table, a batch of rows per chunk."""

import csv
import io
import sqlite3
import urllib.parse

import click
from flask import Flask, Response
from werkzeug.exceptions import ServiceUnavailable

from snippets.basics.csv_export import iter_orders

app = Flask(__name__)
# The database file; FLASK_DATABASE=/path/to/orders.sqlite3 overrides it.
app.config["DATABASE"] = "orders.sqlite3"
# Rows fetched from the database, and sent, at a time.
app.config["ROWS_PER_CHUNK"] = 1000
app.config.from_prefixed_env()

# SQLite has no decimal type: the amount is kept as the text of its value.
SCHEMA = "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, note TEXT NOT NULL, total TEXT NOT NULL)"
QUERY = "SELECT id, customer, note, total FROM orders ORDER BY id"


def connect(path):
    """Open ``path`` read-only: a missing file is an error, not a new empty database."""
    return sqlite3.connect(f"file:{urllib.parse.quote(path)}?mode=ro", uri=True)


def create_orders(path, count):
    """Write ``count`` rows of the chapter's orders table (snippets/basics) to a new database at ``path``."""
    with sqlite3.connect(path) as connection:
        connection.execute(SCHEMA)
        connection.executemany("INSERT INTO orders VALUES (?, ?, ?, ?)", iter_orders(count))
    connection.close()  # the with block commits; it does not close


@app.cli.command("init-db")
@click.option("--rows", default=1_000_000, show_default=True, help="How many orders to write.")
def init_db(rows):
    """Create the orders table in the DATABASE file, with ROWS orders."""
    create_orders(app.config["DATABASE"], rows)
    click.echo(f"wrote {rows} orders to {app.config['DATABASE']}")


def csv_chunk(rows):
    """The rows as CSV text, written by the csv module (snippets/basics)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


# [start generator]
def iter_order_chunks(path, rows_per_chunk):
    """Yield the orders table as CSV, ``rows_per_chunk`` rows per chunk."""
    connection = connect(path)  # opened here, in the generator that uses it
    try:
        cursor = connection.execute(QUERY)
        # fetchmany() returns the next batch, and an empty list at the end.
        while batch := cursor.fetchmany(rows_per_chunk):
            yield csv_chunk(batch)
    finally:
        # Runs at the end, on an error, and when the server closes the
        # generator because the client has hung up.
        connection.close()


# [end generator]


# [start first-chunk]
def start(chunks):
    """Run the generator to its first chunk now, so that what fails fails in the view.

    Opening the database and the query's first batch happen here, before the
    status line is sent; the returned generator yields every chunk, and closing
    it closes ``chunks`` too.
    """
    first = next(chunks, None)

    def resume():
        try:
            if first is not None:
                yield first
                yield from chunks
        finally:
            chunks.close()

    return resume()


# [end first-chunk]


# [start view]
@app.get("/orders.csv")
def export_orders():
    chunks = iter_order_chunks(app.config["DATABASE"], app.config["ROWS_PER_CHUNK"])
    try:
        body = start(chunks)
    except sqlite3.Error as error:  # no file, no table, a locked or damaged database
        app.logger.warning("orders export: the database is unavailable: %s", error)
        raise ServiceUnavailable("The orders database is unavailable. Try again later.", retry_after=30) from None
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": "attachment; filename=orders.csv"})


# [end view]
