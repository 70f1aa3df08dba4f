"""Show a stream as it arrives: Server-Sent Events read by the browser's EventSource."""

import json
import re
import time

from flask import Flask, Response, abort, render_template, request

app = Flask(__name__)
# Seconds between events, so that you can watch them arrive. The tests set 0.
app.config["STREAM_INTERVAL"] = 0.5
MAX_COUNT = 100


def run_job(count, interval, start=1):
    """Stand-in for slow work: one progress message every ``interval`` seconds."""
    for number in range(start, count + 1):
        yield number, f"Step {number} of {count} finished"
        time.sleep(interval)


def read_int(values, default, low, high, name):
    """The one value in ``values`` (or ``default``) as an int from ``low`` to ``high``, or a 400 response."""
    value = values[0] if values else default
    # ASCII digits only, at most 9 of them: int() would also take " 2 ", "1_0" and "١٢".
    if len(values) > 1 or not re.fullmatch(r"[0-9]{1,9}", value) or not low <= int(value) <= high:
        abort(400, description=f"{name} must be a whole number from {low} to {high}, given once.")
    return int(value)


@app.get("/")
def page():
    return render_template("server_sent_events.html")


# [start stream]
def event(data, event_type=None, event_id=None):
    """One SSE frame. JSON keeps ``data`` on a single line."""
    # A line break in a field would end it and start another field or event.
    for field in (event_type, event_id):
        if field is not None and ("\r" in str(field) or "\n" in str(field)):
            raise ValueError(f"an SSE field cannot contain CR or LF: {field!r}")
    frame = f"event: {event_type}\n" if event_type else ""
    if event_id is not None:
        frame += f"id: {event_id}\n"
    return frame + f"data: {json.dumps(data)}\n\n"


@app.get("/events")
def events():
    count = read_int(request.args.getlist("count"), "8", 1, MAX_COUNT, "count")
    # After a lost connection, EventSource reconnects by itself and sends the
    # id of the last event it received: continue after it instead of restarting.
    last_id = read_int(request.headers.getlist("Last-Event-ID"), "0", 0, count, "Last-Event-ID")
    interval = app.config["STREAM_INTERVAL"]

    def generate():
        yield "retry: 2000\n\n"  # if the connection is lost, reconnect after 2 s
        for number, message in run_job(count, interval, start=last_id + 1):
            yield event({"message": message}, event_id=number)
        # Without a last event the client cannot tell "finished" from "cut off",
        # and EventSource would reconnect and ask for more.
        yield event({"count": count}, event_type="done")

    return Response(
        generate(),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


# [end stream]
