"""What a reader does besides reading (issue 12): copy code, mistype an address,
switch language mid-page, and take the guide away as an EPUB.

The site is built once (`make site`, tests/conftest.py) and served on 127.0.0.1
as a static host serves it (tests/test_site/conftest.py); Debian's headless
Chromium clicks, types and reads the clipboard.
"""

import re
import zipfile
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from languages import language_tag
from tools import site

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _ in site.load_conf().site_languages]
TRANSLATIONS = LANGUAGES[1:]
SECTION_ID = re.compile(r'<section id="([^"]+)"')
# sphinx-copybutton 0.5.2's own translations of its button's name (its copybutton.js).
COPYBUTTON_OWN = {"ru": "Скопировать в буфер", "zh-CN": "复制到剪贴板"}


def content_pages(sitedir):
    return site.content_pages(sitedir, LANGUAGES[0])


def catalog_translation(lang, domain, message):
    """The translation of ``message`` in ``locales/<lang>/LC_MESSAGES/<domain>.po``, if done."""
    path = ROOT / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return None
    with path.open("rb") as stream:
        found = read_po(stream).get(message)
    return found.string if found and found.string and not found.fuzzy else None


# -- Section ids and the language switcher ---------------------------------------


def test_every_section_has_the_same_id_in_every_language(built_site):
    for name in content_pages(built_site):
        english = SECTION_ID.findall((built_site / "en" / name).read_text(encoding="utf-8"))
        assert english, name
        for lang in TRANSLATIONS:
            ids = SECTION_ID.findall((built_site / lang / name).read_text(encoding="utf-8"))
            assert ids == english, (lang, name)


@pytest.mark.browser
def test_language_switcher_keeps_the_section(page, site_url, built_site):
    ids = SECTION_ID.findall((built_site / "en" / "errors.html").read_text(encoding="utf-8"))
    first, later = ids[1], ids[-1]
    page.goto(f"{site_url}ru/errors.html#{first}", wait_until="domcontentloaded")
    page.locator('.site-languages-sidebar a[hreflang="ko"]').click()
    page.wait_for_url(f"{site_url}ko/errors.html#{first}")
    # The browser scrolled to it: the section starts in the upper part of the window.
    page.wait_for_function(
        f"() => {{ const top = document.getElementById('{first}').getBoundingClientRect().top;"
        " return window.scrollY > 0 && top >= -1 && top < window.innerHeight / 3; }"
    )
    # The reader moves to another section (its link in the page): the switcher follows.
    page.evaluate(f"location.hash = '{later}'")
    page.locator('.site-languages-sidebar a[hreflang="zh-TW"]').click()
    page.wait_for_url(f"{site_url}zh_TW/errors.html#{later}")
    assert page.get_attribute("html", "lang") == "zh-TW"


# -- Copy buttons ---------------------------------------------------------------


@pytest.mark.browser
def test_copy_button_copies_the_commands_without_prompts_or_output(open_page, site_url):
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{site_url}en/context.html")
    block = page.locator("div.highlight-console").filter(has_text="teardown_appcontext ran")
    assert "$ flask --app snippets.context.teardown run --debug" in block.inner_text()
    button = block.get_by_role("button", name="Copy to clipboard")
    # From the keyboard: the focused button shows, with a ring, and Enter copies.
    button.focus()
    assert button.evaluate("b => b.matches(':focus-visible')")
    expect(button).to_have_css("opacity", "1")
    expect(button).to_have_css("outline-style", "solid")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.copybtn.success') !== null")
    assert page.evaluate("navigator.clipboard.readText()") == "flask --app snippets.context.teardown run --debug"


@pytest.mark.browser
def test_copy_button_copies_a_python_block_whole(open_page, site_url):
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{site_url}en/basics.html")
    blocks = page.locator("div.highlight pre")
    # Every code block has its button, named for screen readers.
    assert page.get_by_role("button", name="Copy to clipboard").count() == blocks.count() > 5
    block = page.locator("div.highlight-python").first
    block.hover()
    block.get_by_role("button").click()
    page.wait_for_function("() => document.querySelector('.copybtn.success') !== null")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "def " in copied
    assert copied.strip() in (ROOT / "snippets" / "basics" / "generator_view.py").read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_copy_button_is_named_in_the_page_language(page, site_url, lang):
    tag = language_tag(lang)
    expected = (
        catalog_translation(lang, "sphinx", "Copy to clipboard") or COPYBUTTON_OWN.get(tag) or "Copy to clipboard"
    )
    page.goto(f"{site_url}{lang}/basics.html", wait_until="domcontentloaded")
    page.wait_for_selector("button.copybtn", state="attached")
    names = page.eval_on_selector_all("button.copybtn", "buttons => buttons.map(b => b.getAttribute('aria-label'))")
    assert set(names) == {expected}


# -- The 404 page of the missing URL's language ------------------------------------


