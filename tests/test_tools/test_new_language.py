"""Adding a language is adding its files: locales/<lang>/ and nothing else.

A copy of the project gets a throwaway Japanese translation (a two-message
catalog and a glossary) and none of the real ones, so that `make site` builds
only English and Japanese; nothing else in the copy is edited. The Makefile,
conf.py, the extensions and tools/site.py must all find Japanese by themselves.
"""

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "https://example.org/docs/"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
# What the site needs to build: copied with their times (make then sees nothing newer
# than the venv) where the languages are looked up from the file's own place, linked
# where the pages only read them.
COPIED = [
    "Makefile",
    "requirements.txt",
    "docs",
    "bench/results.json",
    "bench/fanout.json",
    "bench/archives.json",
    "results",
    "tools",
]
LINKED = ["snippets", "tests"]
JAPANESE_INDEX = """\
msgid ""
msgstr ""
"Language: ja\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Streaming responses in Flask"
msgstr "Flask のストリーミングレスポンス"

msgid "The chapter"
msgstr "この章"
"""


def copy_project(target: Path) -> None:
    for name in LINKED:
        (target / name).symlink_to(ROOT / name, target_is_directory=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "_build"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args, f"VENV_DIR={ROOT / '.venv'}"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SITE_URL": SITE_URL},
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The copy, with locales/ja/ as its only translation."""
    project = tmp_path_factory.mktemp("new-language")
    copy_project(project)
    catalogs = project / "locales" / "ja" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    (catalogs / "index.po").write_text(JAPANESE_INDEX, encoding="utf-8")
    (project / "locales" / "ja" / "glossary.csv").write_text(
        "term,translation\ngenerator,ジェネレーター\n", encoding="utf-8"
    )
    return project


@pytest.fixture(scope="module")
def site(project):
    result = make(project, "site", "JOBS=2")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "_build" / "site"


def test_the_makefile_offers_the_new_language(project):
    assert "[LANG=en|ja]" in make(project, "help").stdout
    assert "--define language=ja" in make(project, "-n", "html", "LANG=ja").stdout


def test_the_new_language_is_built_and_translated(site):
    assert sorted(path.name for path in site.iterdir() if path.is_dir()) == ["en", "ja"]
    html = (site / "ja" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html [^>]*lang="ja"', html)
    assert "Flask のストリーミングレスポンス" in html


@pytest.mark.parametrize("code", ["en", "ja"])
def test_every_switcher_lists_it_under_its_own_name(site, code):
    html = (site / code / "basics.html").read_text(encoding="utf-8")
    switchers = re.findall(r'<nav class="site-languages[^"]*".*?</nav>', html, re.S)
    assert len(switchers) == 2
    for switcher in switchers:
        # From the Japanese page, the link to itself is marked current.
        href = "basics.html" if code == "ja" else "../ja/basics.html"
        current = ' aria-current="page"' if code == "ja" else ""
        assert f'<a href="{href}" lang="ja" hreflang="ja"{current}>日本語</a>' in switcher


@pytest.mark.parametrize("code", ["en", "ja"])
def test_every_page_names_it_as_an_alternate(site, code):
    html = (site / code / "basics.html").read_text(encoding="utf-8")
    assert f'<link rel="alternate" hreflang="ja" href="{SITE_URL}ja/basics.html">' in html


def test_the_sitemap_and_the_root_page_have_it(site):
    urlset = ET.parse(site / "sitemap.xml").getroot()
    locs = {url.findtext("sm:loc", namespaces=NS) for url in urlset.findall("sm:url", NS)}
    assert f"{SITE_URL}ja/basics.html" in locs
    for url in urlset.findall("sm:url", NS):
        assert "ja" in {link.get("hreflang") for link in url.findall("xhtml:link", NS)}
    assert '<a href="ja/index.html" hreflang="ja" lang="ja">日本語</a>' in (site / "index.html").read_text()


def test_a_sixth_language_beside_the_five_is_offered_too(project, tmp_path):
    # The real catalogs plus Japanese: the plan builds all six.
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    shutil.copytree(project / "locales" / "ja", tmp_path / "locales" / "ja")
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    result = make(tmp_path, "help")
    assert "[LANG=en|ja|ko|ru|zh_CN|zh_TW]" in result.stdout
