"""The tables of servers.md and context.md, and the prose that reads them, agree with the committed results/.

Each cell of the built page is compared with the value of the results file, in
every language of the site (numbers written that language's way); the English
words with the measured categories they stand for. The sentences of "Reading
the table" name servers: each is checked against the file here, so that a new
`make matrix` that changes a behaviour fails this test until the prose follows.
"""

import json
from pathlib import Path

import pytest
from babel.numbers import format_decimal

from tests.html_tables import tables
from tools import site

ROOT = Path(__file__).resolve().parents[2]
SERVERS = json.loads((ROOT / "results" / "servers.json").read_text())
FLASK = json.loads((ROOT / "results" / "flask_versions.json").read_text())
LANGUAGES = [code for code, _ in site.load_conf().site_languages]
SLOW_START_MS = SERVERS["probe"]["slow_start_ms"]


def only_table(built_site: Path, lang: str, page: str) -> list:
    found = tables((built_site / lang / page).read_text(encoding="utf-8"))
    assert len(found) == 1, f"{lang}/{page}: expected one table"
    return found[0]


def servers_where(condition) -> set[str]:
    return {name for name, server in SERVERS["servers"].items() if condition(server["behaviours"])}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_servers_table_shows_the_files_values(built_site, lang):
    table = only_table(built_site, lang, "servers.html")
    header, rows = table[0][1:], table[1:]
    servers = list(SERVERS["servers"].values())
    assert len(header) == len(servers)
    for heading, server in zip(header, servers, strict=True):
        for name, version in server["versions"].items():
            assert f"{name} {version}" in heading[0]

    def number(value):
        return format_decimal(value, locale=lang)

    assert len(rows) == 10
    for column, server in enumerate(servers, start=1):
        measured = server["behaviours"]
        cells = [row[column] for row in rows]
        delivery = measured["chunked_delivery"]
        assert cells[0][-1] == f"{number(delivery['first_chunk_ms'])}–{number(delivery['last_chunk_ms'])} ms"
        assert cells[1][-1] == f"{number(measured['slow_first_chunk']['headers_ms'])} ms"
        assert cells[2][-1] == f"{number(measured['empty_first_chunk']['headers_ms'])} ms"
        assert cells[3][0] == str(measured["failure_in_view"]["status"])
        assert cells[4][0] == str(measured["failure_before_first_chunk"]["status"])
        assert cells[5][0] == str(measured["failure_after_first_chunk"]["status"])
        assert cells[6] == [number(measured["hang_up"]["chunks_after_hang_up"])]
        assert cells[7] == [f"{number(measured['hang_up']['finally_ms'])} ms"]
        assert cells[8][0] == measured["http_1_0"]["response_version"]


def test_servers_table_words_are_the_measured_categories(built_site):
    table = only_table(built_site, "en", "servers.html")
    rows = table[1:]
    for column, server in enumerate(SERVERS["servers"].values(), start=1):
        measured = server["behaviours"]
        cells = [" / ".join(row[column]) for row in rows]
        assert ("not chunked" in cells[0]) == (measured["chunked_delivery"]["transfer_encoding"] is None)
        assert cells[1].startswith("with the first chunk") == (
            measured["slow_first_chunk"]["headers_ms"] >= SLOW_START_MS * 0.9
        )
        assert cells[2].startswith("at once") == (measured["empty_first_chunk"]["headers_ms"] < SLOW_START_MS / 2)
        before = measured["failure_before_first_chunk"]
        assert ("empty body" in cells[4]) == (before["body_bytes"] == 0)
        assert ("did not run" in cells[4]) == (not before["handled_by_app"])
        assert ("did not run" in cells[3]) == (not measured["failure_in_view"]["handled_by_app"])
        assert cells[5].endswith("looks complete") == (measured["failure_after_first_chunk"]["outcome"] == "complete")
        assert (cells[9] == "looks complete") == measured["http_1_0"]["cut_looks_complete"]


