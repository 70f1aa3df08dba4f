"""The chapter builds without a warning in every language, as --fail-on-warning makes it strict."""

import re


def test_english_build_has_no_warning(site_build):
    result, site = site_build
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert re.search('<html [^>]*lang="en"', (site / "en" / "index.html").read_text())
