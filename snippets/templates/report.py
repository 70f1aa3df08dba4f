"""Stream a long HTML table from a template with flask.stream_template."""

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
    try:
        count = int(request.args.get("rows", "100"))
    except ValueError:
        count = -1
    if not 0 <= count <= MAX_ROWS:
        abort(400, description=f"rows must be a whole number from 0 to {MAX_ROWS}.")
    title = request.args.get("title", "Orders")
    if len(title) > MAX_TITLE:
        abort(400, description=f"title must be at most {MAX_TITLE} characters.")
    # The template renders while the server sends it, row by row.
    return stream_template("report.html", title=title, orders=iter_orders(count))


# [end view]
