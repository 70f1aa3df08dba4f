"""Fixtures for the async views tests: uvicorn serving an ASGI app on 127.0.0.1."""

from collections.abc import Iterator

import pytest

from tests.live_server import LiveServer
from tests.servers import uvicorn


@pytest.fixture(scope="module")
def uvicorn_server(tmp_path_factory) -> Iterator:
    """Return ``serve(module_name, app_attribute, *environment)``: that ASGI app under uvicorn.

    Each combination starts once per test module, as tests/conftest.py's live_server.
    """
    servers: dict[tuple[str, ...], LiveServer] = {}

    def serve(module_name: str, app_attribute: str, *environment: str) -> LiveServer:
        key = (module_name, app_attribute, *environment)
        if key not in servers:
            log_path = tmp_path_factory.mktemp("uvicorn") / "server.log"
            server = LiveServer(module_name, log_path, command=uvicorn(app_attribute, *environment))
            server.start()
            servers[key] = server
        return servers[key]

    yield serve
    for server in servers.values():
        server.stop()
