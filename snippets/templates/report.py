"""Stream a long HTML table from a template with flask.stream_template."""

import re

from flask import Flask, abort, request, stream_template

app = Flask(__name__)

MAX_ROWS = 100_000
MAX_TITLE = 100


# [start rows]
def iter_orders(count):
    """Stand-in for a database cursor: yields ``count`` orders, one at a time."""
    for number in range(1, count + 1):
        yield {
            "number": number,
            "customer": f"Customer {number}",
            "note": "Fragile <glass> & keep dry",
        }


# [end rows]


# [start view]
@app.get("/orders")
def orders():
    # Check the input before the response starts: after that, no 400 is possible.
    # One value of at most 9 ASCII digits: int() would also take " 2 ", "1_0" and "١٢".
    rows = request.args.getlist("rows") or ["100"]
    if len(rows) > 1 or not re.fullmatch(r"[0-9]{1,9}", rows[0]) or int(rows[0]) > MAX_ROWS:
        abort(400, description=f"rows must be a whole number from 0 to {MAX_ROWS}, given once.")
    count = int(rows[0])
    titles = request.args.getlist("title") or ["Orders"]
    if len(titles) > 1 or len(titles[0]) > MAX_TITLE or "\0" in titles[0]:
        abort(400, description=f"title must be at most {MAX_TITLE} characters, without NUL, given once.")
    title = titles[0]
    # The template renders while the server sends it, row by row.
    return stream_template("report.html", title=title, orders=iter_orders(count))


# [end view]
