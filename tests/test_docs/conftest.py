"""Fixtures for the documentation tests: `make` runs and one English build."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def make(*args, env_lang="C.UTF-8"):
    """Run make in the repository with the given environment locale."""
    env = {**os.environ, "LANG": env_lang}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def run_make():
    """The make() helper, for tests that run their own targets."""
    return make


@pytest.fixture(scope="session")
def english_build(tmp_path_factory):
    """`make html` (English) into a temporary build directory; return the result and HTML folder."""
    builddir = tmp_path_factory.mktemp("build")
    result = make("html", f"BUILDDIR={builddir}", env_lang="en_US.UTF-8")
    return result, builddir / "html" / "en"
