"""Status, headers and the session are settled before the first chunk is sent."""

from flask import Flask, Response, session

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"  # Set FLASK_SECRET_KEY in production.
app.config.from_prefixed_env()


@app.post("/login/<name>")
def login(name):
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
