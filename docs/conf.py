"""Sphinx configuration for Streaming Flask.

It sits beside the pages (docs/), so every path below is relative to this
folder: the catalogs are in ../locales, the code in ../snippets. Build through
the Makefile (`make html LANG=ru`).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

import languages  # noqa: E402  (from docs/_ext, put on the path just above)

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
    "bench_figures",
    "fanout_figures",
    "compression_figures",
    "results_tables",
    "search_ko",
    "search_zh_tw",
    "jieba_dictionary",
    # Search finds phrases typed without spaces, either Chinese script, other word forms.
    "search_query",
    "site_languages",
    "translation_status",
    "js_translations",
    "theme_pot",
    "translation_safety",
    "proofs",
    "quantities",
    "notfound.extension",
]

root_doc = "index"
exclude_patterns = ["_build", "_ext", "**/.*"]
# Every reference must resolve (the Makefile builds with --nitpicky --fail-on-warning).
nitpicky = True
# Flask's session and request are documented as data, but read like classes.
default_role = None

# -- MyST ---------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
# Headings get anchors so that pages can link to sections: [text](page.md#slug).
myst_heading_anchors = 3

# -- Figures from `make bench` ---------------------------------------------

# The chapter quotes the benchmark through {{ bench_... }} substitutions
# (docs/_ext/bench_figures.py), formatted for the page's language.
bench_results = "../bench/results.json"
# The fan-out page's {{ fanout_... }} figures (docs/_ext/fanout_figures.py).
fanout_results = "../bench/fanout.json"
# The compression page's {{ compression_... }} figures (docs/_ext/compression_figures.py).
compression_results = "../bench/compression.json"
myst_substitutions = {}

# -- Tables from `make matrix` --------------------------------------------------

# ```{results-table} servers``` and the {{ results_... }} substitutions
# (docs/_ext/results_tables.py) read these files.
results_files = {
    "servers": "../results/servers.json",
    "flask_versions": "../results/flask_versions.json",
    "proxies": "../results/proxies.json",
}


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

locale_dirs = ["../locales"]
gettext_compact = False
gettext_uuid = False
gettext_location = False
# Code is single-sourced in snippets/: never extract it into the catalogs.
gettext_additional_targets = []

# -- HTML ---------------------------------------------------------------------

html_theme = "furo"
# page.html passes furo's hard-coded English through the
# translator (the strings are in locales/<lang>/LC_MESSAGES/sphinx.po).
templates_path = ["_templates"]
html_title = "Streaming Flask"
# Without an icon, browsers ask the host for /favicon.ico, which is not there.
html_favicon = "_static/favicon.svg"
html_static_path = ["_static"]
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
# Sphinx language code and the language's own name, the original first: English,
# then every folder of locales/ (docs/_ext/languages.py).
site_languages = languages.site_languages()
# The repository that the ✓ of each claim links to: a test's def line on its
# main branch (docs/_ext/proofs.py). The deploy workflow sets REPOSITORY_URL
# to the repository it builds, as it sets SITE_URL to where it publishes.
repository_url = os.environ.get("REPOSITORY_URL", "https://github.com/streaming-flask/streaming-flask")
repository_branch = "main"
# The tests' node ids ({proof}`tests/...`) are relative to the repository's root.
proofs_root = ".."
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
