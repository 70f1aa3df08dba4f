"""The tables of results_tables: from the results files, translated by the catalogs, numbers written the page's way."""

import json
import re
import shutil
from pathlib import Path

import pytest

import results_tables
from results_tables import Figure, Numbers, ResultsError, Words
from tests.html_tables import tables

ROOT = Path(__file__).with_name("roots") / "test-results-tables"
SERVERS = json.loads((ROOT / "servers.json").read_text())
PROXIES = json.loads((ROOT / "proxies.json").read_text())


def tables_of(app) -> list[list[list[str]]]:
    """Each table of index.html as rows of cells, a cell's paragraphs joined by " / "."""
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    return [[[" / ".join(cell) for cell in row] for row in table] for table in tables(page)]


@pytest.mark.sphinx("html", testroot="results-tables")
def test_servers_table_has_each_server_with_its_version_and_every_behaviour(app):
    app.build()
    servers, _, _ = tables_of(app)
    assert servers[0] == [
        "What was measured",
        "gunicorn 27.0.1 / gthread, 8 threads",
        "uWSGI 2.0.31 / --http-socket, 1 process, 4 threads",
        "Werkzeug 3.1.9 / development server, a thread per request",
    ]
    rows = {row[0]: row[1:] for row in servers[1:]}
    assert list(rows) == [name.replace("`", "") for name, _ in results_tables.SERVER_ROWS]
    assert rows["Chunks arrive one by one"] == [
        "yes, chunked / 1–1,203 ms",
        "yes, not chunked: the body ends with the connection / 1–1,202 ms",
        "yes, chunked / 1–1,202 ms",
    ]
    assert rows['Status line and headers arrive, after yield ""'] == ["at once / 1 ms"] * 3
    assert rows["Error before the first chunk"] == [
        "500 / the server’s error page / error handler did not run",
        "200 / empty body / error handler did not run",
        "500 / the server’s error page / error handler did not run",
    ]
    assert rows["Error after the first chunk"] == [
        "200 / cut visible: the chunked body lacks its last chunk",
        "200 / looks complete",
        "200 / cut visible: the chunked body lacks its last chunk",
    ]
    assert rows["Time from the hang-up to finally"] == ["101 ms", "101 ms", "50 ms"]
    assert rows["An HTTP/1.0 client gets"][2] == "HTTP/1.1 / chunked, which an HTTP/1.0 client cannot decode"


@pytest.mark.sphinx("html", testroot="results-tables")
def test_teardown_table_has_a_row_per_flask_release(app):
    app.build()
    _, teardown, _ = tables_of(app)
    assert teardown == [
        ["Flask release", "teardown_request", "teardown_appcontext"],
        ["3.1.1", "once, after the body", "once, after the body"],
        ["3.1.2", "twice: before the body, and again after it", "twice: before the body, and again after it"],
    ]


@pytest.mark.sphinx("gettext", testroot="results-tables", srcdir="results-tables-gettext")
def test_the_words_of_the_cells_are_messages_and_the_numbers_are_not(app):
    app.build()
    messages = re.findall(r'^msgid "(.+)"$', (app.outdir / "index.pot").read_text(), re.M)
    assert "yes, chunked" in messages
    assert "`--http-socket`, 1 process, 4 threads" in messages
    assert "twice: before the body, and again after it" in messages
    assert "yes; the header did not reach the client" in messages
    assert "`proxy_http_version 1.1`" in messages
    assert "not measured" in messages
    assert "The probe waits {{ results_probe_slow_start }} before its first chunk." in messages
    # A new measurement must change no message: no measured figure is one.
    assert not [message for message in messages if re.search(r"\d+ ms|^\d|gunicorn \d", message)]


