"""The same Flask app served by an ASGI server, through asgiref's or a2wsgi's adapter.

Run it with uvicorn::

    uvicorn snippets.async_views.asgi:asgiref_app
    uvicorn snippets.async_views.asgi:a2wsgi_app
"""

import logging
import threading
import time

from a2wsgi import WSGIMiddleware
from asgiref.wsgi import WsgiToAsgi
from flask import Flask, Response, request, stream_with_context

app = Flask(__name__)
# A stream of TICKS lines, STREAM_INTERVAL seconds apart: 3 s in all.
app.config["TICKS"] = 30
app.config["STREAM_INTERVAL"] = 0.1
# FLASK_TICKS=10 in the environment sets TICKS, as `flask run` would.
app.config.from_prefixed_env()
# uvicorn sets up its own loggers only; this makes the app's INFO lines visible.
app.logger.setLevel(logging.INFO)


def thread_name():
    return threading.current_thread().name


@app.teardown_request
def log_teardown(exc):
    # Flask 3.1.2 and 3.1.3 run this twice for a stream_with_context body: when
    # the view returns, and when the generator's context is popped at its end.
    app.logger.info("teardown_request ran on %s", thread_name())


# [start view]
@app.get("/ticks")
async def ticks():
    total = app.config["TICKS"]
    interval = app.config["STREAM_INTERVAL"]
    app.logger.info("view ran on %s", thread_name())

    @stream_with_context
    def generate():
        sent = 0
        try:
            for number in range(total):
                yield f"tick {number} of {request.path}\n"
                sent += 1
                time.sleep(interval)
        finally:
            app.logger.info("ticks stream closed after %d of %d chunks on %s", sent, total, thread_name())

    return Response(generate(), mimetype="text/plain")


# [end view]


@app.get("/ping")
def ping():
    return "pong\n"


# [start adapters]
asgiref_app = WsgiToAsgi(app)
a2wsgi_app = WSGIMiddleware(app)  # a pool of 10 threads by default
# [end adapters]
