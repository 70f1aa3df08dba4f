"""A live feed over Server-Sent Events, ready for a proxy: heartbeats, retry, ids, resume and a clean end."""

import threading
from collections import deque

from flask import Flask, Response, abort, render_template, request

from snippets.browser.server_sent_events import event, read_int

app = Flask(__name__)
# Seconds without an event after which the stream sends a comment. Keep it well
# below the shortest idle timeout on the way (nginx's proxy_read_timeout is 60 s by
# default). The tests turn it down with gunicorn's --env FLASK_HEARTBEAT_INTERVAL=0.2
# (from_prefixed_env() below).
app.config["HEARTBEAT_INTERVAL"] = 15
# How long the browser waits before it reconnects, in milliseconds.
app.config["RETRY_MS"] = 2000
# FLASK_HEARTBEAT_INTERVAL=0.2 in the environment (gunicorn --env) overrides these.
app.config.from_prefixed_env()
# How many recent events the feed keeps for clients that reconnect.
REPLAY_SIZE = 100
MAX_MESSAGE_LENGTH = 200
# Event ids are at most 9 digits, as read_int() reads them.
MAX_EVENT_ID = 999_999_999


# [start feed]
class MissedEvents(Exception):
    """The client's last event is no longer in the replay buffer (or is unknown)."""


class Feed:
    """Events numbered from 1, in this process. The newest ``replay_size`` are kept for resuming."""

    def __init__(self, replay_size=REPLAY_SIZE):
        self.recent = deque(maxlen=replay_size)  # (id, data) pairs, oldest first
        self.last_id = 0
        self.closed = False
        self.changed = threading.Condition()

    def publish(self, data):
        with self.changed:
            self.last_id += 1
            self.recent.append((self.last_id, data))
            self.changed.notify_all()
            return self.last_id

    def close(self):
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def events_after(self, last_id, timeout):
        """The events after ``last_id`` and whether the feed is closed; waits up to ``timeout`` s for one.

        ``last_id=None`` is a new client: it gets every event still kept.
        """
        with self.changed:
            if last_id is not None:
                oldest_kept = self.recent[0][0] if self.recent else self.last_id + 1
                # Events between last_id and the oldest kept were dropped, or
                # last_id comes from before a restart: the client cannot resume.
                if last_id < oldest_kept - 1 or last_id > self.last_id:
                    raise MissedEvents
            else:
                last_id = self.recent[0][0] - 1 if self.recent else self.last_id
            self.changed.wait_for(lambda: self.last_id > last_id or self.closed, timeout)
            return [(number, data) for number, data in self.recent if number > last_id], self.closed


# [end feed]

feed = Feed()


@app.get("/")
def page():
    return render_template("feed.html")


@app.get("/shared")
def shared_page():
    return render_template("shared_feed.html")


# [start publish]
# In a real app, only the feed's owner may publish or close it: protect these views.
@app.post("/publish")
def publish():
    messages = request.form.getlist("message")
    if len(messages) != 1 or not 1 <= len(messages[0]) <= MAX_MESSAGE_LENGTH:
        abort(400, description=f"message must be 1 to {MAX_MESSAGE_LENGTH} characters, given once.")
    return {"id": feed.publish({"message": messages[0]})}, 201


@app.post("/close")
def close():
    feed.close()
    return "", 204


# [end publish]


# [start stream]
@app.get("/events")
def events():
    ids = request.headers.getlist("Last-Event-ID")
    # Checked before the stream starts: a 400 stops EventSource for good.
    last_id = read_int(ids, None, 0, MAX_EVENT_ID, "Last-Event-ID") if ids else None
    heartbeat_interval = app.config["HEARTBEAT_INTERVAL"]
    retry_ms = app.config["RETRY_MS"]

    def generate():
        sent = heartbeats = 0
        after = last_id  # the id of the last event this client has (None: a new client)
        try:
            # Sent at once: the headers leave now, and the browser learns the delay.
            yield f"retry: {retry_ms}\n\n"
            while True:
                try:
                    new_events, closed = feed.events_after(after, heartbeat_interval)
                except MissedEvents:
                    # Resuming would lose events: tell the client to reload its state.
                    after = feed.last_id
                    yield event({"last_id": after}, event_type="reset", event_id=after)
                    continue
                for after, data in new_events:
                    sent += 1
                    yield event(data, event_id=after)
                if closed:
                    yield event({"sent": sent}, event_type="end")  # the client closes its EventSource
                    return
                if not new_events:
                    # A comment line: EventSource ignores it, but the proxy sees traffic,
                    # and a write to a client that has gone fails.
                    heartbeats += 1
                    yield ": keep-alive\n\n"
        finally:
            app.logger.info("feed stream closed after %d events and %d heartbeats", sent, heartbeats)

    return Response(
        generate(),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


# [end stream]
