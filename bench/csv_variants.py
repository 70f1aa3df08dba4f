"""The chapter's CSV export variants side by side, for `make bench` to serve."""

import csv
import io

from flask import Flask, Response, abort, request

from snippets.basics.csv_export import iter_csv, iter_csv_per_row, iter_orders

app = Flask(__name__)


def whole_body(rows):
    """The body built in memory first: the baseline that streaming replaces."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


VARIANTS = {
    "per-row": lambda rows: iter_csv_per_row(rows),
    "batched": lambda rows: iter_csv(rows),
    "in-memory": lambda rows: [whole_body(rows)],
}


@app.get("/<variant>.csv")
def export(variant):
    if variant not in VARIANTS:
        abort(404)
    count = int(request.args["rows"])
    return Response(VARIANTS[variant](iter_orders(count)), mimetype="text/csv")
