"""Fixtures for the error tests: Werkzeug's development server in a thread."""

import threading

import pytest
from werkzeug.serving import make_server

from tests.test_errors.helpers import TIMEOUT


@pytest.fixture
def dev_server():
    """Return a function that serves a WSGI app with Werkzeug's development server."""
    servers = []

    def serve(app):
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return server.server_port

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)
