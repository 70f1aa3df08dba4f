"""Services the snippets talk to (Redis), started for the tests on 127.0.0.1 and stopped after.

Each runs in the foreground from a temporary directory, on a free loopback port,
with nothing kept on disk. A missing binary fails with what to install: a test
that needs a service must not pass by being skipped. `make bench` starts the
same services the same way.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from pathlib import Path

from tests.live_server import free_port, stop_process

REDIS_SERVER = "redis-server"


class RedisServer:
    """Debian's redis-server on 127.0.0.1: no persistence, its log in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which(REDIS_SERVER) or shutil.which(REDIS_SERVER, path="/usr/bin:/usr/sbin")
        if binary is None:
            raise RuntimeError("The fan-out tests need Redis: apt-get install redis-server")
        argv = [
            binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            # No snapshots and no append-only file: nothing outlives the test.
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.directory),
            "--daemonize",
            "no",
        ]
        with (self.directory / "redis.log").open("wb") as log:
            self._process = subprocess.Popen(argv, cwd=self.directory, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"redis-server exited early:\n{self.log()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                return
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"redis-server did not listen on port {self.port}:\n{self.log()}")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it hangs); its clients lose their connections."""
        if self._process is not None and self._process.poll() is None:
            stop_process(self._process)

    def log(self) -> str:
        return (self.directory / "redis.log").read_text(errors="replace")

    def command(self, *args: str) -> list:
        """One Redis command, sent with redis-py: its reply."""
        import redis

        with redis.Redis(port=self.port, socket_timeout=5) as client:
            return client.execute_command(*args)

    def subscribers(self, channel: str) -> int:
        """How many connections are subscribed to ``channel`` (PUBSUB NUMSUB)."""
        return self.command("PUBSUB", "NUMSUB", channel)[1]


@contextlib.contextmanager
def redis_server(directory: Path):
    """A running RedisServer, stopped on exit."""
    server = RedisServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()
