"""Read what the generator needs in the view and pass it in as plain values."""

import re

from flask import Flask, Response, abort, request, session

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"  # Set FLASK_SECRET_KEY in production.
app.config.from_prefixed_env()


# [start generator]
def generate_greeting(name, times, user):
    """A plain generator: it knows nothing about Flask or the request."""
    for number in range(1, times + 1):
        yield f"{number}/{times}: Hello {name}! (viewer: {user})\n"


# [end generator]


# [start view]
@app.get("/greeting")
def greeting():
    # Read and check everything in the view, while the request context exists.
    names = request.args.getlist("name")
    if len(names) != 1 or not 0 < len(names[0]) <= 100 or "\0" in names[0]:
        abort(400, description="name must be 1 to 100 characters, without NUL, given once.")
    # One value of at most 4 ASCII digits: int() would also take " 2 ", "1_0" and "١٢".
    times = request.args.getlist("times") or ["3"]
    if len(times) > 1 or not re.fullmatch(r"[0-9]{1,4}", times[0]) or not 1 <= int(times[0]) <= 1000:
        abort(400, description="times must be a whole number from 1 to 1000, given once.")
    # Reading the session here also makes Flask add "Vary: Cookie".
    user = session.get("user", "guest")
    # nosniff: the text echoes the query, and a browser must not guess it is HTML.
    headers = {"X-Content-Type-Options": "nosniff"}
    return Response(generate_greeting(names[0], int(times[0]), user), mimetype="text/plain", headers=headers)


# [end view]
