"""TemplateStream buffering sends the same page in fewer, larger chunks."""

import gc
import math
import socket
import time
import types

import pytest
from flask import Response, has_request_context, stream_template
from jinja2.environment import TemplateStream

import snippets.templates.buffered as buffered
from snippets.templates.buffered import BUFFER_SIZE, app
from snippets.templates.report import app as unbuffered_app
from tests.strict_inputs import NOT_ASCII_WHOLE_NUMBERS


@pytest.fixture
def client():
    """A test client for the buffered report."""
    return app.test_client()


def chunks_of(test_client, path):
    """Every chunk of a streamed response, as the test client received it."""
    with test_client.get(path) as response:
        assert response.is_streamed
        return list(response.response)


def test_buffering_gives_fewer_larger_chunks_and_the_same_page(client):
    plain = chunks_of(unbuffered_app.test_client(), "/orders?rows=2000")
    joined = chunks_of(client, "/orders?rows=2000")
    assert b"".join(joined) == b"".join(plain)
    # Each buffered chunk joins BUFFER_SIZE of the pieces that were chunks before.
    pieces = [chunk for chunk in plain if chunk]
    assert len(pieces) == len(plain) == 14_006  # About seven pieces per row.
    assert len(joined) == math.ceil(len(pieces) / BUFFER_SIZE) == 29
    assert min(len(chunk) for chunk in joined[:-1]) > 5_000
    assert 8_000 <= sum(map(len, joined[:-1])) / len(joined[:-1]) <= 10_000  # about 9 KB
    assert 17 <= sum(map(len, plain)) / len(plain) < 20  # about 18 bytes


def test_stream_template_returns_a_plain_generator_not_a_template_stream():
    with app.test_request_context("/orders"):
        chunks = stream_template("report.html", title="Orders", orders=buffered.iter_orders(1))
        assert isinstance(chunks, types.GeneratorType)
        assert not isinstance(chunks, TemplateStream)
        assert not hasattr(chunks, "enable_buffering")
        chunks.close()


def test_a_buffered_chunk_waits_for_its_full_number_of_pieces(client, count_rows):
    state = count_rows(buffered)
    # The test client has taken the first chunk: unbuffered, that is the page head,
    # sent before any row exists (test_report.py); buffered, it waited for rows
    # enough to make BUFFER_SIZE pieces, about seven per row.
    with client.get("/orders?rows=10000") as response:
        first = next(iter(response.response))
        assert state["rows"] >= BUFFER_SIZE // 10
        assert first.count(b"<tr>") >= BUFFER_SIZE // 10


def test_a_buffered_chunk_joins_that_many_non_empty_pieces():
    stream = TemplateStream(iter(["a", "", "b", "", "c", "d", "e"]))
    stream.enable_buffering(2)
    # Empty pieces are joined in but not counted; the last chunk takes what is left.
    assert list(stream) == ["ab", "cd", "e"]


def test_template_stream_has_no_close_method():
    # This is why the helper closes Flask's stream with call_on_close().
    assert not hasattr(TemplateStream, "close")


def test_without_call_on_close_the_row_source_stays_open():
    state = {"closed": False}

    def orders():
        try:
            yield from buffered.iter_orders(1000)
        finally:
            state["closed"] = True

    with app.test_request_context():
        chunks = stream_template("report.html", title="Orders", orders=orders())
        stream = TemplateStream(chunks)
        stream.enable_buffering(BUFFER_SIZE)
        response = Response(stream)
        next(iter(response.response))
        response.close()
        assert not state["closed"]  # The close did not reach Flask's stream.
        chunks.close()
        assert state["closed"]


@pytest.fixture
def no_automatic_gc():
    """Turn off the cyclic garbage collector, so that only reference counting frees objects."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.mark.parametrize(("buffering", "closed_by_del"), [(False, True), (True, False)])
def test_buffering_makes_a_reference_cycle_that_only_the_cyclic_gc_closes(no_automatic_gc, buffering, closed_by_del):
    state = {"closed": False}

    def pieces():
        try:
            for number in range(100):
                yield f"<td>{number}</td>"
        finally:
            state["closed"] = True

    stream = TemplateStream(pieces())
    if buffering:
        stream.enable_buffering(5)
    next(stream)
    del stream
    # Unbuffered, the last reference goes and the generator is closed at once.
    # Buffered, the stream holds its buffering generator, whose frame holds the
    # stream: a cycle, so the generator stays open until the cyclic collector runs.
    assert state["closed"] is closed_by_del
    gc.collect()
    assert state["closed"]


def test_closing_a_partly_read_response_ends_the_rows_and_the_context(client, count_rows):
    state = count_rows(buffered)
    response = client.get("/orders?rows=10000")
    assert has_request_context()
    assert 0 < state["rows"] < 100
    response.close()
    assert state["closed"]
    assert not has_request_context()


@pytest.mark.parametrize("rows", ["abc", "-1", str(buffered.MAX_ROWS + 1), *NOT_ASCII_WHOLE_NUMBERS])
def test_invalid_rows_gets_400_before_any_body(client, rows):
    with client.get("/orders", query_string={"rows": rows}) as response:
        assert response.status_code == 400
        assert b"rows must be a whole number" in response.data


def test_repeated_rows_gets_400_rather_than_the_first_one_winning(client):
    with client.get("/orders", query_string={"rows": ["1", "2"]}) as response:
        assert response.status_code == 400
        assert b"given once" in response.data


def wire_chunks(server, path):
    """GET ``path`` over a raw socket and return the HTTP/1.1 chunks as sent."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while block := sock.recv(1 << 16):
            data += block
    head, _, rest = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert b"transfer-encoding: chunked" in head.lower()
    chunks = []
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            return chunks
        chunks.append(rest[:size])
        rest = rest[size + 2 :]


@pytest.mark.live
def test_live_buffering_sends_fewer_larger_chunks(live_server):
    plain = wire_chunks(live_server("snippets.templates.report"), "/orders?rows=2000")
    joined = wire_chunks(live_server("snippets.templates.buffered"), "/orders?rows=2000")
    assert b"".join(joined) == b"".join(plain)
    assert len(plain) > 10_000
    assert len(joined) == math.ceil(len(plain) / BUFFER_SIZE)


@pytest.mark.live
def test_live_unbuffered_page_sends_each_template_piece_as_a_chunk(live_server):
    on_the_wire = wire_chunks(live_server("snippets.templates.report"), "/orders?rows=2000")
    assert on_the_wire == chunks_of(unbuffered_app.test_client(), "/orders?rows=2000")
    assert len(on_the_wire) == 14_006


@pytest.mark.live
def test_live_buffered_page_is_sent_much_faster(live_server):
    def seconds_for(module_name):
        connection = live_server(module_name).connection()
        started = time.perf_counter()
        connection.request("GET", "/orders?rows=20000")
        body = connection.getresponse().read()
        connection.close()
        assert body.count(b"<td>Customer ") == 20000
        return time.perf_counter() - started

    plain = seconds_for("snippets.templates.report")
    joined = seconds_for("snippets.templates.buffered")
    # Measured about 8 times faster; ask for 2 times, to allow for a busy machine.
    assert joined < plain / 2, (joined, plain)
