"""The chapter builds without a warning: `make html` (English), as -W makes it strict."""

import re


def test_english_build_has_no_warning(english_build):
    result, html = english_build
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert re.search('<html [^>]*lang="en"', (html / "index.html").read_text())
