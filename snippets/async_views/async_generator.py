"""Broken on purpose: an async view cannot stream an async generator under Flask."""

import asyncio

from flask import Flask, Response, stream_with_context

app = Flask(__name__)


async def numbers():
    """An async generator: the WSGI server cannot iterate it."""
    for number in range(3):
        yield f"{number}\n"
        await asyncio.sleep(0)


# [start views]
@app.get("/bare")
async def bare():
    return numbers()  # Flask refuses this return value


@app.get("/wrapped")
async def wrapped():
    return Response(numbers(), mimetype="text/plain")  # fails when the server iterates it


@app.get("/with-context")
async def with_context():
    return Response(stream_with_context(numbers()), mimetype="text/plain")


# [end views]
