"""Fixtures for the fan-out tests: a Redis server, and the apps under gunicorn with quick heartbeats."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live_server import LiveServer
from tests.services import redis_server

# Heartbeats 0.2 s apart instead of 15 s, so a hang-up is noticed quickly.
QUICK = ("--env", "FLASK_HEARTBEAT_INTERVAL=0.2")


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    """Debian's redis-server on a free loopback port, for the tests of one module."""
    with redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture
def fresh_redis(tmp_path_factory):
    """A Redis server of the test's own, for a test that stops it."""
    with redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """Return ``serve(module_name, *gunicorn_args)``, as tests/conftest.py's ``live_server`` does.

    The servers are stopped side by side at the end: each waits for its workers
    to finish their open streams, and one after the other they would add seconds.
    """
    servers: dict[tuple[str, ...], LiveServer] = {}

    def serve(module_name: str, *gunicorn_args: str) -> LiveServer:
        key = (module_name, *gunicorn_args)
        if key not in servers:
            servers[key] = LiveServer(module_name, tmp_path_factory.mktemp("gunicorn") / "server.log", gunicorn_args)
            servers[key].start()
        return servers[key]

    yield serve
    with ThreadPoolExecutor() as pool:
        list(pool.map(LiveServer.stop, servers.values()))
