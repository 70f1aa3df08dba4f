"""A folder zipped by stream-zip and by zipstream-ng, deflated or stored, for `make bench-archives`."""

import datetime
import os

import stream_zip
import zipstream
from flask import Flask, Response, abort, request

app = Flask(__name__)
CHUNK = 64 * 1024
# Deflate level 6 for both: zlib's default, and zipstream-ng's (stream-zip's is 9).
LEVEL = 6


def read_in_pieces(path):
    with open(path, "rb") as file:
        while piece := file.read(CHUNK):
            yield piece


def with_stream_zip(paths, deflate):
    modified = datetime.datetime.now(datetime.UTC)
    members = (
        (
            os.path.basename(path),
            modified,
            0o644,
            # ZIP_AUTO picks zip64 from the size. NO_COMPRESSION_64 needs the CRC-32 before the data,
            # so it reads the whole file first (NO_COMPRESSION_STREAMED_64 would need the CRC given).
            stream_zip.ZIP_AUTO(os.path.getsize(path), level=LEVEL) if deflate else stream_zip.NO_COMPRESSION_64,
            read_in_pieces(path),
        )
        for path in paths
    )
    return stream_zip.stream_zip(members, chunk_size=CHUNK)


def with_zipstream_ng(paths, deflate):
    archive = zipstream.ZipStream(
        compress_type=zipstream.ZIP_DEFLATED if deflate else zipstream.ZIP_STORED,
        compress_level=LEVEL if deflate else None,
    )
    for path in paths:
        archive.add_path(path)
    return archive


LIBRARIES = {"stream-zip": with_stream_zip, "zipstream-ng": with_zipstream_ng}


@app.get("/<library>/<mode>.zip")
def archive(library, mode):
    if library not in LIBRARIES or mode not in ("deflate", "stored"):
        abort(404)
    folder = request.args["folder"]
    paths = sorted(os.path.join(folder, name) for name in os.listdir(folder))
    return Response(LIBRARIES[library](paths, mode == "deflate"), mimetype="application/zip")
