"""A slow export that runs at most a few times at once, and answers 503 when every slot is taken."""

import threading
import time

from flask import Flask, Response
from werkzeug.exceptions import ServiceUnavailable

app = Flask(__name__)
app.config["EXPORT_LINES"] = 50
app.config["EXPORT_INTERVAL"] = 0.1  # seconds between lines: an export lasts about 5 seconds

# [start slots]
# Each export holds a server thread for as long as it streams. Allow this many
# at the same time in one process; with several worker processes, each has its own.
MAX_CONCURRENT_EXPORTS = 2
export_slots = threading.BoundedSemaphore(MAX_CONCURRENT_EXPORTS)
# [end slots]


def generate_lines(count, interval):
    """Stand-in for a long export: ``count`` lines, one every ``interval`` seconds."""
    for number in range(count):
        yield f"line {number}\n"
        time.sleep(interval)


# [start view]
@app.get("/export")
def export():
    # Take a slot before the response starts. When none is free, the client
    # gets a 503 with Retry-After at once, not a stream that waits or fails later.
    if not export_slots.acquire(blocking=False):
        raise ServiceUnavailable("Too many exports are running. Try again later.", retry_after=30)
    lines = generate_lines(app.config["EXPORT_LINES"], app.config["EXPORT_INTERVAL"])
    response = Response(lines, mimetype="text/plain")
    # The server closes the response when the stream ends, when it fails, and
    # when the client has gone away: each of these gives the slot back.
    response.call_on_close(export_slots.release)
    return response


# [end view]
