"""A large upload streamed to disk as it arrives: flat memory, a checksum on the way, no half-written files."""

import hashlib
import os
import re
import tempfile
from pathlib import Path

from flask import Flask, abort, jsonify, request
from werkzeug.exceptions import ClientDisconnected

app = Flask(__name__)
# Where finished uploads go. Set it to a directory of your own; the default is
# for trying the example.
app.config["UPLOAD_DIR"] = os.path.join(tempfile.gettempdir(), "stream-to-disk-uploads")
# A larger body gets "413 Request Entity Too Large".
app.config["MAX_CONTENT_LENGTH"] = 100 * 1024 * 1024  # 100 MiB

# How much of the body is held in memory at once.
CHUNK_SIZE = 64 * 1024
# A plain file name: no path separators, no leading dot (temporary files start with one).
UPLOAD_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


# [start view]
@app.put("/uploads/<name>")
def upload(name):
    if not UPLOAD_NAME.fullmatch(name):
        abort(400, description="The name must be letters, digits, '.', '_' or '-', and not start with '.'.")
    directory = Path(app.config["UPLOAD_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    app.logger.info("upload %s started", name)
    digest = hashlib.sha256()
    size = 0
    # In the same directory, so that the rename below is atomic: a reader sees
    # the old file or the complete new one, never a part.
    descriptor, part_name = tempfile.mkstemp(dir=directory, prefix=".part-")
    try:
        with open(descriptor, "wb") as part:
            while chunk := request.stream.read(CHUNK_SIZE):
                part.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                if size == request.content_length:
                    # The whole body. One more read would get 413 from Werkzeug on
                    # gunicorn, if the body is exactly MAX_CONTENT_LENGTH long.
                    break
            # On gunicorn, a body that ends early can read like a complete one:
            # only its length tells that the client stopped.
            if request.content_length is not None and size != request.content_length:
                raise ClientDisconnected(f"The body ended after {size} of {request.content_length} bytes.")
        os.replace(part_name, directory / name)
    except BaseException as error:
        # The client went away, or the body grew past MAX_CONTENT_LENGTH.
        os.unlink(part_name)
        app.logger.warning("upload %s stopped after %d bytes: %s (%s)", name, size, type(error).__name__, error)
        raise
    app.logger.info("upload %s complete: %d bytes", name, size)
    return jsonify(name=name, size=size, sha256=digest.hexdigest()), 201


# [end view]