@pytest.mark.sphinx("html", testroot="results-tables", srcdir="results-tables-ru", confoverrides={"language": "ru"})
def test_a_translated_build_translates_the_words_and_writes_numbers_its_own_way(app):
    app.build()
    servers, teardown, proxies = tables_of(app)
    rows = {row[0]: row[1:] for row in servers[1:]}
    # locale/ru/LC_MESSAGES/index.po translates these; CLDR's Russian groups with a no-break space.
    assert rows["Chunks arrive one by one"][0] == "да, по частям / 1–1203 мс"
    assert rows["Status line and headers arrive, with a slow first chunk"][0] == "с первым фрагментом / 1002 мс"
    assert 'Строка состояния и заголовки приходят после yield ""' in rows
    assert servers[0][3] == "Werkzeug 3.1.9 / сервер разработки, поток на запрос"
    assert teardown[2][1] == "дважды: до тела и после него"
    # An untranslated message stays English.
    assert rows["Error after the first chunk"][1] == "200 / looks complete"
    text = (app.outdir / "index.html").read_text()
    assert "The probe waits 1 с before its first chunk." in " ".join(re.sub(r"<[^>]+>", "", text).split())
    proxy_rows = {row[0]: row[1:] for row in proxies[1:]}
    assert proxy_rows["Chunks arrive one by one"][1] == "no: all at once, when the stream ended / 1211 мс"
    assert proxy_rows["Error after the first chunk"][0] == "не измерялось"


def test_numbers_are_written_the_languages_way():
    assert Numbers("en").ms(1202) == "1,202 ms"
    assert Numbers("ru").ms(1202) == "1202 мс"
    assert Numbers("ko").ms(1202) == "1,202ms"
    assert Numbers("en").duration(1000) == "1 s"
    assert Numbers("en").duration(300) == "300 ms"


def test_a_cell_chooses_its_words_from_the_measured_values():
    behaviours = json.loads(json.dumps(SERVERS["servers"]["gunicorn-gthread"]["behaviours"]))
    probe = SERVERS["probe"]
    numbers = Numbers("en")
    assert results_tables.headers_after_empty_chunk(behaviours, probe, numbers) == (Words("at once"), Figure("1 ms"))
    behaviours["empty_first_chunk"]["headers_ms"] = 1001
    assert results_tables.headers_after_empty_chunk(behaviours, probe, numbers)[0] == Words(
        "with the first chunk that is not empty"
    )
    # Between the thresholds the proofs hold a server to, there is no honest wording.
    behaviours["empty_first_chunk"]["headers_ms"] = 700
    with pytest.raises(ResultsError, match=r"no wording for empty_first_chunk\.headers_ms = 700"):
        results_tables.headers_after_empty_chunk(behaviours, probe, numbers)
    behaviours["chunked_delivery"]["last_chunk_ms"] = 2
    assert results_tables.delivery(behaviours, probe, numbers)[0] == Words("no")


