"""Read what the generator needs in the view and pass it in as plain values."""

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
    name = request.args.get("name", "")
    if not 0 < len(name) <= 100:
        abort(400, description="name must be 1 to 100 characters.")
    try:
        times = int(request.args.get("times", "3"))
    except ValueError:
        times = 0
    if not 1 <= times <= 1000:
        abort(400, description="times must be a whole number from 1 to 1000.")
    # Reading the session here also makes Flask add "Vary: Cookie".
    user = session.get("user", "guest")
    return Response(generate_greeting(name, times, user), mimetype="text/plain")


# [end view]
