"""Benchmarks (`make bench`, `make bench-build`); they share the language list
of docs/_ext/languages.py with the site, as tools/ does."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))


def finish(results: dict, targets: dict[str, bool], path: Path) -> int:
    """Print each target as PASS or FAIL, write the results file, and return the exit status.

    The file is written either way: a missed target is a measured result too.
    """
    import json

    print()
    for name, ok in targets.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {path.relative_to(Path(__file__).resolve().parent.parent)}")
    return 0 if all(targets.values()) else 1
