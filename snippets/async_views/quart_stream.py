"""Quart streams an async generator, and stops it soon after the client leaves.

Run it with ``quart --app snippets.async_views.quart_stream run`` or under uvicorn.
"""

import asyncio
import logging

from quart import Quart

app = Quart(__name__)
app.config["TICKS"] = 30
app.config["STREAM_INTERVAL"] = 0.1
app.config.from_prefixed_env()
app.logger.setLevel(logging.INFO)


# [start view]
@app.get("/ticks")
async def ticks():
    total = app.config["TICKS"]
    interval = app.config["STREAM_INTERVAL"]

    async def generate():
        sent = 0
        try:
            for number in range(total):
                yield f"tick {number}\n".encode()
                sent += 1
                await asyncio.sleep(interval)  # the server can cancel the stream here
        finally:
            app.logger.info("ticks stream closed after %d of %d chunks", sent, total)

    return generate(), {"Content-Type": "text/plain; charset=utf-8"}


# [end view]
