"""Pass on another service's stream: each chunk goes on to the client as it arrives."""

import re
import ssl

import httpx
from flask import Flask, Response, abort, request

app = Flask(__name__)
# [start config]
# The service whose export this app passes on (set FLASK_UPSTREAM_URL to change it).
app.config["UPSTREAM_URL"] = "http://127.0.0.1:5001/orders.csv"
# Seconds to wait for the connection, and for each read: the headers, then every chunk.
app.config["UPSTREAM_CONNECT_TIMEOUT"] = 3.0
app.config["UPSTREAM_READ_TIMEOUT"] = 30.0
# [end config]

MAX_ROWS = 1_000_000
# [start headers]
# The upstream's headers that describe the body as it is passed on. Not the others:
# Transfer-Encoding, Connection and Content-Length describe the upstream's own
# connection, and Set-Cookie would set the upstream's cookies on this site.
PASSED_HEADERS = ("Content-Type", "Content-Encoding", "Content-Disposition", "Vary")
# [end headers]
# Made once and shared: without it, each new httpx.Client loads the certificate
# authorities again, even for an http:// upstream.
TLS_CONTEXT = ssl.create_default_context()


# [start view]
@app.get("/orders.csv")
def relay_orders():
    # Check the input here, before anything is asked of the upstream.
    rows = request.args.getlist("rows") or ["1000"]
    if len(rows) > 1 or not re.fullmatch(r"[0-9]{1,7}", rows[0]) or int(rows[0]) > MAX_ROWS:
        abort(400, description=f"rows must be a whole number from 0 to {MAX_ROWS}, given once.")
    timeout = httpx.Timeout(app.config["UPSTREAM_READ_TIMEOUT"], connect=app.config["UPSTREAM_CONNECT_TIMEOUT"])
    client = httpx.Client(timeout=timeout, verify=TLS_CONTEXT)
    upstream_request = client.build_request(
        "GET",
        app.config["UPSTREAM_URL"],
        params={"rows": rows[0]},
        # The body is passed on as it comes, so it must be in an encoding that
        # this client accepts: ask the upstream for the client's own choice.
        headers={"Accept-Encoding": request.headers.get("Accept-Encoding", "identity")},
    )
    # Wait for the upstream's status line and headers before answering: a
    # failure until then still gets a clear error instead of a cut 200.
    try:
        upstream = client.send(upstream_request, stream=True)
    except httpx.TimeoutException:
        client.close()
        abort(504, description="The export service did not answer in time.")
    except httpx.TransportError:
        client.close()
        abort(502, description="The export service cannot be reached.")
    if upstream.status_code != 200:
        upstream.close()
        client.close()
        abort(502, description=f"The export service answered {upstream.status_code}.")
    headers = {name: upstream.headers[name] for name in PASSED_HEADERS if name in upstream.headers}
    return Response(relay(client, upstream), headers=headers)


# [end view]


# [start relay]
def relay(client, upstream):
    """Yield the upstream's body as it arrives; close the connection however the stream ends."""
    try:
        # iter_raw() passes the bytes as they were sent: still compressed if the
        # upstream compressed them (iter_bytes() would decompress them).
        yield from upstream.iter_raw()
    except httpx.HTTPError as error:
        # The upstream's body was cut, or a read timed out. Raising again lets
        # the server cut this response too, so that the client sees it.
        app.logger.warning("upstream stream broke off: %r", error)
        raise
    finally:
        # Also runs when this app's client hangs up: the server closes this
        # generator, and closing the response ends the upstream connection.
        upstream.close()
        client.close()
        app.logger.info("upstream connection closed")


# [end relay]
