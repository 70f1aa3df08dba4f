"""Fixtures shared by every test: a real server, a real browser, and guards."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po, write_po
from flask import has_app_context, has_request_context
from flask.globals import app_ctx, request_ctx
from hypothesis import settings

from tests.live_server import LiveServer
from tests.make_once import make_once

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Every wait in a browser test ends after this many milliseconds.
TIMEOUT_MS = 10_000

pytest_plugins = ["sphinx.testing.fixtures"]

# Timing belongs in `make bench`, not in tests: a test run on a busy machine
# (parallel workers, a build beside it) must not fail on Hypothesis' deadline.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")


def pytest_addoption(parser):
    # Here, not in tests/test_servers/conftest.py: pytest reads options from the root conftest only.
    parser.addoption(
        "--servers-results",
        metavar="PATH",
        help="write the server matrix to PATH (`make matrix-servers`; every server must be measured)",
    )
    parser.addoption(
        "--proxies-results",
        metavar="PATH",
        help="write the nginx measurements to PATH (`make matrix-proxies`; every one must be measured)",
    )


@pytest.fixture(autouse=True)
def no_context_left_pushed() -> Iterator[None]:
    """Fail a test that leaves a request or app context pushed, as Flask's own tests do.

    A generator that outlives its request is this chapter's subject; a context it
    leaks would otherwise surface as a puzzling failure in some later test.
    """
    yield
    assert pop_leaked_contexts() == [], "a test left these contexts pushed"


def pop_leaked_contexts() -> list:
    """Pop every request and app context still pushed; return them, innermost first."""
    leaked = []
    while has_request_context():
        leaked.append(request_ctx._get_current_object())
        leaked[-1].pop()
    while has_app_context():
        leaked.append(app_ctx._get_current_object())
        leaked[-1].pop()
    return leaked


@pytest.fixture
def count_rows(monkeypatch):
    """Replace a snippet's row source (``iter_orders``) with one that counts what it made.

    Returns the live count: ``{"rows": rows produced so far, "closed": whether the
    source was closed}``, so a test can see how much existed when a chunk arrived.
    """

    def count(module, name="iter_orders"):
        state = {"rows": 0, "closed": False}
        original = getattr(module, name)

        def counting(*args):
            try:
                for row in original(*args):
                    state["rows"] += 1
                    yield row
            finally:
                state["closed"] = True

        monkeypatch.setattr(module, name, counting)
        return state

    return count


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator:
    """Return ``serve(module_name, *gunicorn_args)``: that app under gunicorn with those options.

    Each combination starts once per test module (in each xdist worker that runs
    some of its tests), so the tests of a module may share a server, and a test that
    asks for other options gets a server of its own. Not once per session: the tests
    read a server's log and count its worker's threads, which must not carry what
    the tests of another module did.
    """
    servers: dict[tuple[str, ...], LiveServer] = {}

    def serve(module_name: str, *gunicorn_args: str) -> LiveServer:
        key = (module_name, *gunicorn_args)
        if key not in servers:
            log_path = tmp_path_factory.mktemp("gunicorn") / "server.log"
            server = LiveServer(module_name, log_path, gunicorn_args)
            server.start()
            servers[key] = server
        return servers[key]

    yield serve
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright, started once for the session.

    One for all: Playwright's sync API cannot run two sessions in one thread.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"The browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watch(page, problems: list[str]) -> None:
    """Record in ``problems`` what a reader would see go wrong on ``page``."""
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    # A navigation, or EventSource.close(), cancels requests under way: not a failure.
    page.on(
        "requestfailed",
        lambda request: (
            request.failure != "net::ERR_ABORTED" and problems.append(f"failed: {request.url} {request.failure}")
        ),
    )
    page.on(
        "response", lambda response: response.status >= 400 and problems.append(f"{response.status}: {response.url}")
    )
    # Everything is served from 127.0.0.1: the site and the demos work offline.
    page.on(
        "request",
        lambda request: (
            urlsplit(request.url).hostname not in ("127.0.0.1", None)
            and problems.append(f"off-site request: {request.url}")
        ),
    )


@pytest.fixture
def open_page(browser):
    """Return ``open_page(**context_options)``: a new page in a new browser context.

    The test fails if any page it opened logged a console error, raised, had a
    request fail, got an error status or asked another host. Each page's
    ``problems`` is that list, for a test that expects one of them (and clears it).
    """
    contexts = []
    problems: list[str] = []

    def open_page(**context_options):
        context = browser.new_context(**context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        watch(page, problems)
        page.problems = problems
        return page

    yield open_page
    found = list(problems)  # closing a page may abort requests: not the test's fault
    for context in contexts:
        context.close()
    assert found == []


@pytest.fixture
def page(open_page):
    """A new page in a new browser context; the test fails on any of its problems."""
    return open_page()


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """`make site` (every language), once per session: the result and the site folder.

    Each language is built once for all the tests that read a build: the site's
    own, and those that check a language's pages. Built in a locale the machine
    lacks (en_US.UTF-8 here), which must not break a build.
    """
    result, builddir = make_once(tmp_path_factory, "site-build", "site", env_lang="en_US.UTF-8", timeout=600)
    return result, builddir / "site"


# The translation that is behind the English: the Russian testing page with two
# messages untranslated and one fuzzy, as after an English change and `make update-po`.
BEHIND_LANG = "ru"
BEHIND_PAGE = "testing"


@pytest.fixture(scope="session")
def behind_build(tmp_path_factory):
    """`make html LANG=ru` of that translation, once per session: its result and folders.

    Run as a builder types it (a command-line LANG, in a locale the machine lacks:
    en_US.UTF-8 here), so that the Makefile's own test of that command reads the
    same build as the translation banner's tests.
    """

    def lose_translations(builddir: Path) -> list[str]:
        locales = Path(shutil.copytree(ROOT / "locales", builddir / "locales", ignore=shutil.ignore_patterns("*.mo")))
        path = locales / BEHIND_LANG / "LC_MESSAGES" / f"{BEHIND_PAGE}.po"
        with path.open("rb") as stream:
            catalog = read_po(stream)
        # Paragraphs of the body: the first message is the title, which the
        # navigation shows on every page.
        untranslated, fuzzy = [m for m in catalog if m.id][2:4], [m for m in catalog if m.id][4]
        for message in untranslated:
            message.string = ""
        fuzzy.flags.add("fuzzy")
        with path.open("wb") as stream:
            write_po(stream, catalog, width=0, omit_header=False)
        return [f"SPHINXOPTS=--fail-on-warning --nitpicky --quiet --define locale_dirs={locales}"]

    result, builddir = make_once(
        tmp_path_factory,
        "behind-build",
        "html",
        f"LANG={BEHIND_LANG}",
        env_lang="en_US.UTF-8",
        prepare=lose_translations,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return SimpleNamespace(
        result=result,
        html=builddir / "html" / BEHIND_LANG,
        locales=builddir / "locales",
        lang=BEHIND_LANG,
        page=BEHIND_PAGE,
    )


@pytest.fixture(scope="session")
def built_site(site_build):
    """The site folder of a build that passed (--fail-on-warning: no Sphinx warning)."""
    result, sitedir = site_build
    assert result.returncode == 0, result.stdout + result.stderr
    return sitedir
