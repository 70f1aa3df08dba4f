"""Small streams whose behaviour the server matrix measures on every server.

Each server of tests/servers.py serves ``tests.apps.probe:app``; the measurements
are in tests/test_servers/measure.py. What the app does on its side (a generator's
``finally``) it prints to standard output, which every server sends to its log.
"""

import time

from flask import Flask, request

app = Flask(__name__)

CHUNKS = 5
CHUNK_INTERVAL = 0.3
# How long the slow streams wait before their first (or first real) chunk.
SLOW_START = 1.0
TICK_INTERVAL = 0.05
# A lost client cannot keep a generator running for more than a minute.
MAX_TICKS = 1200
# The pause of the silent and heartbeat streams, longer than the proxies' short read timeout
# (tests/proxies.py), and how often the heartbeat stream sends a comment line during it.
PAUSE = 1.5
HEARTBEAT_INTERVAL = 0.3
# The body of the app's own error handler: a response that carries it was made by Flask.
HANDLED_BY_FLASK = "handled by the app's error handler\n"


@app.errorhandler(500)
def internal_server_error(error):
    return HANDLED_BY_FLASK, 500


@app.get("/")
def ready():
    """Answered once the server's worker runs the app (gunicorn listens before its worker has booted)."""
    return "ready\n"


@app.get("/chunks")
def chunks():
    """CHUNKS lines, CHUNK_INTERVAL apart: a streaming server delivers each as it is made."""

    def generate():
        for number in range(CHUNKS):
            if number:
                time.sleep(CHUNK_INTERVAL)
            yield f"chunk {number}\n"

    return generate()


@app.get("/protocol")
def protocol():
    """The HTTP version of the request as the server saw it: a proxy's version towards the app."""
    return request.environ["SERVER_PROTOCOL"] + "\n"


@app.get("/chunks-unbuffered")
def chunks_unbuffered():
    """The /chunks stream with the header that asks nginx not to buffer this response."""
    return chunks(), {"X-Accel-Buffering": "no"}


@app.get("/silent")
def silent():
    """A first chunk, then nothing for PAUSE seconds, then the last chunk."""

    def generate():
        yield "first chunk\n"
        time.sleep(PAUSE)
        yield "last chunk\n"

    return generate()


@app.get("/heartbeats")
def heartbeats():
    """The same pause, filled with a comment line every HEARTBEAT_INTERVAL (as Server-Sent Events allow)."""

    def generate():
        yield "first chunk\n"
        for _ in range(round(PAUSE / HEARTBEAT_INTERVAL)):
            time.sleep(HEARTBEAT_INTERVAL)
            yield ": heartbeat\n"
        yield "last chunk\n"

    return generate()


@app.get("/slow-start")
def slow_start():
    """A generator that needs SLOW_START seconds for its first chunk (a slow query, say)."""

    def generate():
        time.sleep(SLOW_START)
        yield "first chunk\n"

    return generate()


@app.get("/empty-first")
def empty_first():
    """The same slow generator, which yields an empty string at once."""

    def generate():
        yield ""
        time.sleep(SLOW_START)
        yield "first chunk\n"

    return generate()


@app.get("/fail-in-view")
def fail_in_view():
    """A view that raises before it returns: the control, where the app's error handler runs."""
    raise RuntimeError("the view failed")


@app.get("/fail-before")
def fail_before():
    """A generator that raises before its first chunk."""

    def generate():
        raise RuntimeError("failed before the first chunk")
        yield "never sent\n"  # makes this function a generator

    return generate()


@app.get("/fail-after")
def fail_after():
    """A generator that raises after its first chunk."""

    def generate():
        yield "first chunk\n"
        raise RuntimeError("failed after the first chunk")

    return generate()


@app.get("/ticks")
def ticks():
    """A tick every TICK_INTERVAL; ``finally`` prints how many chunks the server took, and when."""

    def generate():
        taken = 0
        try:
            while taken < MAX_TICKS:
                yield f"tick {taken}\n"
                taken += 1
                time.sleep(TICK_INTERVAL)
        finally:
            # time.monotonic() is the machine's CLOCK_MONOTONIC: the client's clock too.
            print(f"ticks closed after {taken} chunks at {time.monotonic():.6f}", flush=True)

    return generate()
