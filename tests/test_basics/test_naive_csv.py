"""Joining fields with commas is not CSV: a CSV reader gets other rows back."""

import csv
import io

from snippets.basics import naive_csv
from snippets.basics.csv_export import iter_orders
from snippets.basics.naive_csv import app


def test_naive_join_corrupts_rows_with_commas_quotes_and_newlines():
    with app.test_client().get("/orders.csv") as response:
        parsed = list(csv.reader(io.StringIO(response.get_data(as_text=True), newline="")))
    expected = [[str(field) for field in row] for row in iter_orders(1000)]
    # Each note holds a newline (one row becomes two) and a comma (one field becomes two).
    assert len(parsed) == 2 * len(expected)
    assert parsed != expected
    assert parsed[0] == ["0", "Customer 0", "Note with a comma", ' a "quote" and a']


def test_naive_join_loses_the_quotes_that_open_a_field(monkeypatch):
    monkeypatch.setattr(naive_csv, "iter_orders", lambda count: iter([[1, '"Rush" order', "paid"]]))
    with app.test_client().get("/orders.csv") as response:
        parsed = list(csv.reader(io.StringIO(response.get_data(as_text=True), newline="")))
    # Read as quoting, not as data: the reader returns other text than was written.
    assert parsed == [["1", "Rush order", "paid"]]
