"""send_file answers conditional and range requests on gunicorn; a generator's body cannot."""

import random

import pytest

from snippets.archives.send_file import app

MODULE = "snippets.archives.send_file"
TIMEOUT = 10
SIZE = 300_000


@pytest.fixture(scope="module")
def files_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("files")
    (root / "export.bin").write_bytes(random.Random(3).randbytes(SIZE))
    (root / "folder").mkdir()
    return root


@pytest.fixture(scope="module")
def server(live_server, files_root):
    return live_server(MODULE, "--env", f"FLASK_FILES_ROOT={files_root}")


def get(server, path, headers=None):
    """(status, headers, body) of one GET on a new connection."""
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


@pytest.fixture(scope="module")
def content(files_root):
    return (files_root / "export.bin").read_bytes()


@pytest.mark.live
def test_live_send_file_sends_length_date_etag_and_accepts_ranges(server, content):
    status, headers, body = get(server, "/files/export.bin")
    assert status == 200
    assert body == content
    assert headers["Content-Length"] == str(SIZE)
    assert headers["Transfer-Encoding"] is None
    assert headers["Last-Modified"]
    assert headers["ETag"]
    assert headers["Accept-Ranges"] == "bytes"
    assert headers["Content-Disposition"] == "attachment; filename=export.bin"


@pytest.mark.live
def test_live_if_none_match_gets_304_without_a_body(server):
    etag = get(server, "/files/export.bin")[1]["ETag"]
    status, _, body = get(server, "/files/export.bin", {"If-None-Match": etag})
    assert status == 304
    assert body == b""


@pytest.mark.live
def test_live_if_modified_since_gets_304(server):
    last_modified = get(server, "/files/export.bin")[1]["Last-Modified"]
    status, _, body = get(server, "/files/export.bin", {"If-Modified-Since": last_modified})
    assert status == 304
    assert body == b""


@pytest.mark.live
def test_live_range_gets_206_with_content_range(server, content):
    status, headers, body = get(server, "/files/export.bin", {"Range": "bytes=1000-1999"})
    assert status == 206
    assert headers["Content-Range"] == f"bytes 1000-1999/{SIZE}"
    assert headers["Content-Length"] == "1000"
    assert body == content[1000:2000]


@pytest.mark.live
def test_live_resume_with_if_range_gets_the_rest_only_while_the_file_is_unchanged(server, content):
    etag = get(server, "/files/export.bin")[1]["ETag"]
    status, headers, body = get(server, "/files/export.bin", {"Range": "bytes=250000-", "If-Range": etag})
    assert status == 206
    assert headers["Content-Range"] == f"bytes 250000-{SIZE - 1}/{SIZE}"
    assert body == content[250000:]
    # A client that saw another version gets the whole file again.
    status, _, body = get(server, "/files/export.bin", {"Range": "bytes=250000-", "If-Range": '"another-version"'})
    assert status == 200
    assert body == content


@pytest.mark.live
def test_live_werkzeug_refuses_more_than_one_range_with_416(server):
    status, headers, _ = get(server, "/files/export.bin", {"Range": "bytes=0-9,100-109"})
    assert status == 416
    assert headers["Content-Range"] == f"bytes */{SIZE}"


@pytest.mark.live
def test_live_range_past_the_end_gets_416(server):
    status, headers, _ = get(server, "/files/export.bin", {"Range": f"bytes={SIZE}-"})
    assert status == 416
    assert headers["Content-Range"] == f"bytes */{SIZE}"


@pytest.mark.live
def test_live_generator_has_no_length_and_ignores_range_and_conditions(server, content):
    etag = get(server, "/files/export.bin")[1]["ETag"]
    status, headers, body = get(
        server, "/streamed/export.bin", {"Range": "bytes=250000-", "If-Range": etag, "If-None-Match": etag}
    )
    # The whole body again: a download cut at 250 000 bytes cannot resume.
    assert status == 200
    assert body == content
    assert headers["Content-Length"] is None
    assert headers["Transfer-Encoding"] == "chunked"
    assert headers["Accept-Ranges"] is None
    assert headers["ETag"] is None
    assert headers["Last-Modified"] is None


@pytest.mark.live
@pytest.mark.parametrize("path", ["/files/..%2F..%2Fetc%2Fpasswd", "/files/missing", "/files/folder"])
def test_live_send_file_outside_or_missing_gets_404(server, path):
    assert get(server, path)[0] == 404


@pytest.mark.live
@pytest.mark.parametrize(
    "path", ["/streamed/..%2F..%2Fetc%2Fpasswd", "/streamed/missing", "/streamed/folder", "/streamed/.hidden"]
)
def test_live_generator_outside_or_missing_gets_404(server, path):
    assert get(server, path)[0] == 404


def test_demo_file_is_served_by_default():
    client = app.test_client()
    with client.get("/files/orders.csv") as sent, client.get("/streamed/orders.csv") as streamed:
        assert sent.data == streamed.data
        assert sent.data.startswith(b"month,orders\n")


@pytest.mark.parametrize("name", ["missing", ".hidden", "..", "%2e%2e"])
def test_generator_refuses_a_name_that_is_not_a_file_of_the_folder(name):
    assert app.test_client().get(f"/streamed/{name}").status_code == 404
