"""Broken on purpose: an async view's sync generator reads request without stream_with_context.

The counterpart of snippets/async_views/sync_generator.py, for the test that shows
why that snippet wraps its generator: an async view changes nothing about when
the body is made.
"""

from flask import Flask, Response, request

app = Flask(__name__)


@app.get("/countdown")
async def countdown():
    def generate():
        yield "Countdown\n"
        yield f"from {request.path}\n"  # no request context here: RuntimeError

    return Response(generate(), mimetype="text/plain")
