"""Stream a template in fewer, larger chunks with Jinja's TemplateStream buffering."""

import re

from flask import Flask, Response, abort, request, stream_template
from jinja2.environment import TemplateStream

from snippets.templates.report import MAX_ROWS, iter_orders

app = Flask(__name__)

# Template output pieces per chunk: each table row of report.html is about 7 pieces.
BUFFER_SIZE = 500


# [start helper]
def buffered_template_response(template_name, size, **context):
    """Like stream_template, but each chunk joins ``size`` template pieces."""
    chunks = stream_template(template_name, **context)
    stream = TemplateStream(chunks)
    stream.enable_buffering(size)
    response = Response(stream, mimetype="text/html")
    # TemplateStream has no close() method: close Flask's stream when the
    # response is closed, so that the row source and the request context end.
    response.call_on_close(chunks.close)
    return response


# [end helper]


# [start view]
@app.get("/orders")
def orders():
    # One value of at most 9 ASCII digits: int() would also take " 2 ", "1_0" and "١٢".
    rows = request.args.getlist("rows") or ["100"]
    if len(rows) > 1 or not re.fullmatch(r"[0-9]{1,9}", rows[0]) or int(rows[0]) > MAX_ROWS:
        abort(400, description=f"rows must be a whole number from 0 to {MAX_ROWS}, given once.")
    count = int(rows[0])
    return buffered_template_response("report.html", BUFFER_SIZE, title="Orders", orders=iter_orders(count))


# [end view]
