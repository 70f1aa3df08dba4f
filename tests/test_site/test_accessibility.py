"""Accessibility of the built site: axe-core on every page, and what axe cannot check.

axe-core (the engine of Lighthouse's accessibility audit) runs with its default
rules, WCAG 2.x A and AA plus best practices, on every HTML page of every
language, in the light and the dark colour scheme. Its script comes from the
pinned axe-playwright-python wheel (requirements.txt), which ships axe.min.js.

Every page is loaded as a reader loads it: status 200, its language, and no
console error, failed request or request to another host (the ``open_page``
fixture). What axe does not check, measured in the browser too: focus never lands in a
closed drawer, the drawer toggles work from the keyboard, every focused element
shows a ring, the switcher's links are tap targets of 24 px at least, and no
heading leaves its hidden permalink alone on a line of its own on a phone.
Without a browser: every token colour of the code has 4.5:1 contrast on the
code background, and every page has a meta description in its language.
"""

from __future__ import annotations

import html.parser
import re
import threading
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tools import site

LANGUAGES = [code for code, _ in site.load_conf().site_languages]
ORIGINAL = LANGUAGES[0]
LOCALES = Path(__file__).resolve().parents[2] / "locales"
AXE_SCRIPT = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# WCAG 2.2 AA, success criteria 1.4.3 (text contrast) and 2.5.8 (target size).
MIN_CONTRAST = 4.5
MIN_TARGET_PX = 24

pytestmark = pytest.mark.browser


def page_names(sitedir: Path) -> list[str]:
    """Every HTML page of one folder of the site (not of _static)."""
    return sorted(path.name for path in sitedir.glob("*.html"))


