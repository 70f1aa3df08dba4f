"""Sphinx configuration for Streaming Flask.

The source is in docs/, the catalogs in locales/, the code in snippets/.
Build through the Makefile (`make html LANG=ru`), which passes `-c .`.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

# -- Project ------------------------------------------------------------------

project = "Streaming Flask"
author = "The Streaming Flask contributors"
copyright = "2026, " + author
# Kept in step with the pin in requirements.txt.
needs_sphinx = "8.2"

# -- General ------------------------------------------------------------------

extensions = [
    "myst_parser",
    "translation_parsing",
    "sphinx.ext.intersphinx",
    "api_inventories",
    "search_korean",
    "search_zh_tw",
    "jieba_dictionary",
    "site_languages",
    "js_translations",
    "notfound.extension",
]

root_doc = "index"
exclude_patterns = ["_build", "_ext", "**/.*"]
# Every reference must resolve (the Makefile builds with -n -W).
nitpicky = True
# Flask's session and request are documented as data, but read like classes.
default_role = None

# -- MyST ---------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
# Headings get anchors so that pages can link to sections: [text](page.md#slug).
myst_heading_anchors = 3

# -- Figures from `make bench` ---------------------------------------------

# The chapter quotes the benchmark through {{ bench_... }} substitutions, so
# its figures are always those of the committed bench/results.json. Numbers
# are written the way the page's language writes them (1 000 000 and 7,0 in
# Russian), with SI unit symbols; see bench_substitutions() below.
BENCH_RESULTS = json.loads((ROOT / "bench" / "results.json").read_text())


def bench_substitutions(language):
    """The benchmark figures, formatted for ``language`` (Babel's CLDR data)."""
    from babel.numbers import format_decimal

    def number(value, pattern="#,##0"):
        return format_decimal(value, format=pattern, locale=language or "en")

    def duration(ms):
        return f"{number(ms)} ms" if ms < 1000 else f"{number(ms / 1000, '0.0')} s"

    largest = max(BENCH_RESULTS["served"], key=int)
    served = BENCH_RESULTS["served"][largest]
    figures = {
        "bench_date": BENCH_RESULTS["date"],
        "bench_cpus": number(BENCH_RESULTS["machine"]["cpus"]),
        "bench_runs": number(BENCH_RESULTS["runs"]),
        "bench_rows": number(int(largest)),
        "bench_mb": number(served["batched"]["bytes"] / 1e6),
        "speedup_vs_per_row": number(BENCH_RESULTS["ratios"]["batched_vs_per_row"], "0.0"),
        "speedup_vs_in_memory": number(BENCH_RESULTS["ratios"]["batched_vs_in_memory"], "0.0"),
    }
    for variant, key in [("per-row", "per_row"), ("batched", "batched"), ("in-memory", "in_memory")]:
        m = served[variant]
        figures |= {
            f"{key}_ttfb": duration(m["ttfb_ms"]),
            f"{key}_total": f"{number(m['seconds'], '0.0')} s",
            f"{key}_mbps": f"{number(m['mb_per_s'])} MB/s",
            f"{key}_memory": f"{number(m['memory_growth_mib'])} MiB",
        }
    return figures


myst_substitutions = bench_substitutions(None)


def setup(app):
    # -D language=ru is applied after this file runs: format for it once known.
    def format_for_language(app, config):
        config.myst_substitutions = bench_substitutions(config.language)

    app.connect("config-inited", format_for_language)


# -- API links (offline intersphinx, see docs/_ext/api_inventories.py) -------

api_inventories = {
    "python": (
        "https://docs.python.org/3/",
        {
            "builtins": "",
            "contextlib": "library/contextlib.html",
            "csv": "library/csv.html",
            "http.client": "library/http.client.html",
            "io": "library/io.html",
            "itertools": "library/itertools.html",
            "json": "library/json.html",
            "logging": "library/logging.html",
            "threading": "library/threading.html",
            "time": "library/time.html",
        },
    ),
    "flask": ("https://flask.palletsprojects.com/en/stable/", {"flask": "api/"}),
    "werkzeug": (
        "https://werkzeug.palletsprojects.com/en/stable/",
        {
            "werkzeug.wrappers": "wrappers/",
            "werkzeug.test": "test/",
            "werkzeug.exceptions": "exceptions/",
            "werkzeug.serving": "serving/",
            "werkzeug.wsgi": "wsgi/",
            "werkzeug.middleware.profiler": "middleware/profiler/",
        },
    ),
    "jinja": (
        "https://jinja.palletsprojects.com/en/stable/",
        {"jinja2": "api/", "jinja2.environment": "api/"},
    ),
    "markupsafe": ("https://markupsafe.palletsprojects.com/en/stable/", {"markupsafe": ""}),
}
intersphinx_mapping = {}
# Only explicit `inv:` or domain references go to other projects.
intersphinx_disabled_reftypes = ["std:doc"]

# -- Internationalisation -----------------------------------------------------

# Relative to the source directory (docs/): the catalogs live in ../locales.
locale_dirs = ["../locales"]
gettext_compact = False
gettext_uuid = False
gettext_location = False
# Code is single-sourced in snippets/: never extract it into the catalogs.
gettext_additional_targets = []

# -- HTML ---------------------------------------------------------------------

html_theme = "furo"
# Relative to this file. page.html passes furo's hard-coded English through the
# translator (the strings are in locales/<lang>/LC_MESSAGES/sphinx.po).
templates_path = ["docs/_templates"]
html_title = "Streaming Flask"
# Without an icon, browsers ask the host for /favicon.ico, which is not there.
html_favicon = "docs/_static/favicon.svg"
html_static_path = ["docs/_static"]
html_css_files = ["custom.css"]
html_show_sourcelink = False
html_copy_source = False
# Sphinx's Chinese search loads jieba's dictionary a second time as a "user
# dictionary" unless told not to: same index, faster zh_CN and zh_TW builds.
html_search_options = {"dict": ""}
pygments_style = "friendly"
pygments_dark_style = "monokai"

# -- Languages of the site ----------------------------------------------------

# Where the site is published; the five builds sit under it as en/, zh_CN/ ...
# The one setting for hreflang links, canonical URLs and the sitemap; the
# deploy workflow sets SITE_URL. docs/_ext/site_languages.py derives from it,
# for the build's language (-D language=ru is applied after this file runs),
# html_baseurl (Sphinx's <link rel="canonical">) and notfound_urls_prefix.
site_url = os.environ.get("SITE_URL", "https://streaming-flask.github.io/streaming-flask/")
# Sphinx language code and the language's own name; the first is the original.
site_languages = [
    ("en", "English"),
    ("zh_CN", "简体中文"),
    ("zh_TW", "繁體中文"),
    ("ru", "Русский"),
    ("ko", "한국어"),
]
# furo's sidebar, with the language switcher under the search box and without
# Read the Docs' parts.
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/languages.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
# docs/404.md becomes 404.html; its links are absolute (notfound_urls_prefix).
notfound_pagename = "404"
