"""Broken on purpose: the generator reads ``request`` after the view has returned."""

from flask import Flask, request

app = Flask(__name__)


# [start view]
@app.get("/hello")
def hello():
    def generate():
        yield "Hello "
        yield request.args.get("name", "stranger")  # RuntimeError: no request context
        yield "!\n"

    return generate(), {"Content-Type": "text/plain; charset=utf-8"}


# [end view]
