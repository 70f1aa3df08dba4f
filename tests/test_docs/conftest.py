"""Fixtures for the documentation tests: `make` runs and one English build."""

import pytest

from tests.make_once import make, make_once


@pytest.fixture(scope="session")
def run_make():
    """The make() helper, for tests that run their own targets."""
    return make


@pytest.fixture(scope="session")
def english_build(tmp_path_factory):
    """`make html` (English), once per session; return the result and the HTML folder.

    In a locale the machine lacks (en_US.UTF-8 here), which must not break the build.
    """
    result, builddir = make_once(tmp_path_factory, "english-build", "html", env_lang="en_US.UTF-8")
    return result, builddir / "html" / "en"
