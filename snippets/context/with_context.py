"""stream_with_context keeps the request context while the generator runs."""

from flask import Flask, Response, abort, request, stream_with_context

app = Flask(__name__)


def require_name():
    """Reject a missing or overlong name before the response starts."""
    name = request.args.get("name", "")
    if not 0 < len(name) <= 100:
        abort(400, description="name must be 1 to 100 characters.")


# [start wrapper]
@app.get("/wrapped")
def wrapped():
    require_name()

    def generate():
        yield "Hello "
        yield request.args["name"]
        yield f"! You asked for {request.path}.\n"

    return Response(stream_with_context(generate()), mimetype="text/plain")


# [end wrapper]


# [start decorator]
@app.get("/decorated")
def decorated():
    require_name()

    @stream_with_context
    def generate():
        yield "Hello "
        yield request.args["name"]
        yield f"! You asked for {request.path}.\n"

    return Response(generate(), mimetype="text/plain")


# [end decorator]
