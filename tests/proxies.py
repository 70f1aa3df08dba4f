"""nginx as a reverse proxy in front of a live server: its configurations, in this one place.

Debian's nginx runs in the foreground (``daemon off``) with a configuration
written to a temporary directory: its pid file, logs and temporary files stay
there, and nothing in /etc is read. One nginx process serves every variant of
VARIANTS, each on its own port of 127.0.0.1, each proxying to the same upstream.
The "chapter" variant is the location block of snippets/errors/nginx.conf, the
page's own configuration, with only the upstream's port replaced.
"""

from __future__ import annotations

import contextlib
import getpass
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.live_server import ROOT, free_port, stop_process

CHAPTER_CONF = ROOT / "snippets" / "errors" / "nginx.conf"
# The uploads page's location block (docs/uploads.md), run verbatim but for the upstream's port.
UPLOADS_CONF = ROOT / "snippets" / "uploads" / "nginx.conf"
# The compression page's location block (docs/compression.md), with the same upstream.
GZIP_CONF = ROOT / "snippets" / "compression" / "nginx.conf"
# The upstream address the chapter's snippet proxies to (gunicorn's default port).
CHAPTER_UPSTREAM = "http://127.0.0.1:8000"
# The snippet's read timeout, which the "chapter_read_timeout" variant shortens.
CHAPTER_READ_TIMEOUT = "300s"
# Short, so that a silent stream is cut within the test's time (the default is 60 s).
SHORT_READ_TIMEOUT_S = 1

# Where the location blocks of VARIANTS proxy to, until nginx_conf() puts in the upstream's address.
UPSTREAM = "$upstream"
INSTALL_HINT = "install Debian's nginx (apt-get install nginx; .ci/run does)"


def location(*directives: str) -> str:
    """A ``location /`` block that proxies to UPSTREAM with extra ``directives``."""
    lines = [f"proxy_pass {UPSTREAM};", *(f"{directive};" for directive in directives)]
    return "location / {\n" + "".join(f"    {line}\n" for line in lines) + "}\n"


def replace_once(text: str, old: str, new: str, source: Path = CHAPTER_CONF) -> str:
    if text.count(old) != 1:
        raise ValueError(f"{source} should contain {old!r} exactly once")
    return text.replace(old, new)


def chapter_location(read_timeout: str | None = None) -> str:
    """The location block of snippets/errors/nginx.conf, proxying to UPSTREAM.

    ``read_timeout`` replaces the snippet's ``proxy_read_timeout`` value, and nothing else.
    """
    text = replace_once(CHAPTER_CONF.read_text(), CHAPTER_UPSTREAM, UPSTREAM)
    if read_timeout is not None:
        text = replace_once(text, f"proxy_read_timeout {CHAPTER_READ_TIMEOUT};", f"proxy_read_timeout {read_timeout};")
    return text


# Each variant: the location block of one nginx server in front of the app.
VARIANTS = {
    "default": location(),
    "buffering_off": location("proxy_buffering off"),
    "http_1_1": location("proxy_http_version 1.1"),
    "read_timeout": location(f"proxy_read_timeout {SHORT_READ_TIMEOUT_S}s"),
    "chapter": chapter_location(),
    # The chapter's block with the read timeout shortened, to see what it does to a pause.
    "chapter_read_timeout": chapter_location(read_timeout=f"{SHORT_READ_TIMEOUT_S}s"),
    # nginx compresses the stream itself: snippets/compression/nginx.conf, the page's own block.
    "gzip": replace_once(GZIP_CONF.read_text(), CHAPTER_UPSTREAM, UPSTREAM, GZIP_CONF),
}

# The uploads page's variants (tests/test_uploads), apart from VARIANTS so that
# `make matrix-proxies` and its results file stay as they are; "default" there
# has nginx's defaults (client_max_body_size 1m, proxy_request_buffering on).
UPLOAD_VARIANTS = {
    # Bodies up to 100 MiB, still collected by nginx before the app sees them.
    "upload_buffered": location("client_max_body_size 100m"),
    # Request buffering off, but HTTP/1.0 to the app (the default before nginx 1.29.7).
    "upload_unbuffered_http_1_0": location("client_max_body_size 100m", "proxy_request_buffering off"),
    # The uploads page's own block.
    "uploads": replace_once(UPLOADS_CONF.read_text(), CHAPTER_UPSTREAM, UPSTREAM, UPLOADS_CONF),
}

