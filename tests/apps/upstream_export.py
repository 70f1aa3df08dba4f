"""The upstream service of the relay tests: a paced CSV export that says how it ended.

It compresses with snippets.compression.gzip_stream's gzip_chunks() when the
request accepts gzip, and logs, from the upstream's side, how many rows it had
sent when its generator was closed. A request for FAILING_ROWS rows fails after
FAIL_AFTER rows, so that the tests can make the upstream fail mid-stream
through the relay's own, validated, ``rows`` parameter.
"""

from flask import Flask, Response, request

from snippets.basics.csv_export import iter_csv, iter_orders
from snippets.compression.gzip_stream import gzip_chunks, paced

app = Flask(__name__)
# One row per chunk, a pause after each: a test can tell chunks apart by their arrival.
app.config["STREAM_INTERVAL"] = 0.05

FAILING_ROWS = 13
FAIL_AFTER = 3


def reported_rows(count):
    """iter_orders(count), logging how many rows it made when it is closed."""
    made = 0
    try:
        for row in iter_orders(count):
            if count == FAILING_ROWS and made == FAIL_AFTER:
                raise RuntimeError("the upstream's data source failed")
            yield row
            made += 1
    finally:
        app.logger.info("upstream export closed after %d of %d rows", made, count)


@app.get("/orders.csv")
def export_orders():
    count = int(request.args["rows"])
    chunks = paced(iter_csv(reported_rows(count), rows_per_chunk=1), app.config["STREAM_INTERVAL"])
    # Headers that the relay must not pass on, next to those it must.
    headers = {"Vary": "Accept-Encoding", "Set-Cookie": "upstream_session=secret", "X-Upstream-Only": "1"}
    if request.accept_encodings["gzip"]:
        chunks = gzip_chunks(chunks)
        headers["Content-Encoding"] = "gzip"
    return Response(chunks, mimetype="text/csv", headers=headers)
