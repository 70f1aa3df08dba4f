"""An async view streams with a sync generator; stream_with_context gives it the request."""

import asyncio
import re
import time

from flask import Flask, Response, abort, request, stream_with_context

app = Flask(__name__)
# Seconds between lines, so that you can watch them arrive. The tests set 0.
app.config["STREAM_INTERVAL"] = 0.5
MAX_START = 100


def require_start():
    """The ``start`` query argument: one value of ASCII digits from 1 to MAX_START."""
    starts = request.args.getlist("start") or ["5"]
    if len(starts) > 1 or not re.fullmatch(r"[0-9]{1,3}", starts[0]) or not 1 <= int(starts[0]) <= MAX_START:
        abort(400, description=f"start must be a whole number from 1 to {MAX_START}, given once.")
    return int(starts[0])


async def load_title():
    """Stand-in for async work done before the stream, such as a call to another service."""
    await asyncio.sleep(0)
    return "Countdown"


# [start view]
@app.get("/countdown")
async def countdown():
    start = require_start()
    title = await load_title()  # the view may await: it runs before the body
    interval = app.config["STREAM_INTERVAL"]

    @stream_with_context
    def generate():  # a plain (sync) generator: the WSGI server iterates it
        yield f"{title} from {request.path}\n"
        for number in range(start, -1, -1):
            yield f"{number}\n"
            time.sleep(interval)

    return Response(generate(), mimetype="text/plain")


# [end view]
