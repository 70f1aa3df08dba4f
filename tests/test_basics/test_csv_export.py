"""The CSV export is real CSV, streams in batches, and rejects bad input before streaming."""

import csv
import io
import socket
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import snippets.basics.csv_export as csv_export
from snippets.basics.csv_export import app, iter_csv, iter_csv_per_row, iter_orders, spreadsheet_safe
from tests.strict_inputs import NOT_ASCII_WHOLE_NUMBERS, not_ascii_digits

# Text fields with the characters that break naive CSV, plus plain ones.
fields = st.text(alphabet=st.sampled_from(list("ab ,\"\n\r\t;'é字")), max_size=12)
tables = st.lists(st.lists(fields, min_size=1, max_size=5), max_size=30)

# What a spreadsheet runs as a formula when a cell starts with it (OWASP "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Hostile cells: formula triggers anywhere, mixed with CSV's own special characters.
hostile_cells = st.text(alphabet=st.sampled_from(list("=+-@\t\r\n,\"'a1 (|!")), max_size=12)
hostile_tables = st.lists(st.lists(hostile_cells, min_size=1, max_size=5), max_size=20)


def parse(text):
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture
def client():
    """A test client for the export app."""
    return app.test_client()


@given(rows=tables, rows_per_chunk=st.integers(1, 7))
def test_batched_csv_round_trips_commas_quotes_and_newlines(rows, rows_per_chunk):
    assert parse("".join(iter_csv(rows, rows_per_chunk))) == rows


@given(rows=tables)
def test_per_row_csv_round_trips_commas_quotes_and_newlines(rows):
    assert parse("".join(iter_csv_per_row(rows))) == rows


@given(rows=hostile_tables)
def test_spreadsheet_safe_export_has_no_cell_that_starts_a_formula(rows):
    safe_rows = [[spreadsheet_safe(cell) for cell in row] for row in rows]
    read_back = parse("".join(iter_csv(safe_rows)))
    # A CSV reader gets back exactly the neutralised text...
    assert read_back == safe_rows
    # ...and no cell of it starts with a character that a spreadsheet runs.
    assert not any(cell.startswith(FORMULA_TRIGGERS) for row in read_back for cell in row)


@given(cell=hostile_cells)
def test_spreadsheet_safe_only_prefixes_a_quote_to_formula_cells(cell):
    safe = spreadsheet_safe(cell)
    if cell.startswith(FORMULA_TRIGGERS):
        assert safe == "'" + cell
    else:
        assert safe == cell
    # Neutralising twice changes nothing: the quote itself starts no formula.
    assert spreadsheet_safe(safe) == safe


@pytest.mark.parametrize(
    ("cell", "safe"),
    [('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'), ("@SUM(A1)", "'@SUM(A1)"), (-1.25, "'-1.25"), (7, "7")],
)
def test_spreadsheet_safe_examples(cell, safe):
    assert spreadsheet_safe(cell) == safe


def test_batched_and_per_row_produce_the_same_text():
    rows = list(iter_orders(2500))
    assert "".join(iter_csv(rows)) == "".join(iter_csv_per_row(rows))


def test_each_chunk_holds_one_batch_of_rows():
    chunks = list(iter_csv(iter_orders(2500), rows_per_chunk=1000))
    assert [len(parse(chunk)) for chunk in chunks] == [1000, 1000, 500]


def test_per_row_yields_one_chunk_per_row():
    chunks = list(iter_csv_per_row(iter_orders(50)))
    assert len(chunks) == 50
    assert all(len(parse(chunk)) == 1 for chunk in chunks)


def test_a_batch_of_1000_rows_of_about_80_bytes_is_a_chunk_of_about_80_kb():
    first = next(iter_csv(iter_orders(100_000), rows_per_chunk=1000))
    # The first rows have the shortest numbers: later batches are a little larger.
    assert 70 <= len(first) / 1000 <= 90
    assert 70_000 <= len(first) <= 90_000


