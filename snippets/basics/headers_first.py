"""Status, headers and the session are settled before the first chunk is sent."""

import werkzeug.wrappers
from flask import Flask, Response, abort, session

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"  # Set FLASK_SECRET_KEY in production.
# RFC 6265 section 6.1: browsers keep "at least 4096 bytes per cookie", counting its
# name, value and attributes; a larger one may be dropped without a word, which
# logs the user out silently. Werkzeug warns about a cookie above this size.
app.config["MAX_COOKIE_SIZE"] = 4096
app.config.from_prefixed_env()


def session_cookie_bytes(data):
    """The length of the Set-Cookie header that would store ``data`` as the session."""
    probe = app.session_interface.session_class()
    probe.update(data)  # marks it modified, so that save_session writes it
    response = werkzeug.wrappers.Response()
    response.max_cookie_size = 0  # only measure: no warning about the size
    app.session_interface.save_session(app, probe, response)
    return len(response.headers["Set-Cookie"])


@app.post("/login/<name>")
def login(name):
    if "\0" in name:
        abort(400, description="name must not contain NUL.")
    # Check before changing the session: Flask saves it even on an error response.
    limit = app.config["MAX_COOKIE_SIZE"]
    if session_cookie_bytes({**session, "user": name}) > limit:
        abort(400, description=f"name is too long: the session cookie would exceed {limit} bytes.")
    session["user"] = name
    return "", 204


# [start view]
@app.get("/report")
def report():
    # Read the session here, in the view: Flask then adds "Vary: Cookie",
    # and the generator gets a plain value instead of the session object.
    user = session.get("user", "guest")

    def generate(user):
        yield f"Report for {user}\n"
        for number in range(1, 4):
            yield f"Line {number}\n"

    # Everything about the response except its body is decided here.
    return Response(
        generate(user),
        status=200,
        mimetype="text/plain",
        # nosniff: the text echoes the user name, and a browser must not guess it is HTML.
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )


# [end view]
