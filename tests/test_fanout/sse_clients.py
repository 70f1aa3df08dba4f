"""Clients for the fan-out tests: SSE streams read over real connections, and which worker serves each."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from urllib.parse import urlencode

from tests.live_server import LiveServer


class Stream:
    """One open GET /events on ``server``, read frame by frame."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.connection = server.connection(timeout=10)
        self.connection.request("GET", "/events")
        self.response = self.connection.getresponse()
        self.buffer = b""
        assert self.response.status == 200, self.response.read()
        # The view subscribes before it sends this first comment.
        assert self.frame() == ": subscribed"

    def frame(self, timeout: float = 10) -> str | None:
        """The next frame, without its blank line; None when the response has ended."""
        self.connection.sock.settimeout(timeout)
        while b"\n\n" not in self.buffer:
            chunk = self.response.read1(65536)
            if not chunk:
                return None
            self.buffer += chunk
        frame, self.buffer = self.buffer.split(b"\n\n", 1)
        return frame.decode()

    def messages(self, quiet: float, count: int | None = None) -> list[str]:
        """The messages received until ``count`` of them, or until ``quiet`` seconds pass without one.

        Heartbeats do not count as messages.
        """
        received: list[str] = []
        deadline = time.monotonic() + quiet
        while len(received) != count and time.monotonic() < deadline:
            try:
                frame = self.frame(timeout=max(deadline - time.monotonic(), 0.01))
            except TimeoutError:
                break
            if frame is None:
                break
            if frame.startswith("data: "):
                received.append(json.loads(frame.removeprefix("data: "))["message"])
                deadline = time.monotonic() + quiet
        return received

    def close(self) -> None:
        self.connection.close()


def publish(server: LiveServer, message: str) -> tuple[int, dict | str, int]:
    """POST /publish: the status, the body (JSON when it is), and the pid of the worker that answered."""
    connection = server.connection(timeout=10)
    try:
        connection.request(
            "POST", "/publish", urlencode({"message": message}), {"Content-Type": "application/x-www-form-urlencoded"}
        )
        response = connection.getresponse()
        body = response.read()
        worker = worker_of(connection.sock, server)
    finally:
        connection.close()
    is_json = response.headers.get_content_type() == "application/json"
    return response.status, json.loads(body) if is_json else body.decode(), worker


def worker_of(client_socket: socket.socket, server: LiveServer) -> int:
    """The pid of the gunicorn worker holding the other end of ``client_socket``.

    The kernel's TCP table gives the socket (inode) of the server's end of the
    connection, and each worker's open files say which of them holds it.
    """
    client_port = client_socket.getsockname()[1]
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port, remote_port = int(fields[1].split(":")[1], 16), int(fields[2].split(":")[1], 16)
        if (local_port, remote_port) == (server.port, client_port):
            inode = fields[9]
    assert inode is not None, f"no server end for the client port {client_port}"
    for pid in server.worker_pids(1):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if fd.readlink().name == f"socket:[{inode}]":
                    return pid
            except FileNotFoundError:  # closed meanwhile
                continue
    raise AssertionError(f"no worker of {server.url} holds socket {inode}")


def streams_on_every_worker(server: LiveServer, workers: int, attempts: int = 60) -> list[Stream]:
    """One open stream on each of ``workers`` workers (the kernel picks the worker of a connection).

    A stream that lands on a worker that has one already is closed again, so
    that the attempts do not fill the workers' threads.
    """
    streams: dict[int, Stream] = {}
    for _ in range(attempts):
        stream = Stream(server)
        worker = worker_of(stream.connection.sock, server)
        if worker in streams:
            stream.close()
        else:
            streams[worker] = stream
        if len(streams) == workers:
            return list(streams.values())
    raise AssertionError(f"{attempts} streams all went to fewer than {workers} workers")
