"""The offline inventories link real API names and leave unknown ones unresolved."""

import importlib.metadata
import zlib

import pytest
from sphinx.util.inventory import InventoryFile

import api_inventories


def read_inventory(path):
    with path.open("rb") as stream:
        return InventoryFile.load(stream, "https://example.org/", lambda base, uri: base + uri)


def test_flask_inventory_points_at_the_api_page(tmp_path):
    path = tmp_path / "flask.inv"
    api_inventories.write_inventory(path, "flask", {"flask": "api/"})
    inventory = read_inventory(path)
    assert inventory["py:function"]["flask.stream_with_context"].uri == (
        "https://example.org/api/#flask.stream_with_context"
    )
    assert "flask.Response.is_streamed" in inventory["py:attribute"]
    assert "flask.Flask.teardown_request" in inventory["py:method"]
    assert "flask.request" in inventory["py:data"]
    # Names Flask only re-exports from elsewhere are not Flask's to document.
    assert not any(name.startswith("flask.typing") for name in inventory["py:data"])


@pytest.mark.parametrize(
    ("project", "module", "distribution"),
    [("flask", "flask", "Flask"), ("markdown-it", "markdown_it", "markdown-it-py")],
)
def test_the_version_is_that_of_the_distribution_providing_the_module(tmp_path, project, module, distribution):
    # markdown_it comes from markdown-it-py: a module named unlike its distribution.
    path = tmp_path / f"{project}.inv"
    api_inventories.write_inventory(path, project, {module: ""})
    assert f"# Version: {importlib.metadata.version(distribution)}\n".encode() in path.read_bytes()


def test_builtins_go_to_their_pages(tmp_path):
    path = tmp_path / "python.inv"
    api_inventories.write_inventory(path, "python", {"builtins": "", "csv": "library/csv.html"})
    inventory = read_inventory(path)
    assert inventory["py:exception"]["GeneratorExit"].uri.endswith("library/exceptions.html#GeneratorExit")
    assert inventory["py:function"]["len"].uri.endswith("library/functions.html#len")
    assert inventory["py:class"]["str"].uri.endswith("library/stdtypes.html#str")
    # csv.writer is defined in the C module _csv, and still belongs to csv.
    assert inventory["py:function"]["csv.writer"].uri.endswith("library/csv.html#csv.writer")
    assert inventory["py:module"]["csv"].uri.endswith("library/csv.html#module-csv")
    assert inventory["std:term"]["generator"].uri.endswith("glossary.html#term-generator")


def test_a_name_exported_by_two_modules_is_listed_once(tmp_path):
    path = tmp_path / "jinja.inv"
    count = api_inventories.write_inventory(path, "jinja", {"jinja2": "api/", "jinja2.environment": "api/"})
    compressed = path.read_bytes().split(b"\n", 4)[4]
    names = [line.split()[0] for line in zlib.decompress(compressed).decode().splitlines()]
    assert len(names) == count == len(set(names))
    assert "jinja2.environment.TemplateStream.enable_buffering" in names
    assert "jinja2.Template.stream" in names


@pytest.mark.sphinx("html", testroot="api-inventories")
def test_references_resolve_to_the_published_docs(app):
    app.build()
    html = (app.outdir / "index.html").read_text()
    assert app.warning.getvalue() == ""
    assert 'href="https://flask.palletsprojects.com/en/stable/api/#flask.stream_with_context"' in html
    assert 'href="https://docs.python.org/3/library/csv.html#csv.writer"' in html
    assert 'href="https://docs.python.org/3/glossary.html#term-generator"' in html


@pytest.mark.sphinx("html", testroot="api-inventories")
def test_a_name_the_package_lacks_stays_unresolved(app):
    (app.srcdir / "index.rst").write_text("Links\n=====\n\n:func:`flask.stream_with_contex`\n")
    app.build()
    assert "py:func reference target not found: flask.stream_with_contex" in app.warning.getvalue()
