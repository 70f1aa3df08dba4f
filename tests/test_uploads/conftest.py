"""One gunicorn serving the upload snippet, and one nginx in front of it, for the tests of this folder."""

from __future__ import annotations

import pytest

from tests.live_server import LiveServer
from tests.proxies import Nginx

# The live server's MAX_CONTENT_LENGTH: small, so that a test goes past it quickly.
LIVE_LIMIT = 16 * 1024 * 1024
NGINX_VARIANTS = ("default", "upload_buffered", "upload_unbuffered_http_1_0", "uploads")


@pytest.fixture(scope="package")
def upload_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="package")
def upload_server(tmp_path_factory, upload_dir):
    """The snippet under gunicorn (tests/gunicorn_conf.py), its upload directory and limit set with --env."""
    server = LiveServer(
        "snippets.uploads.stream_to_disk",
        tmp_path_factory.mktemp("gunicorn") / "server.log",
        ("--env", f"FLASK_UPLOAD_DIR={upload_dir}", "--env", f"FLASK_MAX_CONTENT_LENGTH={LIVE_LIMIT}"),
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def upload_nginx(tmp_path_factory, upload_server):
    """Debian's nginx in front of the upload server, in the variants of NGINX_VARIANTS (tests/proxies.py)."""
    try:
        proxy = Nginx(tmp_path_factory.mktemp("nginx"), upload_server.port, NGINX_VARIANTS)
    except FileNotFoundError as error:
        pytest.fail(str(error))
    with proxy:
        yield proxy