CONF_TEMPLATE = """\
# Written by tests/proxies.py; every path is relative to nginx's prefix (-p).
{user}worker_processes 1;
pid nginx.pid;
error_log error.log info;
events {{
    worker_connections 64;
}}
http {{
    access_log access.log;
    client_body_temp_path temp/client_body;
    proxy_temp_path temp/proxy;
    fastcgi_temp_path temp/fastcgi;
    uwsgi_temp_path temp/uwsgi;
    scgi_temp_path temp/scgi;
{servers}}}
"""

SERVER_TEMPLATE = """\
    server {{
        listen 127.0.0.1:{port};
{location}    }}
"""


def nginx_binary() -> str:
    """The nginx executable: on PATH, or where Debian puts it (/usr/sbin is not on every PATH)."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise FileNotFoundError(f"nginx was not found: {INSTALL_HINT}")
    return found


def nginx_version(binary: str | None = None) -> str:
    """The version that ``nginx -v`` prints (on standard error): "1.22.1", say."""
    output = subprocess.run([binary or nginx_binary(), "-v"], capture_output=True, text=True, check=True)
    match = re.search(r"nginx/(\S+)", output.stderr + output.stdout)
    if match is None:
        raise ValueError(f"no version in the output of nginx -v: {output.stderr!r}")
    return match[1]


def indent(text: str, spaces: int) -> str:
    return "".join(f"{' ' * spaces}{line}\n" if line else "\n" for line in text.splitlines())


def nginx_conf(upstream_port: int, ports: dict[str, int], running_as_root: bool) -> str:
    """The whole configuration: one server per variant of ``ports``, each proxying to the upstream."""
    upstream = f"http://127.0.0.1:{upstream_port}"
    servers = "".join(
        SERVER_TEMPLATE.format(
            port=port, location=indent({**VARIANTS, **UPLOAD_VARIANTS}[name].replace(UPSTREAM, upstream), 8)
        )
        for name, port in ports.items()
    )
    # As root, nginx's workers would run as "nobody", who cannot write to the temporary
    # directory; as anyone else, nginx ignores the directive with a warning.
    user = f"user {getpass.getuser()};\n" if running_as_root else ""
    return CONF_TEMPLATE.format(user=user, servers=servers)


@dataclass(frozen=True)
class Endpoint:
    """One variant's server: what tests/test_servers/measure.py needs of a server."""

    name: str
    port: int

    def connection(self, timeout: float = 30) -> http.client.HTTPConnection:
        """A new HTTP/1.1 connection to this variant."""
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)


class Nginx:
    """nginx in the foreground, in ``directory``, serving every variant in front of ``upstream_port``."""

    def __init__(self, directory: Path, upstream_port: int, variants: tuple[str, ...] = tuple(VARIANTS)) -> None:
        self.binary = nginx_binary()
        self.directory = directory
        self.endpoints = {name: Endpoint(name, free_port()) for name in variants}
        self.conf_path = directory / "nginx.conf"
        self.conf_path.write_text(
            nginx_conf(upstream_port, {name: e.port for name, e in self.endpoints.items()}, os.geteuid() == 0)
        )
        (directory / "temp").mkdir(exist_ok=True)
        self._process: subprocess.Popen[bytes] | None = None

    def argv(self) -> list[str]:
        # -e: the error log before the configuration is read (by default a path under /var/log).
        prefix = f"{self.directory}/"
        return [self.binary, "-p", prefix, "-c", str(self.conf_path), "-e", "error.log", "-g", "daemon off;"]

    def start(self) -> None:
        with (self.directory / "stderr.log").open("wb") as stderr:
            self._process = subprocess.Popen(self.argv(), cwd=self.directory, stdout=stderr, stderr=stderr)
        deadline = time.monotonic() + 10
        waiting = list(self.endpoints.values())
        while waiting and time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"nginx exited early:\n{self.log()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", waiting[0].port), 0.2):
                waiting.pop(0)
                continue
            time.sleep(0.05)
        if waiting:
            self.stop()
            raise RuntimeError(f"nginx did not listen on port {waiting[0].port}:\n{self.log()}")

    def stop(self) -> None:
        if self._process is not None:
            # SIGTERM is nginx's fast shutdown; workers exit with the master.
            stop_process(self._process)

    def log(self) -> str:
        """nginx's own output and its error log (where it reports what it did to a cut stream)."""
        parts = []
        for name in ("stderr.log", "error.log"):
            path = self.directory / name
            if path.exists():
                parts.append(path.read_text(errors="replace"))
        return "\n".join(parts)

    def __enter__(self) -> Nginx:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
