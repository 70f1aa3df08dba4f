"""Werkzeug's form parser, for comparison with the raw stream: where ``request.files`` keeps a file part.

No snippet: the page only says where the parsed parts end up. Flask's request is
Werkzeug's, so Werkzeug's Request parses the form here, without an app.
"""

import io

import pytest
from werkzeug.test import EnvironBuilder


@pytest.mark.parametrize(("size", "in_memory"), [(500 * 1024, True), (500 * 1024 + 1, False)])
def test_a_file_part_over_500_kib_goes_to_a_temporary_file(size, in_memory):
    builder = EnvironBuilder(method="POST", data={"file": (io.BytesIO(b"x" * size), "data.bin")})
    request = builder.get_request()
    try:
        part = request.files["file"]
        # SpooledTemporaryFile keeps its data in memory until it "rolls over" to a file on disk.
        assert (not part.stream._rolled) is in_memory
        assert len(part.read()) == size
    finally:
        request.close()
        builder.close()
        request.environ["wsgi.input"].close()  # the test's encoded form, over 500 KiB in a file too
