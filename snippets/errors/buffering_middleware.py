"""An after_request hook that adds an ETag to normal responses and leaves streams alone."""

import time

from flask import Flask

app = Flask(__name__)


# [start hook]
@app.after_request
def add_etag(response):
    # add_etag() hashes the whole body. On a streamed response, reading the
    # body runs the generator to its end before the first byte is sent.
    if not response.is_streamed:
        response.add_etag()
    return response


# [end hook]


@app.get("/hello")
def hello():
    return "Hello\n", {"Content-Type": "text/plain"}


@app.get("/progress")
def progress():
    def generate():
        for step in range(1, 6):
            yield f"step {step} of 5\n"
            time.sleep(0.2)

    return generate(), {"Content-Type": "text/plain"}
