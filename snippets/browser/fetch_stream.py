"""Show a stream as it arrives: fetch() reads newline-delimited JSON (NDJSON)."""

import json
import re
import time

from flask import Flask, Response, abort, render_template, request

app = Flask(__name__)
# Seconds between items, so that you can watch them arrive. The tests set 0.
app.config["STREAM_INTERVAL"] = 0.5
MAX_COUNT = 100


# [start work]
def run_job(count, interval):
    """Stand-in for slow work: one progress message every ``interval`` seconds."""
    for number in range(1, count + 1):
        yield f"Step {number} of {count} finished"
        time.sleep(interval)


# [end work]


# [start count]
def read_count():
    """The ``count`` query argument, checked before the stream starts."""
    # One value of at most 3 ASCII digits: int() would also take " 2 ", "1_0" and "١٢".
    counts = request.args.getlist("count") or ["8"]
    if len(counts) > 1 or not re.fullmatch(r"[0-9]{1,3}", counts[0]) or not 1 <= int(counts[0]) <= MAX_COUNT:
        abort(400, description=f"count must be a whole number from 1 to {MAX_COUNT}, given once.")
    return int(counts[0])


# [end count]


# [start page]
@app.get("/")
def page():
    return render_template("fetch_stream.html")


# [end page]


# [start stream]
@app.get("/items")
def items():
    count = read_count()
    interval = app.config["STREAM_INTERVAL"]

    def generate():
        for number, message in enumerate(run_job(count, interval), start=1):
            yield json.dumps({"number": number, "message": message}) + "\n"
        # An explicit last record: the client can tell a complete stream
        # from one that was cut short.
        yield json.dumps({"done": True}) + "\n"

    return Response(generate(), mimetype="application/x-ndjson")


# [end stream]
