"""stream_with_context keeps the request context while the generator runs."""

from flask import Flask, Response, abort, request, stream_with_context

app = Flask(__name__)


def require_name():
    """Reject a missing, overlong, repeated or NUL-carrying name before the response starts."""
    names = request.args.getlist("name")
    if len(names) != 1 or not 0 < len(names[0]) <= 100 or "\0" in names[0]:
        abort(400, description="name must be 1 to 100 characters, without NUL, given once.")


# [start wrapper]
@app.get("/wrapped")
def wrapped():
    require_name()

    def generate():
        yield "Hello "
        yield request.args["name"]
        yield f"! You asked for {request.path}.\n"

    # nosniff: the text echoes the query, and a browser must not guess it is HTML.
    headers = {"X-Content-Type-Options": "nosniff"}
    return Response(stream_with_context(generate()), mimetype="text/plain", headers=headers)


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

    headers = {"X-Content-Type-Options": "nosniff"}  # the text echoes the query
    return Response(generate(), mimetype="text/plain", headers=headers)


# [end decorator]
