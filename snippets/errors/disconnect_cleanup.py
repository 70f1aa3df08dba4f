"""A paced stream that cleans up in ``finally``, which runs even when the client leaves."""

import time

from flask import Flask, Response

app = Flask(__name__)

TICKS = 600
INTERVAL = 0.1  # seconds between ticks: the whole stream lasts about a minute


# [start view]
@app.get("/ticks")
def ticks():
    def generate():
        sent = 0
        try:
            for number in range(TICKS):
                yield f"tick {number}\n"
                sent += 1
                time.sleep(INTERVAL)
        finally:
            # Runs when the stream ends, when it fails, and when the server
            # closes the generator because the client has gone away.
            app.logger.info("ticks stream closed after %d chunks", sent)

    return Response(
        generate(),
        mimetype="text/plain",
        # Ask nginx not to buffer this response (see "Buffering proxies").
        headers={"X-Accel-Buffering": "no"},
    )


# [end view]
