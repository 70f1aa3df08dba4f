"""A stream that fails halfway: the client already has a 200, and no error handler runs."""

from flask import Flask, Response

app = Flask(__name__)


class ExportError(Exception):
    """The data source failed while the export was running."""


# [start handler]
@app.errorhandler(ExportError)
def export_failed(error):
    app.logger.info("export_failed handler ran: %s", error)
    return "The export failed. Please try again.\n", 503, {"Content-Type": "text/plain"}


# [end handler]


# [start view]
def read_records(count, fail_at):
    """Stand-in for a database cursor whose connection drops at record ``fail_at``."""
    for number in range(count):
        if number == fail_at:
            raise ExportError(f"connection lost at record {number}")
        yield f"record {number}\n"


@app.get("/export")
def export():
    # The view returns at once: read_records() runs later, while the body is sent.
    return Response(read_records(count=5, fail_at=3), mimetype="text/plain")


# [end view]
