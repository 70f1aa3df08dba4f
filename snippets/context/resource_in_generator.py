"""The fix: the generator opens what it needs itself and closes it in ``finally``."""

import re
import sqlite3

from flask import Flask, Response, abort, request

app = Flask(__name__)

# A stand-in for a real table: the whole numbers from 1 to ?.
NUMBERS = """
    WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < ?)
    SELECT n FROM numbers
"""


# [start generator]
def generate_numbers(count):
    """Open the connection when the body starts, close it when the body ends."""
    db = sqlite3.connect(":memory:")
    try:
        yield "n\n"
        for (n,) in db.execute(NUMBERS, (count,)):
            yield f"{n}\n"
    finally:
        # Runs at the end, on an error, and when the server closes the
        # response early (a client that went away): see errors.md.
        db.close()
        app.logger.info("connection closed")


# [end generator]


# [start view]
@app.get("/numbers")
def numbers():
    # One value of at most 7 ASCII digits: int() would also take " 2 ", "1_0" and "١٢".
    counts = request.args.getlist("count") or ["10"]
    if len(counts) > 1 or not re.fullmatch(r"[0-9]{1,7}", counts[0]) or not 1 <= int(counts[0]) <= 1_000_000:
        abort(400, description="count must be a whole number from 1 to 1000000, given once.")
    count = int(counts[0])
    return Response(generate_numbers(count), mimetype="text/plain")


# [end view]