def test_export_is_csv_with_every_note_intact(client):
    with client.get("/orders.csv?rows=50") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"] == "attachment; filename=orders.csv"
        rows = parse(response.get_data(as_text=True))
    assert len(rows) == 50
    assert {row[2] for row in rows} == {'Note with a comma, a "quote" and a\nline break'}


def test_first_chunk_arrives_before_most_rows_are_made(client, count_rows):
    produced = count_rows(csv_export)
    with client.get("/orders.csv?rows=100000") as response:
        assert response.is_streamed
        body = iter(response.response)
        first = next(body)
        # One batch (and the look-ahead of the next row) out of 100 000 rows.
        assert len(parse(first.decode())) == 1000
        assert produced["rows"] <= 1001
        rest = b"".join(body)
    assert produced["rows"] == 100000
    assert len(parse((first + rest).decode())) == 100000


@pytest.mark.parametrize("rows", ["abc", "-1", "1.5", "", "²", str(csv_export.MAX_ROWS + 1), *NOT_ASCII_WHOLE_NUMBERS])
def test_invalid_rows_gets_400_before_any_body(client, rows):
    with client.get("/orders.csv", query_string={"rows": rows}) as response:
        assert response.status_code == 400
        assert response.mimetype == "text/html"
        assert b"rows must be a whole number" in response.data


@given(rows=not_ascii_digits)
def test_any_rows_but_ascii_digits_gets_400(rows):
    with app.test_client().get("/orders.csv", query_string={"rows": rows}) as response:
        assert response.status_code == 400


def test_repeated_rows_gets_400_rather_than_the_first_one_winning(client):
    with client.get("/orders.csv", query_string={"rows": ["1", "2"]}) as response:
        assert response.status_code == 400
        assert b"given once" in response.data


def test_rows_with_leading_zeros_is_a_whole_number(client):
    with client.get("/orders.csv", query_string={"rows": "007"}) as response:
        assert response.status_code == 200
        assert len(parse(response.get_data(as_text=True))) == 7


def test_zero_rows_is_an_empty_file(client):
    with client.get("/orders.csv?rows=0") as response:
        assert response.status_code == 200
        assert response.data == b""


@pytest.mark.live
def test_live_first_chunk_arrives_long_before_the_last(live_server):
    server = live_server("snippets.basics.csv_export")
    connection = server.connection()
    started = time.perf_counter()
    connection.request("GET", "/orders.csv?rows=600000")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    first = response.read1(1 << 20)
    first_at = time.perf_counter() - started
    body = first + response.read()
    total = time.perf_counter() - started
    connection.close()
    assert len(parse(body.decode())) == 600000
    # The first chunk is one batch of 1000 rows: it came while most rows did not exist yet.
    assert first_at < total / 4, (first_at, total)


@pytest.mark.live
def test_live_invalid_rows_gets_400_status_line(live_server):
    server = live_server("snippets.basics.csv_export")
    connection = server.connection()
    connection.request("GET", "/orders.csv?rows=lots")
    response = connection.getresponse()
    assert response.status == 400
    assert b"rows must be a whole number" in response.read()
    connection.close()


@pytest.mark.live
def test_live_stream_has_no_content_length_and_ends_with_an_empty_chunk(live_server):
    server = live_server("snippets.basics.csv_export")
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(b"GET /orders.csv?rows=2500 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while block := sock.recv(1 << 16):
            data += block
    head, _, body = data.partition(b"\r\n\r\n")
    headers = head.lower().split(b"\r\n")
    assert headers[0].startswith(b"http/1.1 200")
    assert not any(line.startswith(b"content-length:") for line in headers)
    assert b"transfer-encoding: chunked" in headers
    # Each chunk goes out with its own length; an empty chunk ends the body.
    sizes = []
    while True:
        size_line, _, body = body.partition(b"\r\n")
        size = int(size_line, 16)
        sizes.append(size)
        if size == 0:
            break
        assert body[size : size + 2] == b"\r\n"
        body = body[size + 2 :]
    assert body == b"\r\n"
    expected = [len(chunk.encode()) for chunk in iter_csv(iter_orders(2500))]
    assert sizes == [*expected, 0]
