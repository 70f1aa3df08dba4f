"""A file on disk sent with send_file, next to the same file sent by a generator.

send_file knows the file's size and date, so it can answer conditional and
range requests; a generator's body has no length that anyone knows in advance.
"""

import os

from flask import Flask, Response, abort, send_from_directory

app = Flask(__name__)
# The files that can be downloaded: the archive page's demo folder.
app.config["FILES_ROOT"] = os.path.join(os.path.dirname(__file__), "files", "reports")


# [start send-file]
@app.get("/files/<name>")
def download(name):
    # send_from_directory refuses names outside the folder (404), and sends
    # Content-Length, Last-Modified and an ETag; it answers If-None-Match
    # with 304 and Range with 206.
    return send_from_directory(app.config["FILES_ROOT"], name, as_attachment=True)


# [end send-file]


# [start generator]
@app.get("/streamed/<name>")
def download_streamed(name):
    path = os.path.join(app.config["FILES_ROOT"], name)
    if os.sep in name or name.startswith(".") or not os.path.isfile(path):
        abort(404)

    def read_in_pieces():
        with open(path, "rb") as file:
            while piece := file.read(64 * 1024):
                yield piece

    # No Content-Length, no ETag: a Range header is ignored (200, whole body).
    return Response(read_in_pieces(), mimetype="application/octet-stream")


# [end generator]
