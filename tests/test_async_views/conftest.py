"""Fixtures for the async views tests: uvicorn serving an ASGI app on 127.0.0.1."""

import concurrent.futures
from collections.abc import Iterator

import pytest

from tests.live_server import LiveServer
from tests.servers import uvicorn


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run each test of this folder in a thread of its own, with no event loop.

    Flask runs an async view with asgiref's async_to_sync, which refuses to run in
    a thread whose event loop is running, as asyncio.run() does. Playwright's sync
    API leaves one running in an xdist worker's main thread once a browser test has
    run there.
    """
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as executor:
        executor.submit(pyfuncitem.obj, **arguments).result()
    return True


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
