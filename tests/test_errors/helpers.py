"""HTTP as a client sees it, for the error tests: cut streams, raw sockets."""

import http.client
import socket

import pytest

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


def hang_up_after(port, path, marker, timeout=TIMEOUT):
    """GET path over HTTP/1.1, read until ``marker`` arrives, then close the socket.

    Returns what arrived: the head and the start of the body.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        data = b""
        while marker not in data:
            chunk = sock.recv(4096)
            assert chunk, f"the server closed the connection before {marker!r}"
            data += chunk
    return data


def read_cut_stream(connection, path):
    """GET path over HTTP/1.1: a 200, chunked, whose body ends without its last chunk.

    Returns what arrived before the cut.
    """
    connection.request("GET", path)
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    with pytest.raises(http.client.IncompleteRead) as excinfo:
        response.read()
    response.close()
    connection.close()
    return excinfo.value.partial
