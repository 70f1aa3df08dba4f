"""The two ways a view returns a stream: a generator, or a Response around one."""

import time

from flask import Flask, Response

app = Flask(__name__)
# Seconds between lines, so that you can watch them arrive (`curl -N`).
app.config["TICK_SECONDS"] = 0.5


# [start bare-generator]
@app.get("/countdown")
def countdown():
    def generate():
        for number in range(5, 0, -1):
            yield f"{number}\n"
            time.sleep(app.config["TICK_SECONDS"])
        yield "Liftoff!\n"

    # Flask wraps a returned generator in a Response (text/html by default);
    # the (body, headers) tuple form sets a better content type.
    return generate(), {"Content-Type": "text/plain; charset=utf-8"}


# [end bare-generator]


# [start response-object]
@app.get("/squares")
def squares():
    def generate():
        for number in range(1, 11):
            yield f"{number}² = {number * number}\n"
            time.sleep(app.config["TICK_SECONDS"])

    return Response(generate(), mimetype="text/plain")


# [end response-object]
