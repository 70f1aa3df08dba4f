"""An NDJSON export whose last line says that it is complete, so clients can detect a cut."""

import itertools
import json
import re

from flask import Flask, Response, abort, request

app = Flask(__name__)

MAX_ROWS = 1_000_000


def iter_orders(count):
    """Stand-in for a database cursor: yields ``count`` orders."""
    for number in range(count):
        yield {"id": number, "total": f"{number * 1.25:.2f}"}


# [start generator]
def iter_ndjson(rows, rows_per_chunk=500):
    """Yield rows as JSON lines, in chunks, then a final line with the row count."""
    rows = iter(rows)
    count = 0
    while batch := list(itertools.islice(rows, rows_per_chunk)):
        count += len(batch)
        yield "".join(json.dumps(row) + "\n" for row in batch)
    yield json.dumps({"done": True, "rows": count}) + "\n"


# [end generator]


# [start view]
@app.get("/orders.ndjson")
def export_orders():
    # One value of at most 9 ASCII digits: int() would also take " 2 ", "1_0" and "١٢".
    rows = request.args.getlist("rows") or ["1000"]
    if len(rows) > 1 or not re.fullmatch(r"[0-9]{1,9}", rows[0]) or int(rows[0]) > MAX_ROWS:
        abort(400, description=f"rows must be a whole number from 0 to {MAX_ROWS}, given once.")
    count = int(rows[0])
    return Response(iter_ndjson(iter_orders(count)), mimetype="application/x-ndjson")


# [end view]


# [start client]
class IncompleteExport(Exception):
    """The export ended without its final record: the stream was cut short."""


def read_export(lines):
    """Client side: return the rows of an export, or raise IncompleteExport."""
    records = [json.loads(line) for line in lines if line.strip()]
    if not records or records[-1].get("done") is not True:
        raise IncompleteExport("the final record is missing")
    *rows, last = records
    if last["rows"] != len(rows):
        raise IncompleteExport(f"expected {last['rows']} rows, got {len(rows)}")
    return rows


# [end client]
