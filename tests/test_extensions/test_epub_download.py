"""Each language's EPUB is named after it, built with the epub theme, and linked from the pages."""

import zipfile

import pytest


@pytest.mark.sphinx("epub", testroot="epub-download")
def test_the_book_is_named_and_tagged_for_its_language(app):
    # The project's page.html extends a template only the HTML theme has: the
    # book is built with the epub theme's own.
    app.build()
    assert app.statuscode == 0
    with zipfile.ZipFile(app.outdir / "book-ko.epub") as epub:
        opf = epub.read("content.opf").decode("utf-8")
        index = epub.read("index.xhtml").decode("utf-8")
    assert "<dc:language>ko</dc:language>" in opf
    assert '<dc:identifier id="book-ko">https://example.org/book/ko/</dc:identifier>' in opf
    assert 'unique-identifier="book-ko"' in opf
    assert "스트리밍 응답의 내용." in index


@pytest.mark.sphinx(
    "html",
    testroot="epub-download",
    srcdir="epub-download-html",
    confoverrides={"templates_path": [], "epub_download_link": True},
)
def test_pages_get_the_address_of_the_book_when_asked(app):
    seen = {}
    app.connect(
        "html-page-context", lambda app, pagename, *args: seen.update({pagename: args[1].get("epub_download_url")})
    )
    app.build()
    assert seen["index"] == "book-ko.epub"


@pytest.mark.sphinx(
    "html", testroot="epub-download", srcdir="epub-download-nolink", confoverrides={"templates_path": []}
)
def test_no_address_without_the_book(app):
    seen = {}
    app.connect(
        "html-page-context", lambda app, pagename, *args: seen.update({pagename: args[1].get("epub_download_url")})
    )
    app.build()
    assert seen["index"] is None
