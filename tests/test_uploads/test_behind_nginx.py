"""Uploads through Debian's nginx in front of gunicorn: its body size limit, and when the app sees the body.

The variants are those of tests/proxies.py (UPLOAD_VARIANTS, and "default" with
nginx's defaults); "uploads" is snippets/uploads/nginx.conf, run verbatim but for
the upstream's port. When the app first sees a request is read from its log:
the view logs "upload <name> started" before it reads the body.
"""

import hashlib
import time

import pytest

from tests.test_uploads.client import Upload, body_of, send_in_parts

pytestmark = pytest.mark.live

MiB = 1024 * 1024
# How long a client holds back the second half of its body when the app should
# not see the request meanwhile: long beside the milliseconds nginx takes to pass
# a request on, short for the test's budget. A load that slows nginx or the app
# down only makes the app less likely to see it.
HOLD_BACK_S = 0.3
# How long a client holds it back, at most, when the app should see the request:
# the rest is sent as soon as the app logs it.
WAIT_FOR_THE_APP_S = 10
HALF = 256 * 1024


def port(upload_nginx, variant: str) -> int:
    return upload_nginx.endpoints[variant].port


def started(upload_server, name: str) -> bool:
    return f"upload {name} started" in upload_server.log()


def test_default_nginx_answers_413_itself_for_a_body_over_1m(upload_nginx, upload_server):
    sending = Upload(port(upload_nginx, "default"), "over-1m.bin", MiB + 1)
    try:
        # The answer comes from the header alone, before any byte of the body.
        response, data = sending.response()
    finally:
        sending.close()
    assert response.status == 413
    assert response.getheader("Server").startswith("nginx")
    assert b"<title>413 Request Entity Too Large</title>" in data
    assert b"<center>nginx" in data  # nginx's own page, not the app's
    assert "client intended to send too large body" in upload_nginx.log()
    assert not started(upload_server, "over-1m.bin")


def app_sees_the_first_half(
    upload_nginx, upload_server, variant: str, name: str, chunked: bool = False, expected: bool = True
) -> bool:
    """Send half a body and hold the rest back: whether the app saw the request meanwhile.

    The rest is held back for WAIT_FOR_THE_APP_S at most when the app is ``expected``
    to see the request, else for HOLD_BACK_S. The upload must succeed in the end.
    """
    body = body_of(2 * HALF, seed=5)
    sending = Upload(port(upload_nginx, variant), name, None if chunked else len(body))
    try:
        send_in_parts(sending, body[:HALF])
        deadline = time.monotonic() + (WAIT_FOR_THE_APP_S if expected else HOLD_BACK_S)
        while time.monotonic() < deadline and not started(upload_server, name):
            time.sleep(0.01)
        seen_early = started(upload_server, name)
        send_in_parts(sending, body[HALF:])
        if chunked:
            sending.finish()
        response, data = sending.response()
    finally:
        sending.close()
    assert response.status == 201, data
    assert b'"sha256":"%s"' % hashlib.sha256(body).hexdigest().encode() in data
    return seen_early


@pytest.mark.parametrize("chunked", [False, True], ids=["content_length", "chunked"])
def test_request_buffering_on_holds_the_request_until_the_whole_body_arrived(upload_nginx, upload_server, chunked):
    name = f"buffered-{chunked}.bin"
    assert not app_sees_the_first_half(upload_nginx, upload_server, "upload_buffered", name, chunked, expected=False)
    # nginx kept the body in its temporary directory meanwhile (client_body_temp_path).
    assert "a client request body is buffered to a temporary file" in upload_nginx.log()


@pytest.mark.parametrize("chunked", [False, True], ids=["content_length", "chunked"])
def test_chapter_configuration_passes_the_body_on_as_it_arrives(upload_nginx, upload_server, chunked):
    assert app_sees_the_first_half(upload_nginx, upload_server, "uploads", f"streamed-{chunked}.bin", chunked)


def test_request_buffering_off_with_http_1_0_still_collects_a_chunked_body(upload_nginx, upload_server):
    # A body with a Content-Length is passed on as it arrives...
    assert app_sees_the_first_half(upload_nginx, upload_server, "upload_unbuffered_http_1_0", "http10-length.bin")
    # ...but a chunked one is collected first: HTTP/1.0 to the app has no chunks.
    assert not app_sees_the_first_half(
        upload_nginx, upload_server, "upload_unbuffered_http_1_0", "http10-chunked.bin", chunked=True, expected=False
    )


def premature_closes(upload_nginx) -> int:
    return upload_nginx.log().count("client prematurely closed connection")


def test_client_that_stops_behind_buffering_nginx_never_reaches_the_app(upload_nginx, upload_server):
    closes_before = premature_closes(upload_nginx)
    sending = Upload(port(upload_nginx, "upload_buffered"), "stopped-buffered.bin", 4 * HALF)
    send_in_parts(sending, body_of(HALF))
    sending.close()
    deadline = time.monotonic() + WAIT_FOR_THE_APP_S
    while premature_closes(upload_nginx) == closes_before and time.monotonic() < deadline:
        time.sleep(0.01)
    # nginx noticed, and dropped the request.
    assert premature_closes(upload_nginx) == closes_before + 1, upload_nginx.log()
    time.sleep(HOLD_BACK_S)  # time for nginx to pass a request on, had it done so
    assert not started(upload_server, "stopped-buffered.bin")


def test_client_that_stops_behind_the_chapter_configuration_is_seen_by_the_app(upload_nginx, upload_server, upload_dir):
    name = "stopped-streamed.bin"
    sending = Upload(port(upload_nginx, "uploads"), name, 4 * HALF)
    send_in_parts(sending, body_of(HALF))
    upload_server.wait_for_log(f"upload {name} started")
    sending.close()
    log = upload_server.wait_for_log(f"upload {name} stopped after")
    line = next(line for line in log.splitlines() if f"upload {name} stopped after" in line)
    # nginx closed its connection to the app: the same short body as without nginx.
    assert "ClientDisconnected (400 Bad Request: The body ended after" in line
    assert not [entry.name for entry in upload_dir.iterdir() if entry.name.startswith(".part-") or entry.name == name]
