"""`make test` measures coverage of snippets/ and fails below every line and branch (testing.md)."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_coverage_covers_every_line_and_branch_of_the_snippets():
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    options = settings["tool"]["pytest"]["ini_options"]["addopts"]
    assert "--cov=snippets" in options
    assert "--cov-fail-under=100" in options
    assert settings["tool"]["coverage"]["run"]["branch"] is True
    # `make test` runs pytest, so these options apply; nothing turns coverage off there.
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert recipe is not None
    assert "-m pytest" in recipe.group(1)
    assert "--no-cov" not in recipe.group(1)
