"""The NDJSON export of snippets.errors.last_record, with a data source that fails.

The live tests serve this module with gunicorn: ``tests.test_errors.failing_export:app``.
"""

import snippets.errors.last_record as last_record
from snippets.errors.last_record import app, iter_orders


def failing_orders(count):
    """The orders of the real source, but the connection drops after 1200 of them."""
    for number, order in enumerate(iter_orders(count)):
        if number == 1200:
            raise ConnectionError("database connection lost")
        yield order


last_record.iter_orders = failing_orders
__all__ = ["app"]
