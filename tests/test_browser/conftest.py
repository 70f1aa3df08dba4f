"""Fixtures for the real-browser tests: Debian's Chromium, driven by Playwright."""

import pytest

# Every wait in a browser test ends after this many milliseconds (as tests/conftest.py).
TIMEOUT_MS = 10_000


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
