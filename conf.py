"""Sphinx configuration for Streaming Flask.

The source is in docs/, the catalogs in locales/, the code in snippets/.
Build through the Makefile (`make html LANG=ru`), which passes `-c .`.
"""

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
    "sphinx.ext.intersphinx",
    "api_inventories",
]

root_doc = "index"
exclude_patterns = ["_build", "_ext", "**/.*"]
# Every reference must resolve (the Makefile builds with -n -W).
nitpicky = True
# Flask's session and request are documented as data, but read like classes.
default_role = None

# -- MyST ---------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
# Headings get anchors so that pages can link to sections: [text](page.md#slug).
myst_heading_anchors = 3

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
html_title = "Streaming Flask"
html_static_path = ["docs/_static"]
html_css_files = ["custom.css"]
html_show_sourcelink = False
html_copy_source = False
pygments_style = "friendly"
pygments_dark_style = "monokai"