def copy_of_the_root(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    return srcdir


def test_a_missing_results_file_says_which_and_how_to_make_it(tmp_path, make_app):
    srcdir = copy_of_the_root(tmp_path)
    (srcdir / "servers.json").unlink()
    with pytest.raises(ResultsError, match=r"servers\.json does not exist; `make matrix` writes it"):
        make_app("html", srcdir=srcdir)


def test_a_broken_results_file_is_reported_with_its_line(tmp_path, make_app):
    srcdir = copy_of_the_root(tmp_path)
    (srcdir / "flask_versions.json").write_text('{\n  "versions": {\n  oops\n}\n')
    with pytest.raises(ResultsError, match=r"flask_versions\.json:3: not JSON"):
        make_app("html", srcdir=srcdir)


def test_a_results_file_without_what_the_table_needs_names_the_file_and_the_key(tmp_path, make_app):
    srcdir = copy_of_the_root(tmp_path)
    broken = json.loads((srcdir / "servers.json").read_text())
    del broken["servers"]["uwsgi"]["behaviours"]["hang_up"]
    (srcdir / "servers.json").write_text(json.dumps(broken))
    app = make_app("html", srcdir=srcdir)
    with pytest.raises(ResultsError, match=r"servers\.json: the servers table needs 'hang_up'"):
        app.build()


def test_a_release_whose_template_stream_differs_stops_the_table(tmp_path, make_app):
    srcdir = copy_of_the_root(tmp_path)
    broken = json.loads((srcdir / "flask_versions.json").read_text())
    broken["versions"]["3.1.1"]["teardown"]["stream_template"]["whole_body"]["teardown_request"]["runs"] = 2
    (srcdir / "flask_versions.json").write_text(json.dumps(broken))
    with pytest.raises(ResultsError, match=r"Flask 3\.1\.1: teardown_request ran differently"):
        make_app("html", srcdir=srcdir).build()


def test_prose_that_warns_about_teardown_before_the_body_cannot_go_blank(tmp_path, make_app):
    srcdir = copy_of_the_root(tmp_path)
    fixed = json.loads((srcdir / "flask_versions.json").read_text())
    del fixed["versions"]["3.1.2"]
    (srcdir / "flask_versions.json").write_text(json.dumps(fixed))
    with pytest.raises(ResultsError, match=r"no Flask release runs a teardown function before the body any more"):
        make_app("html", srcdir=srcdir)


def test_teardown_releases_are_listed_the_languages_way():
    results = json.loads((ROOT / "flask_versions.json").read_text())
    results["versions"]["3.1.3"] = results["versions"]["3.1.2"]
    assert results_tables.flask_version_figures(results, Numbers("en"))["results_flask_teardown_before_the_body"] == (
        "3.1.2 and 3.1.3"
    )
    assert results_tables.flask_version_figures(results, Numbers("ru"))["results_flask_teardown_before_the_body"] == (
        "3.1.2 и 3.1.3"
    )


def test_an_unknown_table_is_a_clear_error(tmp_path, make_app):
    srcdir = copy_of_the_root(tmp_path)
    (srcdir / "index.md").write_text("# Results\n\n```{results-table} nginx\n```\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "no results table 'nginx'; there are: servers, flask-teardown, proxies" in app.warning.getvalue()


def test_results_files_must_name_every_file(tmp_path, make_app):
    srcdir = copy_of_the_root(tmp_path)
    with pytest.raises(ResultsError, match=r"results_files \(conf\.py\) has no 'flask_versions'"):
        make_app("html", srcdir=srcdir, confoverrides={"results_files": {"servers": "servers.json"}})


def test_releases_that_passed_different_numbers_of_tests_are_an_error():
    results = json.loads((ROOT / "flask_versions.json").read_text())
    results["versions"]["3.1.2"]["tests"]["passed"] -= 1
    with pytest.raises(ResultsError, match="passed different numbers of tests"):
        results_tables.flask_version_figures(results, Numbers("en"))


def test_counts_without_a_wording_are_an_error():
    results = json.loads((ROOT / "flask_versions.json").read_text())
    for stream in results["versions"]["3.1.2"]["teardown"].values():
        for scenario in stream.values():
            scenario["teardown_request"]["runs"] = 3
    with pytest.raises(ResultsError, match="no wording for teardown_request running 3 times, 1 of them before"):
        results_tables.teardown_table(results, Numbers("en"))


def gthread_with(**changes) -> dict:
    """The gthread worker's measurements, with ``changes`` ("behaviour.key": value) made."""
    behaviours = json.loads(json.dumps(SERVERS["servers"]["gunicorn-gthread"]["behaviours"]))
    for path, value in changes.items():
        behaviour, key = path.split(".")
        behaviours[behaviour][key] = value
    return behaviours


@pytest.mark.parametrize(
    ("cell", "changes", "words"),
    [
        (results_tables.headers_when_slow, {"slow_first_chunk.headers_ms": 3}, "before the first chunk"),
        (
            results_tables.failure("failure_before_first_chunk"),
            {"failure_before_first_chunk.outcome": "reset"},
            "connection reset",
        ),
        (results_tables.failure("failure_in_view"), {"failure_in_view.outcome": "no response"}, "no response"),
    ],
)
def test_each_measured_category_has_its_words(cell, changes, words):
    made = cell(gthread_with(**changes), SERVERS["probe"], Numbers("en"))
    assert Words(words) in made


@pytest.mark.parametrize(
    ("cell", "changes", "message"),
    [
        (results_tables.delivery, {"chunked_delivery.transfer_encoding": "gzip"}, "transfer_encoding = 'gzip'"),
        (results_tables.headers_when_slow, {"slow_first_chunk.headers_ms": 700}, "headers_ms = 700"),
        (
            results_tables.failure_after_first_chunk,
            {"failure_after_first_chunk.outcome": "no response"},
            "outcome = 'no response'",
        ),
        (results_tables.http_1_0, {"http_1_0.body_complete": False}, r"\(None, False\)"),
    ],
)
def test_a_value_without_words_is_an_error_not_a_guess(cell, changes, message):
    with pytest.raises(ResultsError, match=f"no wording for .*{message}"):
        cell(gthread_with(**changes), SERVERS["probe"], Numbers("en"))


# -- The proxies table --------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="results-tables")
def test_proxies_table_has_each_configuration_and_every_behaviour(app):
    app.build()
    _, _, proxies = tables_of(app)
    assert proxies[0] == [
        "nginx 1.22.1, gunicorn 27.0.1 / gthread, 8 threads",
        "gunicorn alone, no proxy",
        "nginx, default configuration",
        "proxy_buffering off",
        "proxy_http_version 1.1",
        "the block of snippets/errors/nginx.conf",
    ]
    rows = {row[0]: row[1:] for row in proxies[1:]}
    assert list(rows) == [row.name.text.replace("`", "") for row in results_tables.PROXY_ROWS]
    assert rows["Chunks arrive one by one"] == [
        "yes / 5–1,216 ms",
        "no: all at once, when the stream ended / 1,211 ms",
        "yes / 7–1,212 ms",
        "yes / 7–1,212 ms",
        "yes / 6–1,204 ms",
    ]
    assert rows["Chunks arrive one by one, when the app sends X-Accel-Buffering: no"] == [
        "yes; the client got the header / 7–1,210 ms",
        "yes; the header did not reach the client / 1–1,210 ms",
        "not measured",
        "not measured",
        "yes; the header did not reach the client / 11–1,219 ms",
    ]
    assert rows["HTTP version of the requests the app gets"] == [
        "HTTP/1.1",
        "HTTP/1.0",
        "not measured",
        "HTTP/1.1",
        "HTTP/1.1",
    ]
    assert rows["Error after the first chunk"] == [
        "not measured",
        "200 / looks complete",
        "not measured",
        "200 / cut visible: the chunked body lacks its last chunk",
        "200 / cut visible: the chunked body lacks its last chunk",
    ]
    # The timeout rows of a column come from its variant with the short timeout.
    assert rows["Short proxy_read_timeout, the app silent for longer than that"] == [
        "not measured",
        "cut before the client got any chunk / 1,001 ms",
        "not measured",
        "not measured",
        "cut after the first chunk / 1,000 ms",
    ]
    assert rows["Short proxy_read_timeout, heartbeats during the pause"] == [
        "not measured",
        "complete / 1,514 ms",
        "not measured",
        "not measured",
        "complete / 1,503 ms",
    ]
    assert rows["Status line and headers arrive, with a slow first chunk"] == [
        "not measured",
        "with the first chunk / 1,003 ms",
        "not measured",
        "not measured",
        "not measured",
    ]
    text = " ".join(re.sub(r"<[^>]+>", "", (app.outdir / "index.html").read_text()).split())
    assert "Behind nginx 1.22.1, 5 lines 300 ms apart:" in text


def test_proxy_figures_are_the_files_written_the_languages_way():
    results = json.loads(json.dumps(PROXIES))
    results["probe"]["pause_ms"] = 1500
    results["probe"]["short_read_timeout_s"] = 2
    figures = results_tables.proxy_figures(results, Numbers("ru"))
    assert figures == {
        "results_proxies_nginx": "1.22.1",
        "results_proxies_gunicorn": "27.0.1",
        "results_proxies_chunks": "5",
        "results_proxies_chunk_interval": "300 мс",
        "results_proxies_pause": "1,5 с",
        "results_proxies_heartbeat_interval": "300 мс",
        "results_proxies_short_read_timeout": "2 с",
    }


def measured_with(endpoint: str, **changes) -> dict:
    """One endpoint's measurements, with ``changes`` ("behaviour.key": value) made."""
    measured = json.loads(json.dumps(PROXIES["measurements"][endpoint]))
    for path, value in changes.items():
        behaviour, key = path.split(".")
        measured[behaviour][key] = value
    return measured


@pytest.mark.parametrize(
    ("cell", "endpoint", "changes", "words"),
    [
        (results_tables.chunk_arrivals, "direct", {}, "yes"),
        (results_tables.chunk_arrivals, "default", {}, "no: all at once, when the stream ended"),
        (results_tables.chunk_arrivals_with_header, "direct", {}, "yes; the client got the header"),
        (results_tables.chunk_arrivals_with_header, "default", {}, "yes; the header did not reach the client"),
        (
            results_tables.chunk_arrivals_with_header,
            "default",
            {
                "chunk_arrivals_x_accel_buffering_no.arrivals_ms": [1211] * 5,
                "chunk_arrivals_x_accel_buffering_no.spread_ms": 0,
            },
            "no: all at once, when the stream ended",
        ),
        (results_tables.cut_stream, "default", {}, "looks complete"),
        (results_tables.cut_stream, "chapter", {}, "cut visible: the chunked body lacks its last chunk"),
        (results_tables.silent_pause, "read_timeout", {}, "cut before the client got any chunk"),
        (results_tables.silent_pause, "chapter_read_timeout", {}, "cut after the first chunk"),
        (
            results_tables.silent_pause,
            "chapter_read_timeout",
            {"silent_pause.outcome": "complete", "silent_pause.last_chunk_received": True},
            "complete",
        ),
        (results_tables.heartbeat_pause, "read_timeout", {}, "complete"),
        (
            results_tables.heartbeat_pause,
            "read_timeout",
            {"heartbeat_pause.outcome": "IncompleteRead", "heartbeat_pause.last_chunk_received": False},
            "cut",
        ),
    ],
)
def test_each_measured_proxy_category_has_its_words(cell, endpoint, changes, words):
    made = cell(measured_with(endpoint, **changes), PROXIES["probe"], Numbers("en"))
    assert made[0] == Words(words) or made[1] == Words(words)


@pytest.mark.parametrize(
    ("cell", "endpoint", "changes", "message"),
    [
        # Fewer lines than the app sent, or lines neither spread out nor held back to the end.
        (results_tables.chunk_arrivals, "direct", {"chunk_arrivals.arrivals_ms": [5, 311]}, r"lines received\) = 2"),
        (
            results_tables.chunk_arrivals,
            "default",
            {"chunk_arrivals.arrivals_ms": [300] * 5},
            r"arrivals_ms = \[300, 300",
        ),
        (
            results_tables.chunk_arrivals_with_header,
            "direct",
            {
                "chunk_arrivals_x_accel_buffering_no.arrivals_ms": [1211] * 5,
                "chunk_arrivals_x_accel_buffering_no.spread_ms": 0,
            },
            r"\('all at once', True\)",
        ),
        (results_tables.cut_stream, "default", {"cut_stream.outcome": "timeout"}, "outcome = 'timeout'"),
        (
            results_tables.silent_pause,
            "read_timeout",
            {"silent_pause.outcome": "complete"},
            r"\('complete', False, False\)",
        ),
        (
            results_tables.heartbeat_pause,
            "read_timeout",
            {"heartbeat_pause.last_chunk_received": False},
            "complete', False",
        ),
    ],
)
def test_a_proxy_value_without_words_is_an_error_not_a_guess(cell, endpoint, changes, message):
    with pytest.raises(ResultsError, match=f"no wording for .*{message}"):
        cell(measured_with(endpoint, **changes), PROXIES["probe"], Numbers("en"))


def test_a_behaviour_the_file_did_not_measure_is_said_so():
    results = json.loads(json.dumps(PROXIES))
    del results["measurements"]["chapter"]["cut_stream"]
    table = results_tables.proxies_table(results, Numbers("en"))
    cut_row = next(row for row in table.rows if row[0] == (Words("Error after the first chunk"),))
    assert cut_row[-1] == results_tables.NOT_MEASURED
    # A column without a short-timeout variant has nothing in the timeout rows.
    silent_row = next(row for row in table.rows if row[0][0].text.endswith("the app silent for longer than that"))
    assert silent_row[3] == results_tables.NOT_MEASURED


def test_a_proxies_file_without_what_the_table_needs_names_the_file_and_the_key(tmp_path, make_app):
    srcdir = copy_of_the_root(tmp_path)
    broken = json.loads((srcdir / "proxies.json").read_text())
    del broken["upstream"]
    (srcdir / "proxies.json").write_text(json.dumps(broken))
    with pytest.raises(
        ResultsError, match=r"proxies\.json: the \{\{ results_\.\.\. \}\} figures of proxies needs 'upstream'"
    ):
        make_app("html", srcdir=srcdir)
