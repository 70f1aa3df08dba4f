"""The zip of a folder is streamed as it is built, unzips byte-identical, and cleans up on a hang-up."""

import io
import logging
import os
import random
import re
import socket
import time
import zipfile
from pathlib import Path

import pytest

from snippets.archives.zip_folder import app

MODULE = "snippets.archives.zip_folder"
TIMEOUT = 10


def make_tree(root: Path, files: int, seed: int = 11) -> dict[str, bytes]:
    """A folder of ``files`` files of mixed sizes and kinds; returns {name in the zip: content}."""
    rng = random.Random(seed)
    contents = {}
    for number in range(files):
        # Text that compresses, random bytes that do not, and empty files.
        kind = number % 3
        size = rng.randrange(0, 20_000)
        content = rng.randbytes(size) if kind == 0 else (b"order,%d\n" % number) * (size // 10) if kind == 1 else b""
        folder = "nested/deeper" if number % 7 == 0 else "nested" if number % 5 == 0 else ""
        name = (
            f"{folder}/file-{number:04}.bin".lstrip("/")
            if number % 11
            else f"{folder}/café ünïcode {number}.txt".lstrip("/")
        )
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        contents[name] = content
    return contents


def unzipped(data: bytes) -> dict[str, bytes]:
    """Every file of a zip archive, after zipfile checked each one's CRC."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}


@pytest.fixture(scope="module")
def archive_root(tmp_path_factory):
    """The folders the tests download: many small files, a few large ones, an empty one."""
    root = tmp_path_factory.mktemp("archives")
    many = make_tree(root / "many", 300)
    large = root / "large"
    large.mkdir()
    for number in range(8):
        (large / f"part-{number}.bin").write_bytes(random.Random(number).randbytes(2 * 1024 * 1024))
    (root / "empty").mkdir()
    (root / "a-file.zip").write_bytes(b"not a folder")
    return root, many


@pytest.fixture
def client(archive_root, monkeypatch):
    monkeypatch.setitem(app.config, "ARCHIVE_ROOT", str(archive_root[0]))
    return app.test_client()


@pytest.fixture(scope="module")
def server(live_server, archive_root):
    return live_server(MODULE, "--env", f"FLASK_ARCHIVE_ROOT={archive_root[0]}")


def test_archive_unzips_byte_identical(client, archive_root, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/archives/many.zip")
        assert response.status_code == 200
        files = unzipped(response.data)
    assert files == {f"many/{name}": content for name, content in archive_root[1].items()}
    assert "archive many: closed after" in caplog.text


def test_empty_folder_is_a_valid_empty_archive(client):
    response = client.get("/archives/empty.zip")
    assert response.status_code == 200
    assert unzipped(response.data) == {}


def test_demo_folder_is_served_by_default():
    response = app.test_client().get("/archives/reports.zip")
    assert set(unzipped(response.data)) == {"reports/orders.csv", "reports/README.txt"}


@pytest.mark.parametrize("name", ["missing", "..", "a-file", "%2e%2e", "..%5c..", "%00"])
def test_a_name_that_is_not_a_subfolder_gets_404(client, name):
    response = client.get(f"/archives/{name}.zip")
    assert response.status_code == 404


def test_response_is_an_attachment_named_after_the_folder(client):
    response = client.get("/archives/empty.zip")
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == "attachment; filename=empty.zip"


@pytest.mark.live
def test_live_archive_of_many_files_unzips_byte_identical(server, archive_root):
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/archives/many.zip")
    response = connection.getresponse()
    assert response.status == 200
    # Built while it is sent: no length is known in advance.
    assert response.getheader("Content-Length") is None
    assert response.getheader("Transfer-Encoding") == "chunked"
    body = response.read()
    connection.close()
    assert unzipped(body) == {f"many/{name}": content for name, content in archive_root[1].items()}


@pytest.mark.live
def test_live_unknown_folder_gets_404_before_any_archive(server):
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/archives/..%2F..%2Fetc.zip")
    response = connection.getresponse()
    assert response.status == 404
    assert b"PK" not in response.read()
    connection.close()


def open_files(pid: int, folder: Path) -> list[str]:
    """The files under ``folder`` that process ``pid`` has open."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except FileNotFoundError:  # closed while we looked
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


def wait_for_open_files(pid: int, folder: Path, wanted: bool) -> list[str]:
    """Poll until process ``pid`` has (``wanted``) or has not a file under ``folder`` open."""
    deadline = time.monotonic() + TIMEOUT
    while bool(found := open_files(pid, folder)) != wanted and time.monotonic() < deadline:
        time.sleep(0.02)
    return found


@pytest.mark.live
def test_live_hang_up_mid_zip_runs_finally_and_closes_the_file(server, archive_root):
    worker = server.worker_pid()
    folder = archive_root[0] / "large"
    with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as sock:
        sock.sendall(b"GET /archives/large.zip HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        received = b""
        while b"PK\x03\x04" not in received:
            chunk = sock.recv(65536)
            assert chunk, "the server closed before the first zip header"
            received += chunk
        # The first bytes of the zip are here, and the worker is still reading the files:
        # 16 MiB of random bytes do not fit in the sockets' buffers.
        assert wait_for_open_files(worker, folder, wanted=True)
        assert "archive large: closed" not in server.log()
    log = server.wait_for_log("archive large: closed after", timeout=TIMEOUT)
    streamed = int(re.search(r"archive large: closed after (\d+) files", log)[1])
    assert streamed < 8, log
    assert wait_for_open_files(worker, folder, wanted=False) == []


def test_a_symbolic_link_in_the_folder_is_followed(tmp_path, monkeypatch):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not meant to be shared\n")
    (tmp_path / "root" / "linked").mkdir(parents=True)
    (tmp_path / "root" / "linked" / "link.txt").symlink_to(outside)
    monkeypatch.setitem(app.config, "ARCHIVE_ROOT", str(tmp_path / "root"))
    response = app.test_client().get("/archives/linked.zip")
    assert unzipped(response.data) == {"linked/link.txt": b"not meant to be shared\n"}
