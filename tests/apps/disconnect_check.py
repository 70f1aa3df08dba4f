"""A stream that, after its first line, only asks waitress whether the client is still there.

It writes nothing more, so a failed write cannot tell it; only waitress's own
check ``environ["waitress.client_disconnected"]`` can. The tests serve it with
waitress, with and without ``channel_request_lookahead``.
"""

import time

from flask import Flask, request

app = Flask(__name__)
# Filled in by the generator: what it saw, for the test to read.
seen = {}
WATCH_SECONDS = 3


@app.get("/watch")
def watch():
    client_disconnected = request.environ.get("waitress.client_disconnected")
    seen["has_check"] = client_disconnected is not None

    def generate():
        yield "first\n"
        started = time.monotonic()
        while time.monotonic() - started < WATCH_SECONDS:
            if client_disconnected():
                seen["noticed_after"] = time.monotonic() - started
                break
            time.sleep(0.05)
        seen["done"] = True

    return app.response_class(generate(), mimetype="text/plain")
