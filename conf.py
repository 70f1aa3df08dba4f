"""Sphinx configuration for Streaming Flask.

The source is in docs/, the catalogs in locales/, the code in snippets/.
Build through the Makefile (`make html LANG=ru`), which passes `-c .`.
"""

import json
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
    "search_korean",
    "search_zh_tw",
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
# its figures are always those of the committed bench/results.json.
_bench = json.loads((ROOT / "bench" / "results.json").read_text())
_served = _bench["served"][max(_bench["served"], key=int)]
myst_substitutions = {
    "bench_date": _bench["date"],
    "bench_cpus": str(_bench["machine"]["cpus"]),
    "bench_runs": str(_bench["runs"]),
    "bench_rows": f"{int(max(_bench['served'], key=int)):,}",
    "bench_mb": f"{_served['batched']['bytes'] / 1e6:.0f}",
    "speedup_vs_per_row": f"{_bench['ratios']['batched_vs_per_row']:.1f}",
    "speedup_vs_in_memory": f"{_bench['ratios']['batched_vs_in_memory']:.1f}",
}
for _variant, _key in [("per-row", "per_row"), ("batched", "batched"), ("in-memory", "in_memory")]:
    _m = _served[_variant]
    myst_substitutions |= {
        f"{_key}_ttfb": f"{_m['ttfb_ms']:.0f} ms" if _m["ttfb_ms"] < 1000 else f"{_m['ttfb_ms'] / 1000:.1f} s",
        f"{_key}_total": f"{_m['seconds']:.1f} s",
        f"{_key}_mbps": f"{_m['mb_per_s']:.0f} MB/s",
        f"{_key}_memory": f"{_m['memory_growth_mib']:.0f} MiB",
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
html_static_path = ["docs/_static"]
html_css_files = ["custom.css"]
html_show_sourcelink = False
html_copy_source = False
pygments_style = "friendly"
pygments_dark_style = "monokai"
