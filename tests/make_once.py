"""Run a `make` target once per test session, however many xdist workers need its output.

Each xdist worker runs its own session fixtures. The first worker that asks runs
the target under a file lock in the directory all workers share, and records the
result there; the others wait for the lock and read it (the pattern of
pytest-xdist's "Making session-scoped fixtures execute only once").
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent


# A build of a translation compiles its catalogs into locales/<lang>/LC_MESSAGES/*.mo
# when they are missing or older than the .po files (a fresh clone, a changed
# catalog), and Sphinx writes them in place: another build reading them at that
# moment gets a half-written file. Until they are compiled, the builds of parallel
# workers take turns; other tests go on meanwhile.
BUILD_LOCK = ROOT / "_build" / "tests-build.lock"


def catalogs_to_compile() -> bool:
    """Whether a build would write a .mo file (Sphinx's own test: missing or older)."""
    for po in (ROOT / "locales").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            return True
    return False


def make(*args: str, env_lang: str = "C.UTF-8", timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run make in the repository with the given environment locale."""
    env = {**os.environ, "LANG": env_lang}
    turn = contextlib.nullcontext()
    if "PYTEST_XDIST_WORKER" in os.environ and "-n" not in args and catalogs_to_compile():
        BUILD_LOCK.parent.mkdir(exist_ok=True)
        turn = FileLock(BUILD_LOCK)
    with turn:
        return subprocess.run(
            ["make", "--no-print-directory", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )


def make_once(
    tmp_path_factory,
    name: str,
    *args: str,
    env_lang: str = "C.UTF-8",
    timeout: float = 300,
    prepare: Callable[[Path], Sequence[str]] = lambda builddir: (),
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """`make <args> BUILDDIR=<a directory named name>`, once per session: its result and BUILDDIR.

    prepare(builddir), if given, runs first (once too) and returns more arguments for make.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:  # one process: nothing to share
        builddir = tmp_path_factory.mktemp(name)
        more = prepare(builddir)
        return make(*args, *more, f"BUILDDIR={builddir}", env_lang=env_lang, timeout=timeout), builddir
    shared = tmp_path_factory.getbasetemp().parent
    builddir = shared / name
    record = shared / f"{name}.json"
    with FileLock(shared / f"{name}.lock"):
        if not record.exists():
            builddir.mkdir(exist_ok=True)
            more = prepare(builddir)
            result = make(*args, *more, f"BUILDDIR={builddir}", env_lang=env_lang, timeout=timeout)
            record.write_text(json.dumps([result.args, result.returncode, result.stdout, result.stderr]))
    return subprocess.CompletedProcess(*json.loads(record.read_text())), builddir
