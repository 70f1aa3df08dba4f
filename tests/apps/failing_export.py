"""The NDJSON export of snippets.errors.last_record, from a data source that fails.

The live tests serve this module with gunicorn: ``tests.apps.failing_export:app``.
"""

from flask import Flask, Response, request

from snippets.errors.last_record import iter_ndjson, iter_orders

app = Flask(__name__)


def failing_orders(count):
    """The orders of the real source, but the connection drops after 1200 of them."""
    for number, order in enumerate(iter_orders(count)):
        if number == 1200:
            raise ConnectionError("database connection lost")
        yield order


@app.get("/orders.ndjson")
def export_orders():
    """The snippet's export (its own generator, iter_ndjson), of the failing source."""
    count = int(request.args["rows"])
    return Response(iter_ndjson(failing_orders(count)), mimetype="application/x-ndjson")
