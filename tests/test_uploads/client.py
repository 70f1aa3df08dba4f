"""An upload client on a raw socket: it sends a body in parts, pauses, or stops, as a test needs.

http.client and requests send a body in one go; these tests need to stop in the
middle, send chunks of their own, or read the answer before the body is sent.
"""

from __future__ import annotations

import http.client
import socket
import time

TIMEOUT = 15


class Upload:
    """One PUT /uploads/<name> on its own connection: with a Content-Length, or chunked without one."""

    def __init__(self, port: int, name: str, content_length: int | None = None, timeout: float = TIMEOUT) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout)
        self.chunked = content_length is None
        framing = "Transfer-Encoding: chunked" if self.chunked else f"Content-Length: {content_length}"
        self.sock.sendall(f"PUT /uploads/{name} HTTP/1.1\r\nHost: 127.0.0.1\r\n{framing}\r\n\r\n".encode())
        self.sent = 0

    def send(self, data: bytes) -> None:
        """Send part of the body (as one chunk, if chunked)."""
        self.sock.sendall(b"%x\r\n%s\r\n" % (len(data), data) if self.chunked else data)
        self.sent += len(data)

    def finish(self) -> None:
        """End a chunked body with the last, empty chunk."""
        self.sock.sendall(b"0\r\n\r\n")

    def response(self) -> tuple[http.client.HTTPResponse, bytes]:
        """The server's answer and its whole body."""
        response = http.client.HTTPResponse(self.sock)
        response.begin()
        return response, response.read()

    def closed_by_server(self, wait: float) -> bool:
        """Whether the server closes the connection within ``wait`` seconds (after its answer was read)."""
        self.sock.settimeout(wait)
        try:
            return self.sock.recv(1) == b""
        except TimeoutError:
            return False
        except ConnectionResetError:
            return True

    def close(self) -> None:
        self.sock.close()


def body_of(size: int, seed: int = 0) -> bytes:
    """``size`` bytes that are not all alike (so that a misplaced part changes the checksum)."""
    block = bytes((seed + index) % 251 for index in range(65536))
    return (block * (size // len(block) + 1))[:size]


def send_in_parts(upload: Upload, body: bytes, part_size: int = 64 * 1024, pause: float = 0) -> None:
    for start in range(0, len(body), part_size):
        upload.send(body[start : start + part_size])
        if pause:
            time.sleep(pause)