def test_the_reading_of_the_servers_table_holds_for_the_file():
    every = set(SERVERS["servers"])
    uwsgi = {name for name in every if name.startswith("uwsgi")}
    # "Every server sends the body chunk by chunk, and none sends the status line
    # and the headers before the generator has made its first chunk."
    assert servers_where(lambda b: b["chunked_delivery"]["chunks_received"] == SERVERS["probe"]["chunks"]) == every
    assert servers_where(lambda b: b["slow_first_chunk"]["headers_ms"] >= SLOW_START_MS * 0.9) == every
    # "... at once on every server except waitress."
    assert servers_where(lambda b: b["empty_first_chunk"]["headers_ms"] >= SLOW_START_MS * 0.9) == {"waitress"}
    # "An error in the generator never reaches the app's error handler."
    for failure in ("failure_before_first_chunk", "failure_after_first_chunk"):
        assert servers_where(lambda b, failure=failure: b[failure]["handled_by_app"]) == set()
    # "... gunicorn, waitress and Werkzeug's development server answer 500 ... uWSGI answers 200 with an empty body."
    assert servers_where(lambda b: b["failure_before_first_chunk"]["status"] == 500) == every - uwsgi
    assert servers_where(lambda b: b["failure_before_first_chunk"]["body_bytes"] == 0) == uwsgi
    assert servers_where(lambda b: b["failure_before_first_chunk"]["status"] == 200) == uwsgi
    # "If the error comes after the first chunk, every server has already sent 200 ... With uWSGI, the body looks complete."
    assert servers_where(lambda b: b["failure_after_first_chunk"]["status"] == 200) == every
    assert servers_where(lambda b: b["failure_after_first_chunk"]["outcome"] == "IncompleteRead") == every - uwsgi
    assert servers_where(lambda b: b["failure_after_first_chunk"]["outcome"] == "complete") == uwsgi
    # "On every server it made at least one more chunk."
    assert servers_where(lambda b: b["hang_up"]["chunks_after_hang_up"] >= 1) == every
    # "Every server except Werkzeug's development server answers an HTTP/1.0 client with HTTP/1.0 ..."
    http_1_0 = servers_where(lambda b: b["http_1_0"]["response_version"] == "HTTP/1.0")
    assert http_1_0 == every - {"werkzeug"}
    assert servers_where(lambda b: b["http_1_0"]["cut_looks_complete"]) == http_1_0
    assert SERVERS["servers"]["werkzeug"]["behaviours"]["http_1_0"]["transfer_encoding"] == "chunked"


def test_every_server_but_uwsgis_http_socket_sends_a_stream_chunked_over_http_1_1():
    # basics.md: "Over HTTP/1.1, most servers use chunked transfer encoding instead."
    chunked = servers_where(lambda b: b["chunked_delivery"]["transfer_encoding"] == "chunked")
    assert chunked == set(SERVERS["servers"]) - {"uwsgi"}
    assert len(chunked) > len(SERVERS["servers"]) / 2


@pytest.mark.parametrize("lang", LANGUAGES)
def test_teardown_table_has_every_release_of_the_file(built_site, lang):
    table = only_table(built_site, lang, "context.html")
    assert [row[0] for row in table[1:]] == [[version] for version in FLASK["versions"]]


def test_teardown_table_words_are_the_measured_counts(built_site):
    wording = {(1, 0): "once, after the body", (2, 1): "twice: before the body, and again after it"}
    table = only_table(built_site, "en", "context.html")
    assert table[0] == [["Flask release"], ["teardown_request"], ["teardown_appcontext"]]
    for row, record in zip(table[1:], FLASK["versions"].values(), strict=True):
        for cell, function in zip(row[1:], ("teardown_request", "teardown_appcontext"), strict=True):
            counts = record["teardown"]["stream_with_context"]["whole_body"][function]
            assert cell == [wording[counts["runs"], counts["runs_before_the_body"]]]