# The rules whose outcome depends on colours. The dark scheme changes colours
# only (the same markup, the same layout), so it is audited with these alone:
# half the time of a second full run.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def run_axe(page, rules: list[str] | None = None, *, skip_code_contrast: bool = False) -> list[dict]:
    """axe's violations on the loaded page: rule, impact, and each node's target and message.

    Every rule of axe's default set (WCAG 2.x A and AA, best practices), or only
    ``rules``. With ``skip_code_contrast``, the colour contrast of highlighted
    code is left to the English page, which has the same code blocks
    (test_code_blocks_are_the_same_in_every_language): on code-heavy pages that
    contrast is most of axe's time.
    """
    # target-size (WCAG 2.2, 2.5.8) is off in axe's default set, on in Lighthouse's.
    options = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
    if rules:
        options = {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": rules}}
    return page.evaluate(
        """async ([options, skipCodeContrast]) => {
            // One axe run at a time: axe refuses a second run while one is going.
            const runs = [[document, options]];
            if (skipCodeContrast) {
                const contrast = "color-contrast";
                runs[0][1] = options.runOnly
                    ? {...options, runOnly: {type: "rule", values: options.runOnly.values.filter(r => r !== contrast)}}
                    : {...options, rules: {...options.rules, [contrast]: {enabled: false}}};
                runs.push([{exclude: [["div.highlight"]]}, {...options, runOnly: {type: "rule", values: [contrast]}}]);
            }
            const violations = [];
            let passes = 0;
            for (const [context, runOptions] of runs) {
                const results = await axe.run(context, runOptions);
                passes += results.passes.length;
                violations.push(...results.violations);
            }
            // axe ran: some rule applied and passed (none would be a broken run).
            if (passes === 0) throw new Error("axe passed no rule: " + location.href);
            return violations.map(v => ({
                rule: v.id,
                impact: v.impact,
                nodes: v.nodes.map(n => [n.target.join(" "), n.failureSummary.replace(/\\s+/g, " ")]),
            }));
        }""",
        [options, skip_code_contrast],
    )


def audit(page, url: str, *, lang: str, themed: bool = True) -> list[str]:
    """axe's violations on ``url`` in the light, then the dark scheme, one line per node.

    The page must load in language ``lang``; it loads cleanly and offline, or
    the ``open_page`` fixture fails the test. A ``themed`` page (furo's) has
    colours of its own for the dark scheme.
    """
    page.emulate_media(color_scheme="light")
    response = page.goto(url)
    assert response.status == 200, url
    assert page.get_attribute("html", "lang") == lang.replace("_", "-"), url
    found = []
    backgrounds = set()
    for scheme, rules in (("light", None), ("dark", COLOUR_RULES)):
        page.emulate_media(color_scheme=scheme)
        backgrounds.add(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        for violation in run_axe(page, rules, skip_code_contrast=lang != ORIGINAL):
            for target, message in violation["nodes"]:
                found.append(f"{url} [{scheme}] {violation['rule']} ({violation['impact']}) {target}: {message}")
    assert len(backgrounds) == (2 if themed else 1), f"{url}: the colours of the schemes {backgrounds}"
    return found


@pytest.fixture
def axe_page(open_page):
    """A desktop-sized page with axe in every document it loads."""
    page = open_page(viewport=DESKTOP)
    page.context.add_init_script(AXE_SCRIPT)
    return page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_violation_on_any_page_in_either_scheme(axe_page, built_site, site_url, lang):
    names = page_names(built_site / lang)
    assert {"index.html", "search.html", "404.html"} <= set(names)
    violations = []
    for name in names:
        violations += audit(axe_page, f"{site_url}{lang}/{name}", lang=lang)
    assert violations == []


CODE_BLOCK = re.compile(r'<div class="highlight"><pre>.*?</pre></div>', re.S)


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_code_blocks_are_the_same_in_every_language(built_site, lang):
    # Why axe checks the contrast of code on English pages only: every
    # translated page has exactly the English page's highlighted code.
    for english in sorted((built_site / ORIGINAL).glob("*.html")):
        translated = built_site / lang / english.name
        assert CODE_BLOCK.findall(translated.read_text(encoding="utf-8")) == CODE_BLOCK.findall(
            english.read_text(encoding="utf-8")
        ), translated


def test_axe_finds_no_violation_where_a_translation_is_behind(axe_page, behind_build):
    # The site shows untranslated and outdated pages in colours of their own,
    # which the complete catalogs of the site build never show.
    built = behind_build.html
    assert 'class="translation-outdated"' in (built / "translation-status.html").read_text(encoding="utf-8")
    server = site.make_server(built.parent, 0, "/")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        violations = []
        for name in ("translation-status.html", f"{behind_build.page}.html"):
            url = f"http://127.0.0.1:{server.server_address[1]}/{behind_build.lang}/{name}"
            violations += audit(axe_page, url, lang=behind_build.lang)
    finally:
        server.shutdown()
        server.server_close()
    assert violations == []


def test_axe_finds_no_violation_on_the_root_pages(axe_page, built_site, site_url):
    # The root page sends the browser on at once with JavaScript: audit what a
    # reader without JavaScript gets, the page less its redirecting script.
    markup = (built_site / "index.html").read_text(encoding="utf-8")
    without_redirect = re.sub(r"<script>.*?</script>", "", markup, flags=re.DOTALL)
    axe_page.route(site_url, lambda route: route.fulfill(body=without_redirect, content_type="text/html"))
    violations = audit(axe_page, site_url, lang=ORIGINAL, themed=False)
    assert page_names(built_site) == ["404.html", "index.html"]
    violations += audit(axe_page, f"{site_url}404.html", lang=ORIGINAL)
    assert violations == []


# -- The keyboard -------------------------------------------------------------

# What the focused element is, where it is, and whether it shows a ring.
FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return {
        label: element.outerHTML.slice(0, 120),
        visible: element.checkVisibility({visibilityProperty: true, opacityProperty: true}),
        onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.left < innerWidth,
        ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none",
    };
}"""


def tab_stops(page, limit: int = 400) -> list[dict]:
    """Every element that Tab reaches, in order, from the top of the page."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:  # past the last stop: back to the document
            return stops
        stops.append(focused)
    raise AssertionError(f"Tab did not leave the page after {limit} stops")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_every_tab_stop_is_on_screen_and_shows_a_focus_ring(open_page, site_url, viewport):
    page = open_page(viewport=viewport)
    # browser.html has the most links, and a contents drawer at both widths.
    page.goto(f"{site_url}{ORIGINAL}/browser.html")
    stops = tab_stops(page)
    assert len(stops) > 20
    hidden = [stop["label"] for stop in stops if not (stop["visible"] and stop["onScreen"])]
    assert hidden == []
    without_ring = [stop["label"] for stop in stops if not stop["ring"]]
    assert without_ring == []


def is_open(page, drawer_id: str) -> bool:
    """Whether the drawer is on screen, visible and slid all the way in."""
    return page.evaluate(
        """id => {
            const drawer = document.getElementById(id);
            const box = drawer.getBoundingClientRect();
            return getComputedStyle(drawer).visibility === "visible" && box.left >= 0 && box.right <= innerWidth;
        }""",
        drawer_id,
    )


def tab_to(page, selector: str, limit: int = 100) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize(
    ("viewport", "toggle", "drawer"),
    [
        (PHONE, "label.nav-overlay-icon", "site-navigation"),
        (PHONE, "label.toc-header-icon", "page-contents"),
        (DESKTOP, "label.toc-content-icon", "page-contents"),
    ],
    ids=["navigation-390px", "contents-390px", "contents-1280px"],
)
def test_drawer_toggles_open_with_enter_and_space_and_close_with_escape(open_page, site_url, viewport, toggle, drawer):
    page = open_page(viewport=viewport)
    page.goto(f"{site_url}{ORIGINAL}/basics.html")
    assert not is_open(page, drawer)
    tab_to(page, f"{toggle} > .icon")
    for key in ("Enter", "Space"):
        page.keyboard.press(key)
        page.wait_for_function("id => document.getElementById(id).getBoundingClientRect().left >= 0", arg=drawer)
        page.wait_for_function(
            "id => { const b = document.getElementById(id).getBoundingClientRect(); return b.right <= innerWidth; }",
            arg=drawer,
        )
        assert is_open(page, drawer), key
        assert page.get_attribute(f"{toggle} > .icon", "aria-expanded") == "true"
        # The focus moved into the drawer that opened.
        assert page.evaluate("id => document.getElementById(id).contains(document.activeElement)", drawer), key
        page.keyboard.press("Escape")
        assert page.get_attribute(f"{toggle} > .icon", "aria-expanded") == "false"
        assert page.evaluate("s => document.activeElement.matches(s)", f"{toggle} > .icon"), key
        page.wait_for_function(
            "id => getComputedStyle(document.getElementById(id)).visibility === 'hidden'", arg=drawer
        )
        assert not is_open(page, drawer)


# -- Tap targets and headings on a phone ---------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_switcher_links_are_tap_targets_of_24px(open_page, site_url, lang):
    sizes = []
    for viewport, place in ((DESKTOP, "sidebar"), (PHONE, "footer")):
        page = open_page(viewport=viewport)
        page.goto(f"{site_url}{lang}/index.html")
        sizes += page.eval_on_selector_all(
            f".site-languages-{place} a",
            "links => links.map(a => { const b = a.getBoundingClientRect(); return [a.textContent, b.width, b.height]; })",
        )
    assert len(sizes) == 2 * (len(LANGUAGES) + 1)  # the languages and "Translation status", twice
    small = [(text, width, height) for text, width, height in sizes if min(width, height) < MIN_TARGET_PX]
    assert small == []


# The headings whose permalink is laid out on a line below the heading's last
# character: a blank line, as the permalink is invisible until hovered.
PERMALINK_ALONE = """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].flatMap(heading => {
    const link = heading.querySelector(":scope > a.headerlink");
    const mark = link && link.getClientRects()[0];
    if (!mark) return [];  // no permalink, or one that takes no room
    // The heading's last visible character, outside the permalink.
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    let last = null;
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!link.contains(node) && node.textContent.trim()) last = node;
    }
    const end = last.textContent.trimEnd().length;
    const range = document.createRange();
    range.setStart(last, end - 1);
    range.setEnd(last, end);
    const character = [...range.getClientRects()].at(-1);
    return mark.top >= character.bottom - 1 ? [heading.textContent.trim()] : [];
})"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_heading_leaves_its_permalink_alone_on_a_line_on_a_phone(open_page, built_site, site_url, lang):
    page = open_page(viewport=PHONE)
    alone = []
    permalinks = 0
    for name in page_names(built_site / lang):
        page.goto(f"{site_url}{lang}/{name}")
        alone += [f"{name}: {heading}" for heading in page.evaluate(PERMALINK_ALONE)]
        permalinks += page.locator(":is(h1, h2, h3, h4, h5, h6) > a.headerlink").count()
    assert permalinks > 50  # the check had headings to look at
    assert alone == []


# -- Code colours ---------------------------------------------------------------


def luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a #rgb or #rrggbb colour."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(digit * 2 for digit in hex_digits)
    channels = [int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_formula_matches_wcag_examples():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    # The old light style's comments, as the review measured them (2.57:1).
    assert contrast("#60a0b0", "#f0f0f0") == pytest.approx(2.57, abs=0.01)


RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
# The dark scheme's rules: furo writes them for a reader who chose the dark
# theme, and for "auto" (the default) under prefers-color-scheme: dark.
DARK_PREFIXES = ('body[data-theme="dark"] ', 'body:not([data-theme="light"]) ')


def token_colours(pygments_css: str) -> dict[str, dict[str, dict[str, str]]]:
    """{scheme: {selector: {"color": ..., "background": ...}}} of the highlight rules."""
    schemes: dict[str, dict[str, dict[str, str]]] = {"light": {}, "dark": {}}
    without_comments = re.sub(r"/\*.*?\*/", "", pygments_css, flags=re.DOTALL)
    for selectors, body in RULE.findall(without_comments):
        declarations = {
            name.strip(): value.strip()
            for name, _, value in (part.partition(":") for part in body.split(";"))
            if value.strip()
        }
        colours = {
            key: re.search(r"#[0-9a-fA-F]{3,6}\b", declarations.get(name, "")).group()
            for key, name in (("color", "color"), ("background", "background-color"), ("background", "background"))
            if re.search(r"#[0-9a-fA-F]{3,6}\b", declarations.get(name, ""))
        }
        if not colours:
            continue
        for selector in (s.strip() for s in selectors.split(",")):
            dark = [prefix for prefix in DARK_PREFIXES if selector.startswith(prefix)]
            if dark:
                schemes["dark"].setdefault(selector.removeprefix(dark[0]), {}).update(colours)
            elif selector.startswith(".highlight"):
                schemes["light"].setdefault(selector, {}).update(colours)
    return schemes


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_code_token_colour_has_4_5_contrast_on_the_code_background(built_site, scheme):
    rules = token_colours((built_site / ORIGINAL / "_static" / "pygments.css").read_text(encoding="utf-8"))[scheme]
    background = rules[".highlight"]["background"]
    tokens = {selector: colours for selector, colours in rules.items() if "color" in colours}
    assert len(tokens) > 30  # every token class of the style, not a stray rule
    low = {
        selector: round(contrast(colours["color"], colours.get("background", background)), 2)
        for selector, colours in tokens.items()
        if contrast(colours["color"], colours.get("background", background)) < MIN_CONTRAST
    }
    assert low == {}


# -- Meta descriptions ------------------------------------------------------------


class MetaDescriptions(html.parser.HTMLParser):
    """The content of every <meta name="description"> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name") == "description":
            self.found.append(attributes.get("content") or "")


def descriptions(path: Path) -> list[str]:
    parser = MetaDescriptions()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


def translation(lang: str, docname: str, english: str) -> str:
    """The catalog's translation of ``english`` for the page, or the English while there is none.

    A page's own description is in its catalog; a generated page's (search,
    genindex, translation status) comes from the templates, in sphinx.po.
    """
    for domain in (docname, "sphinx"):
        path = LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"
        if not path.exists():
            continue
        with path.open("rb") as file:
            message = read_po(file).get(english)
        if message is not None and message.string and not message.fuzzy:
            return message.string
    return english


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_one_meta_description_in_its_language(built_site, lang):
    names = page_names(built_site / lang)
    assert names == page_names(built_site / ORIGINAL)
    wrong = {}
    for name in names:
        english = descriptions(built_site / ORIGINAL / name)
        found = descriptions(built_site / lang / name)
        assert [len(text) > 40 for text in english] == [True], (ORIGINAL, name, english)
        expected = [translation(lang, name.removesuffix(".html"), english[0])]
        if found != expected:
            wrong[name] = (found, expected)
    assert wrong == {}
    # Pages have their own descriptions; only the generated pages share the site's.
    assert len({descriptions(built_site / ORIGINAL / name)[0] for name in names}) >= len(names) - 3


def test_the_root_pages_have_a_meta_description(built_site):
    for name in page_names(built_site):
        found = descriptions(built_site / name)
        assert [len(text) > 40 for text in found] == [True], (name, found)
