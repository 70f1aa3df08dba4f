"""A page whose translation is behind the English says so, as a reader's browser shows it.

The English lands first: until translators catch up, a page's untranslated
messages are shown in English, with a banner giving the share translated and a
link to the English original, and the status page lists the page with
its share. The session's `behind_build` (tests/conftest.py) is the real site in
Russian (`make html LANG=ru`), built from a copy of the catalogs in which testing.po lost some translations, as after an
English change and `make update-po`, and looks at it in Chromium.
"""

import re

import pytest
from babel.messages.pofile import read_po

from tools.catalogs import counts

pytestmark = pytest.mark.browser


def read_catalog(path):
    with path.open("rb") as stream:
        return read_po(stream)


@pytest.fixture(scope="module")
def behind(behind_build):
    """The build whose page lost two translations and has one fuzzy: its folder and share."""
    catalog = read_catalog(behind_build.locales / behind_build.lang / "LC_MESSAGES" / f"{behind_build.page}.po")
    count = counts(catalog)
    assert count == {"translated": sum(count.values()) - 3, "untranslated": 2, "fuzzy": 1}
    theme = {
        m.id: m.string
        for m in read_catalog(behind_build.locales / behind_build.lang / "LC_MESSAGES" / "sphinx.po")
        if m.id
    }
    return {
        "html": behind_build.html,
        "page": behind_build.page,
        "lang": behind_build.lang,
        "percent": 100 * count["translated"] // sum(count.values()),
        "theme": theme,
        "untranslated": [m.id for m in catalog if m.id and not m.string],
    }


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_the_banner_gives_the_share_translated_and_links_the_english(page, behind):
    page.goto((behind["html"] / f"{behind['page']}.html").as_uri())
    banner = page.locator(".translation-banner")
    assert banner.is_visible()
    text = " ".join(banner.inner_text().split())
    theme = behind["theme"]
    incomplete = theme[
        "This translation is incomplete: %(percent)s%% of this page is translated; the rest is in English."
    ] % {"percent": behind["percent"]}
    assert " ".join(incomplete.split()) in text
    assert theme["This translation may be outdated: the English page has changed since it was translated."] in text
    assert 0 < behind["percent"] < 100
    link = banner.get_by_role("link", name=theme["Read the English original."])
    assert link.get_attribute("hreflang") == "en"
    assert link.evaluate("a => a.href") == (behind["html"].parent / "en" / f"{behind['page']}.html").as_uri()
    # What is not translated yet is there, in English (Sphinx curls its apostrophes).
    article = " ".join(page.locator("article").inner_text().replace("\u2019", "'").split())
    for msgid in behind["untranslated"]:
        assert " ".join(re.sub(r"[`*]|\{\w+\}", "", msgid).split())[:30] in article


def test_a_complete_page_has_no_banner(page, behind):
    page.goto((behind["html"] / "basics.html").as_uri())
    assert page.locator("article").is_visible()
    assert page.locator(".translation-banner").count() == 0


def test_the_status_page_lists_the_page_with_its_share(page, behind):
    page.goto((behind["html"] / "translation-status.html").as_uri())
    cell = page.locator(f'td:has(a[hreflang="{behind["lang"]}"][href="{behind["page"]}.html"])')
    # A fuzzy message makes the page "outdated", which the status page shows first.
    assert cell.get_attribute("class") == "translation-outdated"
    percent = behind["theme"]["%(percent)s%%"] % {"percent": behind["percent"]}
    assert cell.get_by_role("link").inner_text().strip() == percent
