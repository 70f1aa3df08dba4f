"""A folder's files as one zip archive, built while it is sent, with zipstream-ng.

No temporary file and no archive in memory: each file is read, compressed and
sent in pieces, and the zip's directory comes last.
"""

import os

import zipstream
from flask import Flask, Response, abort
from werkzeug.security import safe_join

app = Flask(__name__)
# The folders that can be downloaded are the subfolders of this one.
app.config["ARCHIVE_ROOT"] = os.path.join(os.path.dirname(__file__), "files")


# [start stream]
def stream_archive(folder, name):
    archive = zipstream.ZipStream(compress_type=zipstream.ZIP_DEFLATED)
    # Queues the paths only: each file is opened when its turn comes.
    archive.add_path(folder, arcname=name)
    try:
        yield from archive
    finally:
        # Runs when the archive is complete, and when the client hangs up
        # mid-zip: the file being read is closed with the generator.
        app.logger.info("archive %s: closed after %d files", name, archive.num_streamed())


# [end stream]


# [start view]
@app.get("/archives/<name>.zip")
def download_folder(name):
    # safe_join refuses "..", absolute paths and the like: None means 404.
    folder = safe_join(app.config["ARCHIVE_ROOT"], name)
    if folder is None or not os.path.isdir(folder):
        abort(404)
    response = Response(stream_archive(folder, name), mimetype="application/zip")
    response.headers.set("Content-Disposition", "attachment", filename=f"{name}.zip")
    return response


# [end view]
