"""The paced view of snippets.errors.buffering_middleware, behind a hook that reads the body.

``reads_body`` is the mistake the chapter warns about. The live tests serve this module
with gunicorn: ``tests.apps.bad_hook:app``.
"""

from flask import Flask

from snippets.errors.buffering_middleware import progress

app = Flask(__name__)
app.get("/progress")(progress)


@app.after_request
def reads_body(response):
    """Log the size of every response: get_data() collects a stream into memory."""
    app.logger.info("response of %d bytes", len(response.get_data()))
    return response
