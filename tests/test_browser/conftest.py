"""Fixtures for the real-browser tests: Debian's Chromium, driven by Playwright."""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# Every wait in a browser test ends after this many milliseconds.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, started once for the whole test session."""
    if not CHROMIUM.exists():
        pytest.fail(f"The browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def failed(request, problems):
    """Record a failed request, unless the page cancelled it itself (EventSource.close())."""
    if request.failure != "net::ERR_ABORTED":
        problems.append(f"{request.url}: {request.failure}")


@pytest.fixture
def page(browser):
    """A new page; the test fails if it logged a console error or a request failed."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: failed(request, problems))
    yield page
    found = list(problems)  # closing the page may abort requests: not the test's fault
    context.close()
    assert found == []
