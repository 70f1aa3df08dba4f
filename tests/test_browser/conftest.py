"""Fixtures for the demo tests: the test client, and a check made in Chromium."""

import pytest

from tests.test_browser.demo import STEPS


@pytest.fixture
def client(request, monkeypatch):
    """A test client for the test module's ``app``, with no pause between items."""
    app = request.module.app
    monkeypatch.setitem(app.config, "STREAM_INTERVAL", 0)
    return app.test_client()


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
