"""Streams that send one line, then fillers: empty strings or dots.

The tests serve it with Werkzeug's development server and with gunicorn
(``tests.apps.fillers:app``) to show that neither writes an empty chunk, so an
empty chunk cannot reveal a disconnected client.
"""

import time

from flask import Flask

app = Flask(__name__)
FILLERS = {"empty": "", "dots": "."}


@app.get("/<name>")
def fillers(name):
    filler = FILLERS[name]

    def generate():
        sent = 0
        try:
            yield "first\n"
            for _ in range(30):
                time.sleep(0.02)
                yield filler
                sent += 1
        finally:
            app.logger.info("%s: %d of 30 fillers sent", name, sent)

    return generate(), {"Content-Type": "text/plain"}
