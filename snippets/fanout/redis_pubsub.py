"""One event to every client of every worker and machine, through Redis pub/sub."""

import functools

import redis
from flask import Flask, Response, render_template, request

from snippets.browser.server_sent_events import event
from snippets.fanout.in_memory import read_message

app = Flask(__name__)
# Where Redis listens.
app.config["REDIS_URL"] = "redis://127.0.0.1:6379/0"
# Seconds without an event before the stream sends a heartbeat comment. The tests set less.
app.config["HEARTBEAT_INTERVAL"] = 15
# Seconds to wait for Redis to connect or answer before the request gets a 503.
app.config["REDIS_TIMEOUT"] = 2
# Each open stream holds one Redis connection, and a publish takes one too: keep this
# a little above the number of streams one worker process should serve.
app.config["REDIS_MAX_CONNECTIONS"] = 1000
# FLASK_REDIS_URL=redis://... in the environment overrides the default above.
app.config.from_prefixed_env()
CHANNEL = "news"
# Sent with a 503: how many seconds a client should wait before it tries again.
RETRY_AFTER = 5


# [start client]
@functools.cache
def redis_client(url, timeout, max_connections):
    """One client, and so one connection pool, per URL in each worker process."""
    # No retries: with Redis down, a request fails at once instead of after
    # several reconnection attempts; a browser's EventSource reconnects by itself.
    return redis.Redis.from_url(
        url,
        retry=redis.retry.Retry(redis.backoff.NoBackoff(), 0),
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        # redis-py's default is 100 connections per pool: the 101st stream would get a 503.
        max_connections=max_connections,
    )


def connect():
    config = app.config
    return redis_client(config["REDIS_URL"], config["REDIS_TIMEOUT"], config["REDIS_MAX_CONNECTIONS"])


def unavailable():
    """A 503 before the first byte, when Redis cannot be reached."""
    return Response(
        "Redis is unavailable; try again later.\n",
        status=503,
        mimetype="text/plain",
        headers={"Retry-After": str(RETRY_AFTER)},
    )


# [end client]


@app.get("/")
def page():
    return render_template("fanout.html")


# [start publish]
@app.post("/publish")
def publish():
    message = read_message(request.form)
    try:
        receivers = connect().publish(CHANNEL, message)
    except redis.RedisError:
        return unavailable()
    # How many streams, in every worker and on every machine, received it.
    return {"receivers": receivers}


# [end publish]


# [start stream]
@app.get("/events")
def events():
    heartbeat = app.config["HEARTBEAT_INTERVAL"]
    pubsub = connect().pubsub()
    try:
        # Subscribe, and wait for Redis to confirm it, before the first byte:
        # a client that has the response's first byte misses no later event.
        pubsub.subscribe(CHANNEL)
        confirmed = pubsub.get_message(timeout=app.config["REDIS_TIMEOUT"]) is not None
    except redis.RedisError:  # refused, or no answer in time
        confirmed = False
    if not confirmed:
        pubsub.close()
        return unavailable()

    def generate():
        try:
            yield ": subscribed\n\n"
            while True:
                try:
                    # Wakes up at least every `heartbeat` seconds, so that the
                    # heartbeat below finds out when the client has hung up.
                    message = pubsub.get_message(timeout=heartbeat)
                except redis.RedisError:
                    # Redis went away: say so in a last event, then end the stream.
                    yield event({"error": "Redis is unavailable."}, event_type="error")
                    return
                if message is not None and message["type"] == "message":
                    # Any publisher may send any bytes: undecodable ones are replaced.
                    yield event({"message": message["data"].decode(errors="replace")})
                else:
                    yield ": heartbeat\n\n"  # fails once the client has gone
        finally:
            pubsub.close()  # unsubscribes: Redis forgets this stream

    return Response(
        generate(),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


# [end stream]
