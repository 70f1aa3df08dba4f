"""The paced view of snippets.errors.buffering_middleware, compressed by Flask-Compress.

Flask-Compress is registered as every app registers it, with its defaults
(``COMPRESS_STREAMS`` is on); tests.apps.compressed_streams_off is the same app
with ``COMPRESS_STREAMS = False``. The live tests serve both with gunicorn.
"""

from flask import Flask
from flask_compress import Compress

from snippets.errors.buffering_middleware import progress


def create_app(compress_streams: bool) -> Flask:
    app = Flask(__name__)
    app.config["COMPRESS_STREAMS"] = compress_streams
    # The progress view sends text/plain, which Flask-Compress leaves alone by default.
    app.config["COMPRESS_MIMETYPES"] = ["text/plain"]
    Compress(app)
    app.get("/progress")(progress)
    return app


app = create_app(compress_streams=True)
