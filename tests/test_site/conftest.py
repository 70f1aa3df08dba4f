"""Fixtures for the site tests: the whole site (tests/conftest.py builds it) served on 127.0.0.1."""

import threading
from urllib.parse import urlsplit

import pytest


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
