"""A real server serving one app on 127.0.0.1, for the live tests, `make bench` and the server matrix.

gunicorn by default; tests/servers.py gives the command lines of the other servers.
It lives apart from the fixtures so that bench/run.py starts its server the same
way, and shows the server's log when the server fails to start.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The chapter's recommended worker (gthread), with a log that the tests read.
GUNICORN_CONF = Path(__file__).with_name("gunicorn_conf.py")


def free_port() -> int:
    """Ask the kernel for a free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# A server's command line for an app module and a port on 127.0.0.1.
Command = Callable[[str, int], list[str]]


def gunicorn_command(module_name: str, port: int, gunicorn_args: tuple[str, ...] = ()) -> list[str]:
    """gunicorn with the test configuration; ``gunicorn_args`` come after it, so they override it."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(GUNICORN_CONF),
        "--bind",
        f"127.0.0.1:{port}",
        *gunicorn_args,
        f"{module_name}:app",
    ]


def timed_reads(
    connection: http.client.HTTPConnection, path: str, headers: dict[str, str] | None = None
) -> tuple[http.client.HTTPResponse, float, list[tuple[float, bytes]]]:
    """GET ``path`` and read the body as it comes, then close the connection.

    Returns the response, the seconds until its headers came, and each read's
    (seconds since the request, bytes): read1() returns the data of one chunk as
    soon as it has arrived, so the reads show when the server's chunks reached us.
    """
    started = time.monotonic()
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    headers_at = time.monotonic() - started
    reads = []
    while data := response.read1(65536):
        reads.append((time.monotonic() - started, data))
    connection.close()
    return response, headers_at, reads


def stop_process(process: subprocess.Popen) -> None:
    """Stop a server started by the tests: SIGTERM, then SIGKILL if it hangs for 10 s."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:  # a hung server
        process.kill()
        process.wait()


class LiveServer:
    """A server (gunicorn unless ``command`` says otherwise) serving ``module_name:app`` on 127.0.0.1.

    ``gunicorn_args`` come after the configuration file, so they override it:
    ``("--worker-class", "sync", "--threads", "1")`` runs the sync worker instead.
    ``command`` replaces gunicorn by another server (tests/servers.py).
    """

    def __init__(
        self,
        module_name: str,
        log_path: Path,
        gunicorn_args: tuple[str, ...] = (),
        command: Command | None = None,
    ) -> None:
        self.module_name = module_name
        self.log_path = log_path
        self.gunicorn_args = gunicorn_args
        self.command = command
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        if self.command is None:
            argv = gunicorn_command(self.module_name, self.port, self.gunicorn_args)
        else:
            argv = self.command(self.module_name, self.port)
        with self.log_path.open("wb") as log:  # the child keeps its own copy
            self._process = subprocess.Popen(
                argv,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"{argv[:3]} exited early:\n{self.log()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{argv[:3]} did not listen on {self.url}:\n{self.log()}")

    def stop(self) -> None:
        if self._process is not None:
            stop_process(self._process)

    def worker_pid(self) -> int:
        """The process id of gunicorn's (single) worker."""
        master = self._process.pid
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            if children:
                return int(children[0])
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn has no worker:\n{self.log()}")

    def worker_pids(self, count: int) -> list[int]:
        """The process ids of gunicorn's workers, once ``count`` of them have started."""
        master = self._process.pid
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            if len(children) >= count:
                return [int(child) for child in children]
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn has fewer than {count} workers:\n{self.log()}")

    def worker_resources(self) -> tuple[int, int]:
        """(threads, open file descriptors) of the worker process."""
        pid = self.worker_pid()
        status = Path(f"/proc/{pid}/status").read_text()
        threads = int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:")))
        return threads, len(list(Path(f"/proc/{pid}/fd").iterdir()))

    def log(self) -> str:
        """Everything the server and the app logged so far."""
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, text: str, timeout: float = 10) -> str:
        """Wait until ``text`` appears in the log; fail with the log if it does not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log()
            if text in log:
                return log
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not logged within {timeout} s:\n{self.log()}")

    def connection(self, timeout: float = 30) -> http.client.HTTPConnection:
        """A new HTTP/1.1 connection to the server."""
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
