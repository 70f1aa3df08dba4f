"""The built pages of roots/test-site-languages, read as the tests need them.

The project is built once per language (the ``site`` fixture in conftest.py),
the builds side by side as on the published site: <site>/en/, <site>/ru/, <site>/ko/.
Its Russian catalogs translate index and full completely, partial three
messages of four, and outdated two of three, the third fuzzy; nested/deep has
no catalog, and Korean has none at all.
"""

from html.parser import HTMLParser

SITE_URL = "https://example.org/docs/"
LANGUAGES = {"en": "en", "ru": "ru", "ko": "ko"}  # Sphinx code: BCP 47 tag, as the root's conf.py lists them
PAGES = ["index", "full", "partial", "outdated", "nested/deep", "404", "search", "genindex", "translation-status"]


class Links(HTMLParser):
    """The <link> and <a> tags of a page, and its banner."""

    def __init__(self, text):
        super().__init__()
        self.links, self.anchors, self.navs, self.banner = [], [], [], None
        self._nav = self._banner = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "nav" and "site-languages" in attrs.get("class", ""):
            self._nav = []
            self.navs.append(self._nav)
        elif tag == "a":
            self.anchors.append(attrs)
            if self._nav is not None and "hreflang" in attrs:
                self._nav.append(attrs)
        elif tag == "div" and attrs.get("class") == "translation-banner":
            self._banner = []

    def handle_endtag(self, tag):
        if tag == "nav":
            self._nav = None
        elif tag == "div" and self._banner is not None:
            self.banner, self._banner = " ".join(" ".join(self._banner).split()), None

    def handle_data(self, data):
        if self._banner is not None:
            self._banner.append(data)


def page(site, code, pagename):
    return Links((site.root / code / f"{pagename}.html").read_text())
