"""Benchmarks (`make bench`, `make bench-build`); they share the language list
of docs/_ext/languages.py with the site, as tools/ does."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
