"""Services the snippets talk to (Redis, PostgreSQL), started for the tests on 127.0.0.1 and stopped after.

Each runs in the foreground from a temporary directory, on a free loopback port,
with nothing kept on disk. A missing binary fails with what to install: a test
that needs a service must not pass by being skipped. `make bench` starts the
same services the same way.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
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


# Debian's postgresql package keeps its programs here, one folder per major version.
POSTGRES_BINARIES = "/usr/lib/postgresql/*/bin"


def postgres_bin() -> Path:
    """The bin folder of the newest PostgreSQL installed, or a clear error."""
    found = sorted(Path("/").glob(POSTGRES_BINARIES.lstrip("/")), key=lambda path: int(path.parent.name))
    if not found or not (found[-1] / "initdb").exists():
        raise RuntimeError("The database tests need PostgreSQL: apt-get install postgresql")
    return found[-1]


def as_postgres_user(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run ``argv`` as the ``postgres`` user instead."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


def hand_to_postgres_user(path: Path) -> None:
    """As root, make ``path`` and everything in it the ``postgres`` user's (the server's files must be)."""
    if os.geteuid() != 0:
        return
    user = pwd.getpwnam("postgres")
    for folder, _, files in os.walk(path):
        for name in (folder, *(os.path.join(folder, file) for file in files)):
            os.chown(name, user.pw_uid, user.pw_gid)


def initdb(data: Path) -> None:
    """A new cluster in ``data``: trust authentication (loopback only), UTF-8, no fsync."""
    argv = [
        str(postgres_bin() / "initdb"),
        "--pgdata",
        str(data),
        "--username",
        "postgres",
        "--auth",
        "trust",
        "--encoding",
        "UTF8",
        "--locale",
        "C.UTF-8",
        "--no-sync",
        "--no-instructions",
    ]
    result = subprocess.run(as_postgres_user(argv), capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"initdb failed:\n{result.stdout}{result.stderr}")


def postgres_template(shared: Path) -> Path:
    """A new cluster in ``shared``/postgres-template, made once: every later caller, in any process, reuses it.

    The xdist workers of one test run share ``shared``; a file lock makes the
    first one run initdb while the others wait, so a run pays for one initdb.
    """
    from filelock import FileLock

    template = shared / "postgres-template"
    with FileLock(shared / "postgres-template.lock"):
        if not (template / "PG_VERSION").exists():
            # initdb runs as the postgres user, which cannot reach pytest's folders (root's, 0700).
            scratch = Path(tempfile.mkdtemp(prefix="initdb-"))
            try:
                hand_to_postgres_user(scratch)
                initdb(scratch / "data")
                shutil.move(scratch / "data", template)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
    return template


class PostgresServer:
    """Debian's PostgreSQL on 127.0.0.1, from a copy of the cluster in ``template``.

    initdb takes seconds (more on a busy machine): the tests make one cluster per
    session and start each server on a copy of it. ``directory`` must be one that
    the ``postgres`` user can reach (not under pytest's root-only temporary folder).
    """

    def __init__(self, directory: Path, template: Path) -> None:
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._process: subprocess.Popen[bytes] | None = None
        shutil.copytree(template, self.data)
        hand_to_postgres_user(directory)

    def start(self) -> None:
        import psycopg

        argv = [
            str(postgres_bin() / "postgres"),
            "-D",
            str(self.data),
            "-p",
            str(self.port),
            "-c",
            "listen_addresses=127.0.0.1",
            # Its Unix socket in its own folder, not in /var/run/postgresql.
            "-k",
            str(self.directory),
            # No fsync: nothing here must survive a crash of the machine.
            "-F",
        ]
        with (self.directory / "postgres.log").open("wb") as log:
            self._process = subprocess.Popen(
                as_postgres_user(argv), cwd=self.directory, stdout=log, stderr=subprocess.STDOUT
            )
        # A TCP connection is accepted before the server is ready: wait for a real session.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"postgres exited early:\n{self.log()}")
            try:
                with psycopg.connect(self.url, connect_timeout=2):
                    return
            except psycopg.OperationalError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"postgres did not accept connections on port {self.port}:\n{self.log()}")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it hangs); its clients lose their connections."""
        if self._process is not None and self._process.poll() is None:
            stop_process(self._process)

    def log(self) -> str:
        return (self.directory / "postgres.log").read_text(errors="replace")

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run ``sql`` in a connection of its own (committed) and return its rows."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description else []


@contextlib.contextmanager
def postgres_server(template: Path):
    """A running PostgresServer on a copy of the cluster in ``template``, stopped and removed on exit."""
    directory = Path(tempfile.mkdtemp(prefix="postgres-"))
    try:
        server = PostgresServer(directory, template)
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
