"""Fixtures shared by every test: the Flask test client and a real server."""

from __future__ import annotations

import contextlib
import http.client
import importlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = Path(__file__).with_name("gunicorn_conf.py")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# Every wait in a browser test ends after this many milliseconds.
TIMEOUT_MS = 10_000

pytest_plugins = ["sphinx.testing.fixtures"]


def load_app(module_name: str):
    """Import a snippet module and return its ``app``."""
    return importlib.import_module(module_name).app


def free_port() -> int:
    """Ask the kernel for a free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """gunicorn (gthread worker) serving one snippet on 127.0.0.1."""

    def __init__(self, module_name: str, log_path: Path) -> None:
        self.module_name = module_name
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_path.open("wb") as log:  # the child keeps its own copy
            self._process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF),
                 "--bind", f"127.0.0.1:{self.port}", f"{self.module_name}:app"],
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                return
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn did not listen on {self.url}:\n{self.log()}")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
                self._process.kill()
                self._process.wait()

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


@pytest.fixture
def count_rows(monkeypatch):
    """Replace a snippet's row source (``iter_orders``) with one that counts what it made.

    Returns the live count: ``{"rows": rows produced so far, "closed": whether the
    source was closed}``, so a test can see how much existed when a chunk arrived.
    """

    def count(module, name="iter_orders"):
        state = {"rows": 0, "closed": False}
        original = getattr(module, name)

        def counting(*args):
            try:
                for row in original(*args):
                    state["rows"] += 1
                    yield row
            finally:
                state["closed"] = True

        monkeypatch.setattr(module, name, counting)
        return state

    return count


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator:
    """Return a function that starts (once per test module) a server for a snippet module."""
    servers: dict[str, LiveServer] = {}

    def serve(module_name: str) -> LiveServer:
        if module_name not in servers:
            log_path = tmp_path_factory.mktemp("gunicorn") / "server.log"
            servers[module_name] = LiveServer(module_name, log_path)
            servers[module_name].start()
        return servers[module_name]

    yield serve
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright, started once for the session.

    One for all: Playwright's sync API cannot run two sessions in one thread.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"The browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """`make site` (all five languages) into a temporary build directory; the site folder."""
    builddir = tmp_path_factory.mktemp("site-build")
    result = subprocess.run(["make", "--no-print-directory", "site", f"BUILDDIR={builddir}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
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
