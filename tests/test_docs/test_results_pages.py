"""The tables of servers.md and context.md, and the prose that reads them, agree with the committed results/.

Each cell of the built page is compared with the value of the results file, in
every language of the site (numbers written that language's way); the English
words with the measured categories they stand for. The sentences of "Reading
the table" and "Reading the proxy table" say what was measured: each is checked
against the file here, so that a new `make matrix` that changes a behaviour
fails this test until the prose follows.
"""

import json
import re
from pathlib import Path

import pytest

import quantities
from tests.html_tables import tables
from tools import site

ROOT = Path(__file__).resolve().parents[2]
SERVERS = json.loads((ROOT / "results" / "servers.json").read_text())
FLASK = json.loads((ROOT / "results" / "flask_versions.json").read_text())
PROXIES = json.loads((ROOT / "results" / "proxies.json").read_text())
LANGUAGES = [code for code, _ in site.load_conf().site_languages]
SLOW_START_MS = SERVERS["probe"]["slow_start_ms"]


def page_tables(built_site: Path, lang: str, page: str, count: int) -> list:
    found = tables((built_site / lang / page).read_text(encoding="utf-8"))
    assert len(found) == count, f"{lang}/{page}: expected {count} tables"
    return found


def only_table(built_site: Path, lang: str, page: str) -> list:
    return page_tables(built_site, lang, page, 1)[0]


def servers_page_tables(built_site: Path, lang: str) -> tuple[list, list]:
    """The servers table and the proxies table of servers.html, in this order."""
    servers, proxies = page_tables(built_site, lang, "servers.html", 2)
    return servers, proxies


def servers_where(condition) -> set[str]:
    return {name for name, server in SERVERS["servers"].items() if condition(server["behaviours"])}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_servers_table_shows_the_files_values(built_site, lang):
    table, _ = servers_page_tables(built_site, lang)
    header, rows = table[0][1:], table[1:]
    servers = list(SERVERS["servers"].values())
    assert len(header) == len(servers)
    for heading, server in zip(header, servers, strict=True):
        for name, version in server["versions"].items():
            assert f"{name} {version}" in heading[0]

    def number(value):
        return quantities.number(value, lang)

    def ms(value):
        # CLDR's millisecond, through the one helper: "5 ms", "5 мс", "5ms" (Korean), "5毫秒".
        return quantities.quantity(value, "ms", lang)

    assert len(rows) == 10
    for column, server in enumerate(servers, start=1):
        measured = server["behaviours"]
        cells = [row[column] for row in rows]
        delivery = measured["chunked_delivery"]
        assert cells[0][-1] == f"{number(delivery['first_chunk_ms'])}–{ms(delivery['last_chunk_ms'])}"
        assert cells[1][-1] == ms(measured["slow_first_chunk"]["headers_ms"])
        assert cells[2][-1] == ms(measured["empty_first_chunk"]["headers_ms"])
        assert cells[3][0] == str(measured["failure_in_view"]["status"])
        assert cells[4][0] == str(measured["failure_before_first_chunk"]["status"])
        assert cells[5][0] == str(measured["failure_after_first_chunk"]["status"])
        assert cells[6] == [number(measured["hang_up"]["chunks_after_hang_up"])]
        assert cells[7] == [ms(measured["hang_up"]["finally_ms"])]
        assert cells[8][0] == measured["http_1_0"]["response_version"]


def test_servers_table_words_are_the_measured_categories(built_site):
    table, _ = servers_page_tables(built_site, "en")
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


# -- The proxies table (servers.md, "Reverse proxies") and the nginx text of errors.md --

MEASURED = PROXIES["measurements"]
PROBE = PROXIES["probe"]
STREAM_MS = (PROBE["chunks"] - 1) * PROBE["chunk_interval_ms"]
# Each column: its endpoint, and the variant with the short read timeout that its timeout rows show.
PROXY_COLUMNS = [
    ("direct", None),
    ("default", "read_timeout"),
    ("buffering_off", None),
    ("http_1_1", None),
    ("chapter", "chapter_read_timeout"),
]
# Each row: its behaviour, and whether it was measured with the short read timeout.
PROXY_ROWS = [
    ("chunk_arrivals", False),
    ("chunk_arrivals_x_accel_buffering_no", False),
    ("upstream_protocol", False),
    ("cut_stream", False),
    ("silent_pause", True),
    ("heartbeat_pause", True),
    ("slow_first_chunk", False),
]