def first_heading(path):
    """The text of a built page's <h1>, without its permalink."""
    heading = re.search(r"<h1>(.*?)<a class=\"headerlink\"", path.read_text(encoding="utf-8")).group(1)
    return unescape(re.sub(r"<[^>]+>", "", heading))


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_page_shows_the_404_page_of_its_language(page, site_url, built_site, lang):
    missing = f"{site_url}{lang}/no/such/page.html"
    response = page.goto(missing)
    assert response.status == 404
    page.problems.clear()  # the page itself is the 404 (test_site.py checks the rest loads)
    assert page.get_attribute("html", "lang") == language_tag(lang)
    assert page.locator("article h1").inner_text().rstrip("¶ \n") == first_heading(built_site / lang / "404.html")
    base = urlsplit(site_url).path
    # Its search and its links stay in that language.
    assert page.locator("form.notfound-search").get_attribute("action") == f"{base}{lang}/search.html"
    assert page.locator("form.sidebar-search-container").get_attribute("action") == f"{base}{lang}/search.html"
    home = page.locator("article p a").first.evaluate("a => a.href")
    assert home == f"{site_url}{lang}/index.html"
    chapters = page.locator(".sidebar-tree a").evaluate_all("links => links.map(a => a.href)")
    assert chapters
    assert [href for href in chapters if not href.startswith(f"{site_url}{lang}/")] == []
    assert page.request.get(chapters[-1]).status == 200
    # furo's script ran on the swapped content: the theme button works.
    theme = page.evaluate("document.body.dataset.theme")
    page.locator(".theme-toggle-content .theme-toggle").click()
    assert page.evaluate("document.body.dataset.theme") != theme


@pytest.mark.browser
def test_the_404_search_finds_pages_in_its_language(page, site_url):
    page.goto(f"{site_url}ru/nope.html")
    page.problems.clear()
    page.locator("#notfound-search-input").fill("генератор")
    page.locator("form.notfound-search button").click()
    page.wait_for_url(f"{site_url}ru/search.html?*")
    page.wait_for_selector("#search-results ul.search > li")
    assert page.locator("#search-results ul.search > li").count() > 0


@pytest.mark.browser
def test_the_404_page_without_javascript_is_the_original(open_page, site_url, built_site):
    page = open_page(java_script_enabled=False)
    response = page.goto(f"{site_url}ru/nope.html")
    assert response.status == 404
    page.problems.clear()
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("article h1").inner_text().rstrip("¶ \n") == first_heading(built_site / "en" / "404.html")
    assert page.locator("article h1").is_visible()


# -- EPUB ---------------------------------------------------------------------------


# The home page's meta description: a <meta> of the HTML page, not text of the book.
DESCRIPTION = re.search(r'description: "(.*)"', (ROOT / "docs" / "index.md").read_text(encoding="utf-8"))[1]


def plain_translations(lang):
    """The runs of plain text (no markup, quotes or dashes to typeset) of the home page's catalog."""
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "index.po").open("rb") as stream:
        catalog = read_po(stream)
    runs = [
        run.strip()
        for message in catalog
        if message.id and message.string and not message.fuzzy and message.id != DESCRIPTION
        # Link targets ([text](page.md)) are not text.
        for run in re.split(r"[*`\[\](){}<>&\"'«»“”„—–-]", re.sub(r"\]\([^)]*\)", "]", message.string))
    ]
    return [run for run in runs if len(run) >= 8]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_is_one_epub_linked_from_its_pages(built_site, site_url, lang):
    book = built_site / lang / f"streaming-flask-{lang}.epub"
    with zipfile.ZipFile(book) as epub:
        first = epub.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert epub.read("mimetype") == b"application/epub+zip"
        opf = epub.read("content.opf").decode("utf-8")
        assert f"<dc:language>{language_tag(lang)}</dc:language>" in opf
        assert f'<dc:identifier id="streaming-flask-{lang}">{site.load_conf().site_url}{lang}/</dc:identifier>' in opf
        assert "unknown" not in opf
        pages = {name for name in epub.namelist() if name.endswith(".xhtml")}
        assert {"index.xhtml", "basics.xhtml", "errors.xhtml"} <= pages
        assert not {"search.xhtml", "404.xhtml", "translation-status.xhtml"} & pages
        index = epub.read("index.xhtml").decode("utf-8")
    # The page's text, as the catalog has it: CJK and Cyrillic intact (no mojibake).
    if lang != "en":
        text = unescape(re.sub(r"<[^>]+>", "", index))
        runs = plain_translations(lang)
        assert len(runs) > 10
        assert [run for run in runs if run not in text] == []
    assert "\ufffd" not in index
    assert not re.search("[ÃÐÑâ][\u0080-\u00bf]", index)
    # Every page links it, under the language switcher, and the server has it.
    html = (built_site / lang / "basics.html").read_text(encoding="utf-8")
    link = re.search(r'<p class="epub-download"><a href="([^"]+)"', html)
    assert link
    assert link.group(1) == book.name
    with urlopen(f"{site_url}{lang}/{link.group(1)}") as response:
        assert response.status == 200
        assert response.read() == book.read_bytes()
