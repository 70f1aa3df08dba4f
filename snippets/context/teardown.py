"""A trap with Flask 3.1.2 and 3.1.3: teardown closes ``g.db`` before the stream runs.

Run it in debug mode, which shows the INFO log, and request /numbers:
``flask --app snippets.context.teardown run --debug``, then
``curl http://127.0.0.1:5000/numbers``.
"""

import sqlite3

from flask import Flask, Response, g, stream_with_context

app = Flask(__name__)

# A stand-in for a real table: the whole numbers from 1 to ?.
NUMBERS = """
    WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < ?)
    SELECT n FROM numbers
"""


# [start db]
def get_db():
    """Open one connection per request, on first use, and keep it on g."""
    if "db" not in g:
        g.db = sqlite3.connect(":memory:")
    return g.db


@app.teardown_appcontext
def close_db(exception):
    app.logger.info("teardown_appcontext ran")
    db = g.pop("db", None)
    if db is not None:
        db.close()


# [end db]


# [start view]
@app.get("/numbers")
def numbers():
    rows = get_db().execute(NUMBERS, (10,))

    @stream_with_context
    def generate():
        app.logger.info("generator started")
        yield "n\n"
        for (n,) in rows:  # Flask 3.1.3: the connection is closed already.
            yield f"{n}\n"

    app.logger.info("view returned")
    return Response(generate(), mimetype="text/plain")


# [end view]
