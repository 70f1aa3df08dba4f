"""One event to every client, through a queue in this process: right with one worker, wrong with two."""

import queue
import threading

from flask import Flask, Response, abort, request

from snippets.browser.server_sent_events import event

app = Flask(__name__)
# Seconds without an event before the stream sends a heartbeat comment. The tests set less.
app.config["HEARTBEAT_INTERVAL"] = 15
MAX_MESSAGE = 200


def read_message(form):
    """The one ``message`` field of ``form``, 1 to MAX_MESSAGE characters, or a 400 response."""
    values = form.getlist("message")
    if len(values) != 1 or not 1 <= len(values[0]) <= MAX_MESSAGE:
        abort(400, description=f"message must be 1 to {MAX_MESSAGE} characters, given once.")
    return values[0]


# [start broker]
# One queue per open stream. They live in this process's memory: a second
# worker process has its own, empty set, and never sees these queues.
subscribers = set()
subscribers_lock = threading.Lock()


@app.post("/publish")
def publish():
    message = read_message(request.form)
    with subscribers_lock:
        for inbox in subscribers:
            inbox.put(message)
        receivers = len(subscribers)
    return {"receivers": receivers}


@app.get("/events")
def events():
    heartbeat = app.config["HEARTBEAT_INTERVAL"]

    def generate():
        inbox = queue.SimpleQueue()
        with subscribers_lock:
            subscribers.add(inbox)
        try:
            yield ": subscribed\n\n"  # the client is subscribed once it reads this
            while True:
                try:
                    message = inbox.get(timeout=heartbeat)
                except queue.Empty:
                    yield ": heartbeat\n\n"  # fails once the client has gone
                    continue
                yield event({"message": message})
        finally:
            with subscribers_lock:
                subscribers.discard(inbox)

    return Response(generate(), mimetype="text/event-stream", headers={"Cache-Control": "no-store"})


# [end broker]
