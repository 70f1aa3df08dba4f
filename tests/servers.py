"""The application servers of the server matrix: each one's command line, in this one place.

Each server serves an app module on 127.0.0.1 through tests/live_server.py's
LiveServer. gunicorn's gthread worker is the chapter's recommended deployment
(tests/gunicorn_conf.py); `make test` runs the live measurements on it alone, and
`make matrix-servers` on every server here.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from tests.live_server import ROOT, Command, LiveServer, gunicorn_command

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Server:
    """An application server: the package that provides it, how it runs the app, and its command."""

    name: str
    packages: tuple[str, ...]
    worker: str
    command: Command

    def versions(self) -> dict[str, str]:
        """The installed version of each package the server runs on."""
        return {package: version(package) for package in self.packages}

    def live(self, module_name: str, log_path: Path) -> LiveServer:
        return LiveServer(module_name, log_path, command=self.command)


def gunicorn_worker(*gunicorn_args: str) -> Command:
    return lambda module_name, port: gunicorn_command(module_name, port, gunicorn_args)


def werkzeug_command(module_name: str, port: int) -> list[str]:
    # `flask run` without --debug: no reloader, no debugger, one thread per request.
    return [sys.executable, "-m", "flask", "--app", module_name, "run", "--host", "127.0.0.1", "--port", str(port)]


def waitress_command(module_name: str, port: int) -> list[str]:
    return [sys.executable, "-m", "waitress", "--host=127.0.0.1", f"--port={port}", f"{module_name}:app"]


def uwsgi(*http_args: str) -> Command:
    """uWSGI speaking HTTP as ``http_args`` say; ``{address}`` in them becomes 127.0.0.1:<port>."""

    def command(module_name: str, port: int) -> list[str]:
        return [
            str(BIN / "uwsgi"),
            *(arg.format(address=f"127.0.0.1:{port}") for arg in http_args),
            "--module",
            f"{module_name}:app",
            # The uwsgi binary embeds Python; it finds the venv's packages and the repository by these.
            "--home",
            sys.prefix,
            "--pythonpath",
            str(ROOT),
            "--need-app",
            "--master",
            "--processes",
            "1",
            "--threads",
            "4",
            # uWSGI reloads on SIGTERM unless told to stop.
            "--die-on-term",
        ]

    return command


def uvicorn(app_attribute: str, *environment: str) -> Command:
    """uvicorn serving ``module:app_attribute``, an ASGI app, with ``environment`` (``NAME=value``) set.

    Not in the server matrix: the matrix serves WSGI apps, and uvicorn serves an
    ASGI app, here a Flask app behind an adapter (docs/async.md).
    """

    def command(module_name: str, port: int) -> list[str]:
        return [
            "env",
            *environment,
            sys.executable,
            "-m",
            "uvicorn",
            # h11, uvicorn's pure-Python HTTP parser: httptools is not installed, and uvicorn
            # would pick it if it were.
            "--http",
            "h11",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            f"{module_name}:{app_attribute}",
        ]

    return command


DEPLOYED_DEFAULT = "gunicorn-gthread"

SERVERS = {
    server.name: server
    for server in (
        Server("gunicorn-gthread", ("gunicorn",), "gthread, 8 threads", gunicorn_worker()),
        Server("gunicorn-sync", ("gunicorn",), "sync", gunicorn_worker("--worker-class", "sync", "--threads", "1")),
        Server("gunicorn-gevent", ("gunicorn", "gevent"), "gevent", gunicorn_worker("--worker-class", "gevent")),
        Server("waitress", ("waitress",), "4 threads", waitress_command),
        Server("werkzeug", ("Werkzeug",), "development server, a thread per request", werkzeug_command),
        # uWSGI's HTTP parser in the worker, with its defaults.
        Server("uwsgi", ("uWSGI",), "--http-socket, 1 process, 4 threads", uwsgi("--http-socket", "{address}")),
        # uWSGI's HTTP router in front of the worker, set to answer HTTP/1.1 with chunked encoding.
        Server(
            "uwsgi-http-router",
            ("uWSGI",),
            "--http router with --http-auto-chunked --http-keepalive, 1 process, 4 threads",
            uwsgi("--http", "{address}", "--http-auto-chunked", "--http-keepalive"),
        ),
    )
}