def proxy_measurement(column: tuple[str, str | None], behaviour: str, short_timeout: bool):
    endpoint = column[1] if short_timeout else column[0]
    return MEASURED.get(endpoint, {}).get(behaviour) if endpoint else None


def one_by_one(endpoint: str, behaviour: str = "chunk_arrivals") -> bool:
    arrivals = MEASURED[endpoint][behaviour]
    return len(arrivals["arrivals_ms"]) == PROBE["chunks"] and arrivals["spread_ms"] >= STREAM_MS / 2


def held_back(endpoint: str, behaviour: str = "chunk_arrivals") -> bool:
    arrivals = MEASURED[endpoint][behaviour]["arrivals_ms"]
    return arrivals[0] >= STREAM_MS * 0.9 and arrivals[-1] - arrivals[0] < 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_proxies_table_shows_the_files_values(built_site, lang):
    _, table = servers_page_tables(built_site, lang)
    assert table[0][0][0] == f"nginx {PROXIES['nginx']}, gunicorn {PROXIES['upstream']['versions']['gunicorn']}"
    rows = table[1:]
    assert len(rows) == len(PROXY_ROWS)
    assert len(table[0]) == len(PROXY_COLUMNS) + 1

    def ms(value):
        # CLDR's millisecond: "5 ms", "5 мс", "5ms" (Korean), "5毫秒".
        return quantities.quantity(value, "ms", lang)

    for (behaviour, short_timeout), row in zip(PROXY_ROWS, rows, strict=True):
        for column, cell in zip(PROXY_COLUMNS, row[1:], strict=True):
            measured = proxy_measurement(column, behaviour, short_timeout)
            if measured is None:
                assert len(cell) == 1, (behaviour, column, cell)  # the words "not measured", translated
            elif behaviour.startswith("chunk_arrivals"):
                first, last = measured["arrivals_ms"][0], measured["arrivals_ms"][-1]
                expected = ms(first) if first == last else f"{quantities.number(first, lang)}–{ms(last)}"
                assert cell[-1] == expected
            elif behaviour == "upstream_protocol":
                assert cell == [measured]
            elif behaviour == "cut_stream":
                assert cell[0] == str(measured["status"])
            elif behaviour in ("silent_pause", "heartbeat_pause"):
                assert cell[-1] == ms(measured["ended_ms"])
            else:
                assert cell[-1] == ms(measured["headers_ms"])


def test_proxies_table_words_are_the_measured_categories(built_site):
    _, table = servers_page_tables(built_site, "en")
    for (behaviour, short_timeout), row in zip(PROXY_ROWS, table[1:], strict=True):
        for column, cell in zip(PROXY_COLUMNS, row[1:], strict=True):
            measured = proxy_measurement(column, behaviour, short_timeout)
            words = cell[0] if behaviour != "cut_stream" or measured is None else cell[1]
            if measured is None:
                assert words == "not measured"
            elif behaviour.startswith("chunk_arrivals"):
                endpoint = column[0]
                assert words.startswith("yes") == one_by_one(endpoint, behaviour)
                assert words.startswith("no: all at once") == held_back(endpoint, behaviour)
                if behaviour.endswith("_no"):
                    assert ("the client got the header" in words) == (measured["x_accel_buffering"] == "no")
            elif behaviour == "cut_stream":
                assert (words == "looks complete") == (measured["outcome"] == "complete")
            elif behaviour == "silent_pause":
                assert words.startswith("cut") == (measured["outcome"] == "IncompleteRead")
                assert (words == "cut after the first chunk") == measured["first_chunk_received"]
            elif behaviour == "heartbeat_pause":
                assert (words == "complete") == (measured["outcome"] == "complete")


