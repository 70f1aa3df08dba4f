"""A CSV export compressed with gzip one chunk at a time, so that it still streams."""

import re
import time
import zlib

from flask import Flask, Response, abort, request

from snippets.basics.csv_export import iter_csv, iter_orders

app = Flask(__name__)
app.config["ROWS_PER_CHUNK"] = 1000
# A pause between chunks, so that the stream can be watched arriving; 0 in production.
app.config["STREAM_INTERVAL"] = 0.5

MAX_ROWS = 1_000_000


# [start compress]
def gzip_chunks(chunks):
    """Compress each chunk so that the client can decompress it as soon as it arrives."""
    # wbits=31 writes the gzip format (16) with zlib's largest window (15).
    compressor = zlib.compressobj(wbits=31)
    for chunk in chunks:
        # Z_SYNC_FLUSH pushes out everything compressed so far, ending on a byte
        # boundary: the bytes sent now decompress to this chunk, without waiting
        # for the next one. Without it, zlib keeps the data until its buffer fills.
        yield compressor.compress(chunk) + compressor.flush(zlib.Z_SYNC_FLUSH)
    # The gzip trailer: a checksum and the length, so the client can check the whole body.
    yield compressor.flush(zlib.Z_FINISH)


# [end compress]


def paced(chunks, interval):
    """Encode each chunk, with a pause of ``interval`` seconds before every chunk but the first."""
    for number, chunk in enumerate(chunks):
        if number and interval:
            time.sleep(interval)
        yield chunk.encode()


# [start view]
@app.get("/orders.csv")
def export_orders():
    # One value of at most 7 ASCII digits, checked before the response starts.
    rows = request.args.getlist("rows") or ["1000"]
    if len(rows) > 1 or not re.fullmatch(r"[0-9]{1,7}", rows[0]) or int(rows[0]) > MAX_ROWS:
        abort(400, description=f"rows must be a whole number from 0 to {MAX_ROWS}, given once.")
    csv_rows = iter_csv(iter_orders(int(rows[0])), app.config["ROWS_PER_CHUNK"])
    chunks = paced(csv_rows, app.config["STREAM_INTERVAL"])
    # The body depends on Accept-Encoding: a cache must keep one copy per encoding.
    headers = {"Vary": "Accept-Encoding"}
    # The quality of gzip in the client's Accept-Encoding: 0 when it is absent or "q=0".
    if request.accept_encodings["gzip"]:
        chunks = gzip_chunks(chunks)
        headers["Content-Encoding"] = "gzip"
    return Response(chunks, mimetype="text/csv", headers=headers)


# [end view]
