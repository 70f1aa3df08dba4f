"""`make bench-build`: how long the documentation takes to build.

In one run, in a temporary build directory: each language's clean build
(median of RUNS), a clean `make site` (every language, in parallel) and a
no-op `make site`; then the ratios the project holds itself to.

Every build is the builders' own command, `make html LANG=...`, so that it
uses the same virtual environment and options: `make bench-build VENV_DIR=...
SPHINXOPTS=...` reaches these builds through MAKEFLAGS. Caches that outlive a
clean build on purpose are kept, as they are for a builder: jieba's dictionary
(`jieba.cache` and docs/_ext/jieba_dictionary.py's store, both in the
temporary directory, written by the first Chinese build on a machine).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from languages import all_languages

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = all_languages()
RUNS = 3
ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def remove_compiled_catalogs() -> None:
    for path in (ROOT / "locales").rglob("*.mo"):
        path.unlink()


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def clean_build(lang: str, builddir: Path) -> float:
    shutil.rmtree(builddir, ignore_errors=True)
    remove_compiled_catalogs()
    return timed(["make", "--no-print-directory", "html", f"LANG={lang}", f"BUILDDIR={builddir}"])


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        tmp = Path(tmp)
        single = {lang: statistics.median(clean_build(lang, tmp / lang) for _ in range(RUNS)) for lang in LANGUAGES}
        remove_compiled_catalogs()
        site_clean = timed(["make", "--no-print-directory", "site", f"BUILDDIR={tmp / 'site'}"])
        site_noop = timed(["make", "--no-print-directory", "site", f"BUILDDIR={tmp / 'site'}"])

    total = sum(single.values())
    print(f"Documentation build times ({os.cpu_count()} CPUs; clean builds: median of {RUNS})")
    for lang, seconds in single.items():
        print(f"  {'clean build ' + lang:<21} {seconds:6.2f} s   {seconds / single['en']:4.2f}x English")
    print(f"  {f'sum of the {len(single)} builds':<21} {total:6.2f} s")
    print(f"  {'clean make site':<21} {site_clean:6.2f} s   {site_clean / total:4.2f}x the sum")
    print(f"  {'no-op make site':<21} {site_noop:6.2f} s")
    slowest = max(single, key=single.get)
    targets = {
        "clean make site at most 0.6x the sum of single builds": site_clean <= 0.6 * total,
        "no-op make site within 1 s": site_noop <= 1.0,
        f"no language above 1.5x English (slowest: {slowest})": single[slowest] <= 1.5 * single["en"],
    }
    print()
    for name, ok in targets.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
