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
# The guide's edition. The pages do not show it; an EPUB 3 must have one (it
# becomes the book's ibooks:version).
version = release = "1"

# -- General ------------------------------------------------------------------

extensions = [
    "myst_parser",
    "translation_parsing",
    "sphinx.ext.intersphinx",
    "api_inventories",
    "bench_figures",
    "fanout_figures",
    "compression_figures",
    "database_figures",
    "archive_figures",
    "results_tables",
    # ```{chunk-timeline} <example>```: when each chunk reached the client (results/timelines.json).
    "chunk_timelines",
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
    # Issue 12, the reader's site: copy buttons, EPUB downloads.
    "sphinx_copybutton",
    "copybutton_messages",
    "epub_download",
    "toctree_captions",
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
# The databases page's {{ db_... }} figures (docs/_ext/database_figures.py).
database_results = "../bench/databases.json"
# The archives page's {{ archives_... }} figures (docs/_ext/archive_figures.py).
archive_results = "../bench/archives.json"
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
            "zipfile": "library/zipfile.html",
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
            "werkzeug.security": "utils/",
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
# Keyboard access to furo's drawers and to code that scrolls sideways; the
# language switcher keeps the reader's #section.
html_js_files = ["a11y.js", ("keep-section.js", {"defer": "defer"})]
html_show_sourcelink = False
html_copy_source = False
# Sphinx's Chinese search loads jieba's dictionary a second time as a "user
# dictionary" unless told not to: same index, faster zh_CN and zh_TW builds.
html_search_options = {"dict": ""}
# Code colours with at least 4.5:1 contrast for every token on the code
# background, in both schemes (WCAG AA; accessible-pygments, a furo dependency;
# tests/test_site/test_accessibility.py measures the generated pygments.css).
pygments_style = "a11y-light"
pygments_dark_style = "a11y-dark"

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
        "sidebar/download.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
# docs/404.md becomes 404.html; its links are absolute (notfound_urls_prefix).
notfound_pagename = "404"

# -- Copy buttons on code blocks (sphinx-copybutton) ---------------------------

# A console block copies its commands without the "$ " prompt, and not the
# output under them; the pattern also takes Python's prompts (">>> ", "... ").
# A block with no prompt (a snippet) is copied whole.
copybutton_prompt_text = r"\$ |>>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_remove_prompts = True

# -- EPUB: the whole guide as one e-book per language --------------------------

# `make epub LANG=ru`; `make site` puts each language's book next to its pages
# and the sidebar links it. docs/_ext/epub_download.py sets, per language, the
# file name (streaming-flask-ru.epub), epub_language, epub_identifier and epub_uid.
epub_download_basename = "streaming-flask"
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_description = "A guide to streaming HTTP responses in Flask."
epub_contributor = author
# The identifier is the language's address on the site.
epub_scheme = "URL"
epub_show_urls = "no"
# Pages of the web site, not of the book: the search page, the 404 page and
# the translation status (which links the other languages' pages).
epub_exclude_files = ["search.xhtml", "404.xhtml", "translation-status.xhtml"]
