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


# What every demo page shows: eight steps of the example job, then "Done.".
STEPS = [f"Step {n} of 8 finished" for n in range(1, 9)]


@pytest.fixture
def shows_items_before_the_end(page):
    """Check that a demo page shows its first item while the stream runs, then all of them."""
    from playwright.sync_api import expect

    def check(url):
        page.goto(url, wait_until="commit")  # not "load": an iframe holds that back
        items = page.locator("#items li")
        status = page.locator("#status")
        expect(items.first).to_have_text(STEPS[0])
        # The first item is on the page while the stream is still running.
        assert status.text_content() != "Done."
        assert items.count() < len(STEPS)
        expect(status).to_have_text("Done.")
        expect(items).to_have_text(STEPS)

    return check
