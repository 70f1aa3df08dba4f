"""What the extension tests share: where the test projects are, and one multi-language build."""

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.test_extensions.site_pages import LANGUAGES

# The test projects are Sphinx sources, not test modules.
collect_ignore = ["roots"]

ROOTS = Path(__file__).with_name("roots")
TEMPLATES = Path(__file__).resolve().parents[2] / "docs" / "_templates"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the sphinx.testing fixtures find the test projects."""
    return ROOTS


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """roots/test-site-languages built in every language, side by side: site/<lang>/.

    SphinxTestApp is driven by hand, not through the ``sphinx`` marker, because
    the test needs several builds of one source whose outputs sit next to each
    other, as on the published site; with the site's own templates, so that the
    tests read what readers see.
    """
    base = tmp_path_factory.mktemp("site-languages")
    srcdir = base / "src"
    shutil.copytree(ROOTS / "test-site-languages", srcdir)
    (base / "site").mkdir()
    warnings = {}
    for code in LANGUAGES:
        overrides = {"templates_path": [str(TEMPLATES)]}
        if code != "en":
            overrides["language"] = code
        app = SphinxTestApp("html", srcdir=srcdir, builddir=base / "build" / code, confoverrides=overrides)
        try:
            app.build()
        finally:
            app.cleanup()
        warnings[code] = app.warning.getvalue()
        (base / "site" / code).symlink_to(app.outdir, target_is_directory=True)
    return SimpleNamespace(root=base / "site", warnings=warnings)
