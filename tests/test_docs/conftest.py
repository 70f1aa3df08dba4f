"""Fixtures for the documentation tests: `make` runs (the builds are tests/conftest.py's site_build)."""

import pytest

from tests.make_once import make


@pytest.fixture(scope="session")
def run_make():
    """The make() helper, for tests that run their own targets."""
    return make