def test_the_reading_of_the_proxies_table_holds_for_the_file():
    gunicorn = SERVERS["servers"][PROXIES["upstream"]["server"]]
    # The servers table and this one measured the same gunicorn.
    assert gunicorn["versions"]["gunicorn"] == PROXIES["upstream"]["versions"]["gunicorn"]
    # "With its default configuration, nginx held back the stream: the client got every chunk at once,
    # when the stream ended."
    assert held_back("default")
    # "`proxy_buffering off` let the chunks through one by one, and so did the header
    # `X-Accel-Buffering: no` sent by the app. nginx did not pass that header on to the client."
    assert one_by_one("buffering_off")
    assert one_by_one("default", "chunk_arrivals_x_accel_buffering_no")
    assert MEASURED["direct"]["chunk_arrivals_x_accel_buffering_no"]["x_accel_buffering"] == "no"
    for endpoint in ("default", "chapter"):
        assert MEASURED[endpoint]["chunk_arrivals_x_accel_buffering_no"]["x_accel_buffering"] is None
    # "By default, nginx sent its requests to the app with HTTP/1.0, and gunicorn answered without chunks."
    assert MEASURED["default"]["upstream_protocol"] == "HTTP/1.0"
    assert gunicorn["behaviours"]["http_1_0"]["transfer_encoding"] is None
    # "A stream cut by an exception then reached the client as a complete response.
    # With `proxy_http_version 1.1`, the client could see the cut."
    assert MEASURED["default"]["cut_stream"]["outcome"] == "complete"
    assert MEASURED["http_1_1"]["upstream_protocol"] == "HTTP/1.1"
    assert MEASURED["http_1_1"]["cut_stream"]["outcome"] == "IncompleteRead"
    # "On nginx 1.22.1, with `proxy_http_version 1.1` alone and buffering still on, the chunks also
    # arrived one by one. The block of snippets/errors/nginx.conf ... sets `proxy_buffering off` too."
    assert "proxy_buffering" not in PROXIES["variants"]["http_1_1"]
    assert one_by_one("http_1_1")
    assert "proxy_buffering off;" in PROXIES["variants"]["chapter"]
    # "A short `proxy_read_timeout` cut a silent stream at the timeout. The client got `200` and a body
    # without its end. With buffering on, it did not even get the first chunk, which nginx still held.
    # Heartbeats during the pause kept the stream open to its end, with and without buffering."
    timeout_ms = PROBE["short_read_timeout_s"] * 1000
    for endpoint, buffering in (("read_timeout", True), ("chapter_read_timeout", False)):
        assert ("proxy_buffering off;" not in PROXIES["variants"][endpoint]) is buffering
        silent = MEASURED[endpoint]["silent_pause"]
        assert (silent["status"], silent["outcome"], silent["last_chunk_received"]) == (200, "IncompleteRead", False)
        assert timeout_ms * 0.9 <= silent["ended_ms"] < PROBE["pause_ms"]
        assert silent["first_chunk_received"] is not buffering
        heartbeats = MEASURED[endpoint]["heartbeat_pause"]
        assert (heartbeats["outcome"], heartbeats["last_chunk_received"]) == ("complete", True)
    # "Behind nginx, as without it, the status line and the headers left only with the first chunk."
    assert MEASURED["default"]["slow_first_chunk"]["headers_ms"] >= PROBE["slow_start_ms"] * 0.9
    assert gunicorn["behaviours"]["slow_first_chunk"]["headers_ms"] >= SERVERS["probe"]["slow_start_ms"] * 0.9


def page_text(built_site: Path, lang: str, page: str) -> str:
    html = (built_site / lang / page).read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_the_nginx_text_of_errors_md_quotes_the_file(built_site):
    text = page_text(built_site, "en", "errors.html")
    nginx, chunks = PROXIES["nginx"], PROBE["chunks"]
    interval = f"{PROBE['chunk_interval_ms']} ms"
    timeout = f"{PROBE['short_read_timeout_s']} s"
    assert f"nginx {nginx} with its default configuration held back a stream of {chunks} small chunks" in text
    assert f"made {interval} apart" in text
    assert f"the chunks arrived one by one, {interval} apart" in text
    assert f"as nginx {nginx} did in the tests" in text
    assert f"reached the client through nginx {nginx} as a complete response" in text
    assert f"with the timeout set to {timeout}, nginx closed the connection after {timeout} of silence" in text
    assert f"a heartbeat line every {PROBE['heartbeat_interval_ms']} ms went through whole" in text
    # The measured nginx facts of this section are proven: no hand-typed figure is left.
    assert "nginx 1.22 " not in text
    assert "0.3 seconds" not in text
