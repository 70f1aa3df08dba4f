"""Fixtures for the site tests: the whole site, built once and served on 127.0.0.1."""

import threading
from urllib.parse import urlsplit

import pytest

from tests.make_once import make_once


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """`make site` (every language), once per session; the site folder."""
    result, builddir = make_once(tmp_path_factory, "site-build", "site", timeout=600)
    # -W: a Sphinx warning fails the build.
    assert result.returncode == 0, result.stdout + result.stderr
    return builddir / "site"


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on 127.0.0.1 under its base path, as a static host would."""
    from tools import site

    base_path = urlsplit(site.load_conf().site_url).path
    server = site.make_server(built_site, 0, base_path)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    server.shutdown()
    server.server_close()
