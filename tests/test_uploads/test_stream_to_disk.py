"""The upload is streamed to disk: whole files with their checksum, no part left behind, 413 past the limit.

In-process tests use Flask's test client; the live ones the snippet under
gunicorn (conftest.py), on a raw socket (client.py) so that a body can stop halfway.
"""

import hashlib
import io
import json
import subprocess
from pathlib import Path

import pytest

from snippets.uploads import stream_to_disk
from tests.test_uploads.client import Upload, body_of, send_in_parts
from tests.test_uploads.conftest import LIVE_LIMIT

MiB = 1024 * 1024
# How much a worker's peak memory may grow while a body streams through it.
FLAT_GROWTH = 4 * MiB
# The body of the matrix test (`make matrix-data`): far beyond FLAT_GROWTH.
LARGE_BODY = 256 * MiB


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setitem(stream_to_disk.app.config, "UPLOAD_DIR", str(tmp_path))
    return stream_to_disk.app.test_client()


def files_in(directory) -> list[str]:
    """Every file in the upload directory, the temporary ``.part-`` files too."""
    return sorted(path.name for path in Path(directory).iterdir())


def test_upload_is_written_whole_with_its_size_and_sha256(client, tmp_path):
    body = body_of(3 * stream_to_disk.CHUNK_SIZE + 5)
    response = client.put("/uploads/report.csv", data=body)
    assert response.status_code == 201
    assert response.json == {"name": "report.csv", "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    assert (tmp_path / "report.csv").read_bytes() == body
    assert files_in(tmp_path) == ["report.csv"]


def test_a_new_upload_replaces_the_file_of_the_same_name(client, tmp_path):
    client.put("/uploads/data.bin", data=b"old")
    assert client.put("/uploads/data.bin", data=b"new").status_code == 201
    assert (tmp_path / "data.bin").read_bytes() == b"new"
    assert files_in(tmp_path) == ["data.bin"]


@pytest.mark.parametrize("name", [".hidden", ".part-x", "..", "-rf", "a b", "é.txt", "a\0b", "x" * 101, "a:b"])
def test_a_name_that_is_not_a_plain_file_name_gets_400_and_writes_nothing(client, tmp_path, name):
    response = client.put(f"/uploads/{name}", data=b"data")
    assert response.status_code == 400
    assert b"The name must be letters, digits" in response.data
    assert files_in(tmp_path) == []


def test_a_name_with_a_slash_is_no_upload_at_all(client, tmp_path):
    assert client.put("/uploads/a/b", data=b"data").status_code == 404
    assert files_in(tmp_path) == []


def test_declared_length_over_the_limit_gets_413_and_writes_nothing(client, tmp_path, monkeypatch):
    monkeypatch.setitem(stream_to_disk.app.config, "MAX_CONTENT_LENGTH", 1000)
    response = client.put("/uploads/big.bin", data=b"x" * 1001)
    assert response.status_code == 413
    assert files_in(tmp_path) == []


class FailingStream(io.RawIOBase):
    """A request body whose read fails after ``good`` bytes, as a socket does when the client resets it."""

    def __init__(self, good: int) -> None:
        self.left = good

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.left <= 0:
            raise ConnectionResetError("the client reset the connection")
        size = min(len(buffer), self.left)
        buffer[:size] = b"x" * size
        self.left -= size
        return size


def test_a_read_that_fails_removes_the_partial_file(client, tmp_path, caplog):
    response = client.put(
        "/uploads/cut.bin",
        environ_overrides={
            "wsgi.input": FailingStream(2 * stream_to_disk.CHUNK_SIZE),
            "CONTENT_LENGTH": str(10 * stream_to_disk.CHUNK_SIZE),
        },
    )
    # Werkzeug turns the failed read into ClientDisconnected, a 400 that nobody receives.
    assert response.status_code == 400
    assert files_in(tmp_path) == []
    assert f"upload cut.bin stopped after {2 * stream_to_disk.CHUNK_SIZE} bytes: ClientDisconnected" in caplog.text


def test_a_short_body_behind_a_server_that_ends_the_stream_is_refused(client, tmp_path, caplog):
    # gunicorn sets wsgi.input_terminated: with MAX_CONTENT_LENGTH set, a body that ends
    # early then reads like a complete one, and only the snippet's length check sees it.
    response = client.put(
        "/uploads/short.bin",
        environ_overrides={
            "wsgi.input": io.BytesIO(b"x" * 100),
            "CONTENT_LENGTH": "1000",
            "wsgi.input_terminated": True,
        },
    )
    assert response.status_code == 400
    assert files_in(tmp_path) == []
    assert (
        "upload short.bin stopped after 100 bytes: ClientDisconnected (400 Bad Request: The body ended after 100 of 1000 bytes.)"
        in caplog.text
    )


def test_a_body_of_exactly_the_limit_is_accepted_when_its_length_is_declared(client, tmp_path, monkeypatch):
    monkeypatch.setitem(stream_to_disk.app.config, "MAX_CONTENT_LENGTH", 1000)
    response = client.put(
        "/uploads/full.bin",
        environ_overrides={
            "wsgi.input": io.BytesIO(b"x" * 1000),
            "CONTENT_LENGTH": "1000",
            "wsgi.input_terminated": True,
        },
    )
    assert response.status_code == 201
    assert response.json["size"] == 1000


def test_a_chunked_body_of_exactly_the_limit_gets_413(client, tmp_path, monkeypatch, caplog):
    # Without a length, the app cannot know that the body ends at the limit: Werkzeug
    # refuses the read after the limit, even when it would return the end of the body.
    monkeypatch.setitem(stream_to_disk.app.config, "MAX_CONTENT_LENGTH", 1000)
    response = client.put(
        "/uploads/full.bin",
        environ_overrides={
            "wsgi.input": io.BytesIO(b"x" * 1000),
            "HTTP_TRANSFER_ENCODING": "chunked",
            "wsgi.input_terminated": True,
        },
    )
    assert response.status_code == 413
    assert "upload full.bin stopped after 1000 bytes: RequestEntityTooLarge" in caplog.text
    assert files_in(tmp_path) == []


def test_a_body_without_a_length_reads_as_empty_when_the_server_does_not_end_it(client, tmp_path):
    # No wsgi.input_terminated: Werkzeug cannot tell where the body ends, and gives an empty stream.
    response = client.put(
        "/uploads/unknown.bin",
        environ_overrides={"wsgi.input": io.BytesIO(b"data"), "HTTP_TRANSFER_ENCODING": "chunked"},
    )
    assert response.status_code == 201
    assert response.json["size"] == 0


def test_a_body_without_a_length_is_read_to_its_end_when_the_server_ends_it(client, tmp_path):
    body = body_of(200_000)
    response = client.put(
        "/uploads/chunked.bin",
        environ_overrides={
            "wsgi.input": io.BytesIO(body),
            "HTTP_TRANSFER_ENCODING": "chunked",
            "wsgi.input_terminated": True,
        },
    )
    assert response.status_code == 201
    assert response.json["size"] == len(body)
    assert (tmp_path / "chunked.bin").read_bytes() == body


# -- Under gunicorn ------------------------------------------------------------------


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def upload(server, name: str, body: bytes, chunked: bool = False):
    sending = Upload(server.port, name, None if chunked else len(body))
    try:
        send_in_parts(sending, body)
        if chunked:
            sending.finish()
        return sending.response()
    finally:
        sending.close()


@pytest.mark.live
def test_live_upload_keeps_the_workers_memory_flat(upload_server, upload_dir):
    # A first upload loads what the worker needs; the peak after it is the baseline.
    upload(upload_server, "warm-up.bin", body_of(MiB))
    before = peak_rss_kib(upload_server.worker_pid())
    # Exactly MAX_CONTENT_LENGTH: the largest body the limit allows.
    body = body_of(LIVE_LIMIT, seed=7)
    response, data = upload(upload_server, "large.bin", body)
    after = peak_rss_kib(upload_server.worker_pid())
    assert response.status == 201, data
    assert hashlib.sha256((upload_dir / "large.bin").read_bytes()).hexdigest() == hashlib.sha256(body).hexdigest()
    # The whole body went through; the worker never held half of it (gunicorn reads
    # up to 1 MiB at once and copies it: 2-5 MiB of growth were measured under load).
    assert (after - before) * 1024 < LIVE_LIMIT // 2, (before, after)


@pytest.mark.live
def test_live_declared_length_over_the_limit_gets_413_before_the_body(upload_server, upload_dir):
    sending = Upload(upload_server.port, "too-large.bin", LIVE_LIMIT + 1)
    try:
        # Not one byte of the body is sent: the answer comes from the header alone.
        response, data = sending.response()
        assert response.status == 413
        assert b"<title>413 Request Entity Too Large</title>" in data
        assert response.getheader("Connection") == "keep-alive"
        # gunicorn keeps the connection open, waiting for the body it will discard.
        assert not sending.closed_by_server(0.2)
    finally:
        sending.close()
    upload_server.wait_for_log("upload too-large.bin stopped after 0 bytes: RequestEntityTooLarge")
    assert not list(upload_dir.glob("too-large.bin"))


@pytest.mark.live
def test_live_chunked_body_is_read_to_its_end(upload_server, upload_dir):
    body = body_of(3 * MiB + 17, seed=3)
    response, data = upload(upload_server, "chunked.bin", body, chunked=True)
    assert response.status == 201, data
    assert (upload_dir / "chunked.bin").read_bytes() == body
    assert b'"sha256":"%s"' % hashlib.sha256(body).hexdigest().encode() in data


@pytest.mark.live
def test_live_chunked_body_over_the_limit_gets_413_while_reading(upload_server, upload_dir):
    sending = Upload(upload_server.port, "endless.bin")
    try:
        # One part more than the limit, then the last chunk.
        send_in_parts(sending, body_of(LIVE_LIMIT + 64 * 1024))
        sending.finish()
        response, data = sending.response()
        assert response.status == 413
        assert b"<title>413 Request Entity Too Large</title>" in data
        # The rest of a chunked body cannot be skipped safely: gunicorn closes the connection.
        assert sending.closed_by_server(5)
    finally:
        sending.close()
    # The app read exactly up to the limit, then Werkzeug refused the next read.
    upload_server.wait_for_log(f"upload endless.bin stopped after {LIVE_LIMIT} bytes: RequestEntityTooLarge")
    assert not [name for name in files_in(upload_dir) if name.startswith(".part-") or name == "endless.bin"]


@pytest.mark.live
@pytest.mark.parametrize("chunked", [False, True], ids=["content_length", "chunked"])
def test_live_client_that_stops_mid_upload_leaves_no_file(upload_server, upload_dir, chunked):
    name = f"stopped-{'chunked' if chunked else 'length'}.bin"
    sending = Upload(upload_server.port, name, None if chunked else 4 * MiB)
    send_in_parts(sending, body_of(MiB))
    sending.close()
    log = upload_server.wait_for_log(f"upload {name} stopped after")
    line = next(line for line in log.splitlines() if f"upload {name} stopped after" in line)
    assert f"upload {name} stopped after {MiB} bytes: ClientDisconnected" in line
    # With a Content-Length, request.stream ended early without an error: only the
    # snippet's length check saw the short body. A chunked body lacks its last chunk,
    # and Werkzeug's own ClientDisconnected says so.
    own_check = f"The body ended after {MiB} of {4 * MiB} bytes."
    assert (own_check in line) is not chunked, line
    assert not [entry for entry in files_in(upload_dir) if entry.startswith(".part-") or entry == name]


@pytest.mark.live
@pytest.mark.matrix
def test_live_upload_of_256_mib_keeps_the_workers_memory_flat(live_server, tmp_path):
    server = live_server(
        "snippets.uploads.stream_to_disk",
        "--env",
        f"FLASK_UPLOAD_DIR={tmp_path}",
        "--env",
        f"FLASK_MAX_CONTENT_LENGTH={LARGE_BODY}",
    )
    upload(server, "warm-up.bin", body_of(MiB))
    before = peak_rss_kib(server.worker_pid())
    part = body_of(MiB, seed=11)
    sending = Upload(server.port, "huge.bin", LARGE_BODY)
    try:
        for _ in range(LARGE_BODY // MiB):
            sending.send(part)
        response, data = sending.response()
    finally:
        sending.close()
    after = peak_rss_kib(server.worker_pid())
    assert response.status == 201, data
    assert (tmp_path / "huge.bin").stat().st_size == LARGE_BODY
    expected = hashlib.sha256()
    for _ in range(LARGE_BODY // MiB):
        expected.update(part)
    assert f'"sha256":"{expected.hexdigest()}"'.encode() in data
    assert (after - before) * 1024 < FLAT_GROWTH, (before, after)


def curl(*args: str) -> tuple[int, bytes, list[str]]:
    """curl -v with ``args``: its exit status, the body it printed, and its verbose lines."""
    result = subprocess.run(["curl", "--silent", "--show-error", "--verbose", *args], capture_output=True, timeout=30)
    return result.returncode, result.stdout, result.stderr.decode(errors="replace").splitlines()


@pytest.mark.live
def test_live_curl_uploads_a_file_and_stops_sending_at_a_413(upload_server, upload_dir, tmp_path):
    small = tmp_path / "small.bin"
    small.write_bytes(body_of(256 * 1024, seed=1))
    status, body, lines = curl("--upload-file", str(small), f"{upload_server.url}/uploads/")
    # A URL that ends in "/" gets the file's name.
    assert status == 0, lines
    assert json.loads(body) == {"name": "small.bin", "size": 256 * 1024, "sha256": sha256_of(small)}

    large = tmp_path / "over-the-limit.bin"
    large.write_bytes(body_of(LIVE_LIMIT + 1))
    status, body, lines = curl("--upload-file", str(large), f"{upload_server.url}/uploads/")
    assert status == 0, lines  # an HTTP error is no failure for curl without --fail
    assert "> Expect: 100-continue" in lines
    assert b"<title>413 Request Entity Too Large</title>" in body
    # gunicorn answers "100 Continue" itself, before the app runs: curl starts sending,
    # and stops when the 413 arrives.
    assert lines.index("< HTTP/1.1 100 Continue") < lines.index("< HTTP/1.1 413 REQUEST ENTITY TOO LARGE")
    assert "* HTTP error before end of send, stop sending" in lines
    assert not (upload_dir / "over-the-limit.bin").exists()
