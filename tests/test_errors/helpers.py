"""Raw HTTP on a socket, for the error tests: what a client sees byte by byte."""

import socket

# Every socket read in these tests gives up after this many seconds.
TIMEOUT = 10


def raw_get(port, path, version="HTTP/1.0"):
    """Send a bare GET request and read the raw response until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(f"GET {path} {version}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body
