"""Tables and figures of what `make matrix` measured, generated from the committed results files.

``make matrix`` writes one JSON file per subject (``results_files`` in conf.py,
paths relative to the configuration directory): results/servers.json for the
application servers, results/flask_versions.json for the Flask releases,
results/proxies.json for nginx in front of gunicorn. A page shows a table of
one of them with::

    ```{results-table} servers
    ```

The argument names a table of ``TABLES``; a table reads one results file and
turns its measurements into cells. Nothing in a cell is typed by hand: its
words are chosen by the measured values, its numbers are those values, written
the way the page's language writes numbers (Babel's CLDR data). Adding a table
is a function from the file's content to a ``Table``, one line in ``TABLES``
and its file in ``results_files``.

Translation: a cell's words are MyST text, parsed by the page's own parser, so
they become ordinary paragraphs with a source and a line, which ``make gettext``
extracts and Sphinx's locale transform translates like any sentence of the
page. A cell's numbers are paragraphs marked not translatable: a new
measurement changes no message in the catalogs.

The prose around the tables quotes the same files through MyST substitutions,
``{{ results_... }}`` (``results_substitutions``), added once the build's
language is known: ``-D language=ru`` is applied after conf.py runs.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from babel.lists import format_list
from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective

import quantities

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata


class ResultsError(SphinxError):
    """A results file is missing, is not JSON, or lacks what a table or figure needs."""

    category = "Results file error"


# -- Cells ---------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """Translatable MyST text: a message of the catalogs."""

    text: str


@dataclass(frozen=True)
class Figure:
    """A measured value, already formatted: never a message."""

    text: str


Cell = tuple[Words | Figure, ...]


@dataclass(frozen=True)
class Table:
    header: list[Cell]
    # The first cell of each row names it.
    rows: list[list[Cell]]


class Numbers:
    """Numbers and durations written the way ``language`` writes them (docs/_ext/quantities.py)."""

    def __init__(self, language: str) -> None:
        self.language = language

    def number(self, value: float, pattern: str = "#,##0") -> str:
        return quantities.number(value, self.language, pattern)

    def ms(self, value: float) -> str:
        return quantities.quantity(value, "ms", self.language)

    def duration(self, ms: float) -> str:
        return self.ms(ms) if ms < 1000 else quantities.quantity(ms / 1000, "s", self.language, "0.#")


# -- The servers table (results/servers.json, `make matrix-servers`) -------------

# The same thresholds as the proofs of tests/test_servers/test_matrix.py: a
# wording is chosen only for a value on the side of a threshold that the
# proofs hold each server to.
ERROR_HANDLER = {True: "error handler ran", False: "error handler did not run"}
OUTCOME = {
    "complete": "looks complete",
    "IncompleteRead": "cut visible: the chunked body lacks its last chunk",
    "reset": "connection reset",
}


def option_as_code(text: str) -> str:
    """``--http-socket, 1 process`` as MyST: options in code, so that no dash becomes an en dash."""
    return re.sub(r"(--[\w-]+)", r"`\1`", text)


def server_heading(key: str, server: dict) -> Cell:
    # The server first ("gunicorn 27.0.1, gevent 26.9.0"): the file sorts the names.
    named = sorted(server["versions"].items(), key=lambda item: not key.lower().startswith(item[0].lower()))
    versions = ", ".join(f"{name} {version}" for name, version in named)
    return (Figure(versions), Words(option_as_code(server["worker"])))


def no_wording(row: str, value: Any) -> ResultsError:
    # Also the proxies table's: its slow-first-chunk row is the servers table's cell.
    return ResultsError(f"the results tables have no wording for {row} = {value!r}: add one to results_tables.py")


def delivery(behaviours: dict, probe: dict, numbers: Numbers) -> Cell:
    measured = behaviours["chunked_delivery"]
    stream_ms = (probe["chunks"] - 1) * probe["chunk_interval_ms"]
    spread = measured["last_chunk_ms"] - measured["first_chunk_ms"]
    arrival = Figure(f"{numbers.number(measured['first_chunk_ms'])}–{numbers.ms(measured['last_chunk_ms'])}")
    if measured["chunks_received"] != probe["chunks"] or spread < stream_ms / 2:
        return (Words("no"), arrival)
    framing = {"chunked": "yes, chunked", None: "yes, not chunked: the body ends with the connection"}
    if measured["transfer_encoding"] not in framing:
        raise no_wording("chunked_delivery.transfer_encoding", measured["transfer_encoding"])
    return (Words(framing[measured["transfer_encoding"]]), arrival)


def headers_when_slow(behaviours: dict, probe: dict, numbers: Numbers) -> Cell:
    headers_ms = behaviours["slow_first_chunk"]["headers_ms"]
    if headers_ms >= probe["slow_start_ms"] * 0.9:
        words = "with the first chunk"
    elif headers_ms < probe["slow_start_ms"] / 2:
        words = "before the first chunk"
    else:
        raise no_wording("slow_first_chunk.headers_ms", headers_ms)
    return (Words(words), Figure(numbers.ms(headers_ms)))


def headers_after_empty_chunk(behaviours: dict, probe: dict, numbers: Numbers) -> Cell:
    headers_ms = behaviours["empty_first_chunk"]["headers_ms"]
    if headers_ms < probe["slow_start_ms"] / 2:
        words = "at once"
    elif headers_ms >= probe["slow_start_ms"] * 0.9:
        words = "with the first chunk that is not empty"
    else:
        raise no_wording("empty_first_chunk.headers_ms", headers_ms)
    return (Words(words), Figure(numbers.ms(headers_ms)))


def failure(name: str) -> Callable[[dict, dict, Numbers], Cell]:
    """Status, what the body was, and whether the app's error handler ran."""

    def cell(behaviours: dict, probe: dict, numbers: Numbers) -> Cell:
        measured = behaviours[name]
        if measured["outcome"] == "no response":
            return (Words("no response"),)
        if measured["outcome"] != "complete":
            body = OUTCOME[measured["outcome"]]
        elif measured["body_bytes"] == 0:
            body = "empty body"
        elif measured["handled_by_app"]:
            body = "the app's error page"
        else:
            body = "the server's error page"
        return (Figure(str(measured["status"])), Words(body), Words(ERROR_HANDLER[measured["handled_by_app"]]))

    return cell


def failure_after_first_chunk(behaviours: dict, probe: dict, numbers: Numbers) -> Cell:
    measured = behaviours["failure_after_first_chunk"]
    if measured["outcome"] not in OUTCOME:
        raise no_wording("failure_after_first_chunk.outcome", measured["outcome"])
    return (Figure(str(measured["status"])), Words(OUTCOME[measured["outcome"]]))


def chunks_after_hang_up(behaviours: dict, probe: dict, numbers: Numbers) -> Cell:
    return (Figure(numbers.number(behaviours["hang_up"]["chunks_after_hang_up"])),)


def finally_after_hang_up(behaviours: dict, probe: dict, numbers: Numbers) -> Cell:
    return (Figure(numbers.ms(behaviours["hang_up"]["finally_ms"])),)


def http_1_0(behaviours: dict, probe: dict, numbers: Numbers) -> Cell:
    measured = behaviours["http_1_0"]
    answer = (measured["transfer_encoding"], measured["body_complete"])
    wording = {
        (None, True): "the body ends with the connection",
        ("chunked", False): "chunked, which an HTTP/1.0 client cannot decode",
    }
    if answer not in wording:
        raise no_wording("http_1_0 (transfer_encoding, body_complete)", answer)
    return (Figure(measured["response_version"]), Words(wording[answer]))


def http_1_0_cut(behaviours: dict, probe: dict, numbers: Numbers) -> Cell:
    looks_complete = behaviours["http_1_0"]["cut_looks_complete"]
    return (Words("looks complete" if looks_complete else "does not look complete"),)


# Each row: its name, and the function that makes one server's cell.
SERVER_ROWS: list[tuple[str, Callable[[dict, dict, Numbers], Cell]]] = [
    ("Chunks arrive one by one", delivery),
    ("Status line and headers arrive, with a slow first chunk", headers_when_slow),
    ('Status line and headers arrive, after `yield ""`', headers_after_empty_chunk),
    ("Error in the view", failure("failure_in_view")),
    ("Error before the first chunk", failure("failure_before_first_chunk")),
    ("Error after the first chunk", failure_after_first_chunk),
    ("Chunks made after the client hung up", chunks_after_hang_up),
    ("Time from the hang-up to `finally`", finally_after_hang_up),
    ("An HTTP/1.0 client gets", http_1_0),
    ("An HTTP/1.0 client, stream cut", http_1_0_cut),
]


def servers_table(results: dict, numbers: Numbers) -> Table:
    servers = list(results["servers"].values())
    return Table(
        # The first column names the behaviour; its header is the section's title,
        # already in every catalog (an empty <th> is axe's empty-table-header).
        header=[
            (Words("What was measured"),),
            *(server_heading(key, server) for key, server in results["servers"].items()),
        ],
        rows=[
            [(Words(name),), *(cell(server["behaviours"], results["probe"], numbers) for server in servers)]
            for name, cell in SERVER_ROWS
        ],
    )


# -- The teardown table (results/flask_versions.json, `make matrix-flask`) ------

TEARDOWN_FUNCTIONS = ("teardown_request", "teardown_appcontext")
# (runs, runs before the body starts): how the table says it.
TEARDOWN_WORDING = {
    (1, 0): "once, after the body",
    (2, 1): "twice: before the body, and again after it",
}


def teardown_runs(version: str, record: dict, function: str) -> tuple[int, int]:
    """How often ``function`` ran and how often before the body, the same in every case measured.

    The table has one cell per release and function, for stream_with_context
    and stream_template, whether the body was read whole or closed after its
    first chunk: a release where those differ needs another table.
    """
    seen = {
        (case["runs"], case["runs_before_the_body"])
        for stream in record["teardown"].values()
        for scenario in stream.values()
        for case in [scenario[function]]
    }
    if len(seen) != 1:
        raise ResultsError(
            f"Flask {version}: {function} ran differently with stream_with_context and stream_template, "
            f"or with a whole and a closed body ({sorted(seen)}); the teardown table shows one value per release"
        )
    return seen.pop()


def teardown_table(results: dict, numbers: Numbers) -> Table:
    rows = []
    for version, record in results["versions"].items():
        cells: list[Cell] = [(Figure(version),)]
        for function in TEARDOWN_FUNCTIONS:
            runs = teardown_runs(version, record, function)
            if runs not in TEARDOWN_WORDING:
                raise ResultsError(
                    f"Flask {version}: the teardown table has no wording for {function} running {runs[0]} times, "
                    f"{runs[1]} of them before the body: add one to results_tables.py"
                )
            cells.append((Words(TEARDOWN_WORDING[runs]),))
        rows.append(cells)
    header = [(Words("Flask release"),), *((Words(f"`{function}`"),) for function in TEARDOWN_FUNCTIONS)]
    return Table(header=header, rows=rows)


# -- The proxies table (results/proxies.json, `make matrix-proxies`) --------------

# The same thresholds as the proofs of tests/test_proxies/test_nginx.py.
# Lines that arrive within this many milliseconds of each other arrived together.
TOGETHER_MS = 100
# The file measures each behaviour on the variants that tell something about it, not on all.
NOT_MEASURED: Cell = (Words("not measured"),)


@dataclass(frozen=True)
class ProxyColumn:
    """One column: an endpoint of the file, and where its timeout rows were measured.

    The timeout rows need a short ``proxy_read_timeout``: they were measured on a
    variant that is the column's block with that one directive added or shortened.
    """

    heading: Words
    endpoint: str
    short_timeout_endpoint: str | None = None


PROXY_COLUMNS = [
    ProxyColumn(Words("gunicorn alone, no proxy"), "direct"),
    ProxyColumn(Words("nginx, default configuration"), "default", "read_timeout"),
    ProxyColumn(Words("`proxy_buffering off`"), "buffering_off"),
    ProxyColumn(Words("`proxy_http_version 1.1`"), "http_1_1"),
    ProxyColumn(Words("the block of `snippets/errors/nginx.conf`"), "chapter", "chapter_read_timeout"),
]


def arrivals_figure(arrivals: dict, numbers: Numbers) -> Figure:
    first, last = arrivals["arrivals_ms"][0], arrivals["arrivals_ms"][-1]
    if first == last:
        return Figure(numbers.ms(first))
    return Figure(f"{numbers.number(first)}–{numbers.ms(last)}")


def arrived(arrivals: dict, probe: dict) -> str:
    """How the lines arrived: "one by one", or "all at once" (held back to the end of the stream)."""
    stream_ms = (probe["chunks"] - 1) * probe["chunk_interval_ms"]
    times = arrivals["arrivals_ms"]
    if len(times) != probe["chunks"]:
        raise no_wording("chunk_arrivals (lines received)", len(times))
    if arrivals["spread_ms"] >= stream_ms / 2:
        return "one by one"
    if times[0] >= stream_ms * 0.9 and arrivals["spread_ms"] < TOGETHER_MS:
        return "all at once"
    raise no_wording("chunk_arrivals.arrivals_ms", times)


def chunk_arrivals(measured: dict, probe: dict, numbers: Numbers) -> Cell:
    arrivals = measured["chunk_arrivals"]
    wording = {"one by one": "yes", "all at once": "no: all at once, when the stream ended"}
    return (Words(wording[arrived(arrivals, probe)]), arrivals_figure(arrivals, numbers))


def chunk_arrivals_with_header(measured: dict, probe: dict, numbers: Numbers) -> Cell:
    arrivals = measured["chunk_arrivals_x_accel_buffering_no"]
    # (how the chunks arrived, whether the client got the header)
    answer = (arrived(arrivals, probe), arrivals["x_accel_buffering"] == "no")
    wording = {
        ("one by one", True): "yes; the client got the header",
        ("one by one", False): "yes; the header did not reach the client",
        ("all at once", False): "no: all at once, when the stream ended",
    }
    if answer not in wording:
        raise no_wording("chunk_arrivals_x_accel_buffering_no (arrivals, header passed on)", answer)
    return (Words(wording[answer]), arrivals_figure(arrivals, numbers))


def upstream_protocol(measured: dict, probe: dict, numbers: Numbers) -> Cell:
    return (Figure(measured["upstream_protocol"]),)


def cut_stream(measured: dict, probe: dict, numbers: Numbers) -> Cell:
    cut = measured["cut_stream"]
    if cut["outcome"] not in OUTCOME:
        raise no_wording("cut_stream.outcome", cut["outcome"])
    return (Figure(str(cut["status"])), Words(OUTCOME[cut["outcome"]]))


def silent_pause(measured: dict, probe: dict, numbers: Numbers) -> Cell:
    silent = measured["silent_pause"]
    answer = (silent["outcome"], silent["first_chunk_received"], silent["last_chunk_received"])
    wording = {
        ("IncompleteRead", True, False): "cut after the first chunk",
        ("IncompleteRead", False, False): "cut before the client got any chunk",
        ("complete", True, True): "complete",
    }
    if answer not in wording:
        raise no_wording("silent_pause (outcome, first chunk, last chunk)", answer)
    return (Words(wording[answer]), Figure(numbers.ms(silent["ended_ms"])))


def heartbeat_pause(measured: dict, probe: dict, numbers: Numbers) -> Cell:
    heartbeats = measured["heartbeat_pause"]
    answer = (heartbeats["outcome"], heartbeats["last_chunk_received"])
    wording = {("complete", True): "complete", ("IncompleteRead", False): "cut"}
    if answer not in wording:
        raise no_wording("heartbeat_pause (outcome, last chunk)", answer)
    return (Words(wording[answer]), Figure(numbers.ms(heartbeats["ended_ms"])))


@dataclass(frozen=True)
class ProxyRow:
    name: Words
    behaviour: str  # a key of the file's measurements of an endpoint
    cell: Callable[[dict, dict, Numbers], Cell]
    # Measured with the short read timeout, on the column's short_timeout_endpoint.
    short_timeout: bool = False


PROXY_ROWS = [
    ProxyRow(Words("Chunks arrive one by one"), "chunk_arrivals", chunk_arrivals),
    ProxyRow(
        Words("Chunks arrive one by one, when the app sends `X-Accel-Buffering: no`"),
        "chunk_arrivals_x_accel_buffering_no",
        chunk_arrivals_with_header,
    ),
    ProxyRow(Words("HTTP version of the requests the app gets"), "upstream_protocol", upstream_protocol),
    ProxyRow(Words("Error after the first chunk"), "cut_stream", cut_stream),
    ProxyRow(
        Words("Short `proxy_read_timeout`, the app silent for longer than that"), "silent_pause", silent_pause, True
    ),
    ProxyRow(
        Words("Short `proxy_read_timeout`, heartbeats during the pause"), "heartbeat_pause", heartbeat_pause, True
    ),
    ProxyRow(Words("Status line and headers arrive, with a slow first chunk"), "slow_first_chunk", headers_when_slow),
]


def proxy_cell(results: dict, column: ProxyColumn, row: ProxyRow, numbers: Numbers) -> Cell:
    endpoint = column.short_timeout_endpoint if row.short_timeout else column.endpoint
    measured = results["measurements"].get(endpoint, {}) if endpoint else {}
    if row.behaviour not in measured:
        return NOT_MEASURED
    return row.cell(measured, results["probe"], numbers)


def proxies_table(results: dict, numbers: Numbers) -> Table:
    upstream = results["upstream"]
    corner = (
        Figure(f"nginx {results['nginx']}, gunicorn {upstream['versions']['gunicorn']}"),
        Words(option_as_code(upstream["worker"])),
    )
    return Table(
        header=[corner, *((column.heading,) for column in PROXY_COLUMNS)],
        rows=[
            [(row.name,), *(proxy_cell(results, column, row, numbers) for column in PROXY_COLUMNS)]
            for row in PROXY_ROWS
        ],
    )


@dataclass(frozen=True)
class TableKind:
    results: str  # a key of results_files
    build: Callable[[dict, Numbers], Table]


TABLES = {
    "servers": TableKind("servers", servers_table),
    "flask-teardown": TableKind("flask_versions", teardown_table),
    "proxies": TableKind("proxies", proxies_table),
}


# -- The prose's figures ----------------------------------------------------------


def server_figures(results: dict, numbers: Numbers) -> dict[str, str]:
    probe = results["probe"]
    return {
        "results_probe_chunks": numbers.number(probe["chunks"]),
        "results_probe_chunk_interval": numbers.duration(probe["chunk_interval_ms"]),
        "results_probe_slow_start": numbers.duration(probe["slow_start_ms"]),
        "results_probe_tick_interval": numbers.duration(probe["tick_interval_ms"]),
        "results_servers_python": results["python"],
        "results_servers_flask": results["flask"],
        "results_servers_werkzeug": results["werkzeug"],
    }


def flask_version_figures(results: dict, numbers: Numbers) -> dict[str, str]:
    versions = list(results["versions"])
    tests = {record["tests"]["passed"] for record in results["versions"].values()}
    if len(tests) != 1:
        raise ResultsError(f"the Flask releases passed different numbers of tests ({sorted(tests)})")
    before_the_body = [
        version
        for version, record in results["versions"].items()
        if any(teardown_runs(version, record, function)[1] for function in TEARDOWN_FUNCTIONS)
    ]
    if not before_the_body:
        # The prose that quotes the figure warns about those releases: it must change, not go blank.
        raise ResultsError(
            "no Flask release runs a teardown function before the body any more: "
            "rewrite the prose that quotes {{ results_flask_teardown_before_the_body }}"
        )
    return {
        # "3.1.2 and 3.1.3", joined the language's way.
        "results_flask_teardown_before_the_body": format_list(before_the_body, locale=numbers.language),
        "results_flask_first": versions[0],
        "results_flask_last": versions[-1],
        "results_flask_releases": numbers.number(len(versions)),
        "results_flask_tests": numbers.number(tests.pop()),
    }


def proxy_figures(results: dict, numbers: Numbers) -> dict[str, str]:
    probe = results["probe"]
    return {
        "results_proxies_nginx": results["nginx"],
        "results_proxies_gunicorn": results["upstream"]["versions"]["gunicorn"],
        "results_proxies_chunks": numbers.number(probe["chunks"]),
        "results_proxies_chunk_interval": numbers.duration(probe["chunk_interval_ms"]),
        "results_proxies_pause": numbers.duration(probe["pause_ms"]),
        "results_proxies_heartbeat_interval": numbers.duration(probe["heartbeat_interval_ms"]),
        "results_proxies_short_read_timeout": numbers.duration(probe["short_read_timeout_s"] * 1000),
    }


FIGURES: dict[str, Callable[[dict, Numbers], dict[str, str]]] = {
    "servers": server_figures,
    "flask_versions": flask_version_figures,
    "proxies": proxy_figures,
}


# -- Reading the files ---------------------------------------------------------------


def read_results(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResultsError(f"{path} does not exist; `make matrix` writes it") from None
    except json.JSONDecodeError as error:
        raise ResultsError(f"{path}:{error.lineno}: not JSON: {error.msg}") from None


@contextlib.contextmanager
def reading(path: Path, what: str) -> Iterator[None]:
    """Say which file lacks what ``what`` needs, rather than a bare KeyError."""
    try:
        yield
    except (KeyError, TypeError, AttributeError) as error:
        raise ResultsError(
            f"{path}: {what} needs {error}, which the file lacks or has another shape; "
            "is it the file `make matrix` writes?"
        ) from error


def results_path(config: Config, confdir: str | Path, name: str) -> Path:
    if name not in config.results_files:
        raise ResultsError(f"results_files (conf.py) has no {name!r}")
    return Path(confdir, config.results_files[name])


def add_figures(app: Sphinx, config: Config) -> None:
    numbers = Numbers(config.language or "en")
    figures = {}
    for name, figures_of in FIGURES.items():
        path = results_path(config, app.confdir, name)
        with reading(path, f"the {{{{ results_... }}}} figures of {name}"):
            figures |= figures_of(read_results(path), numbers)
    config.myst_substitutions = {**config.myst_substitutions, **figures}


# -- The directive ---------------------------------------------------------------------


class ResultsTable(SphinxDirective):
    """```{results-table} servers```: the table of that name, from its results file."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in TABLES:
            raise self.error(f"no results table {name!r}; there are: {', '.join(TABLES)}")
        kind = TABLES[name]
        path = results_path(self.config, self.env.app.confdir, kind.results)
        self.env.note_dependency(str(path.resolve()))
        with reading(path, f"the {name} table"):
            table = kind.build(read_results(path), Numbers(self.config.language or "en"))
        return [self.render(name, table)]

    def render(self, name: str, table: Table) -> nodes.table:
        columns = len(table.header)
        node = nodes.table(classes=["results-table", f"results-table-{name}"])
        self.set_source_info(node)
        group = nodes.tgroup(cols=columns)
        node += group
        # Relative widths: the longest text of each column (the text builder wraps at them).
        for column in range(columns):
            texts = [part.text for cells in [table.header, *table.rows] for part in cells[column]]
            group += nodes.colspec(colwidth=max([10, *map(len, texts)]))
        group += nodes.thead("", self.row(table.header))
        group += nodes.tbody("", *(self.row(cells) for cells in table.rows))
        return node

    def row(self, cells: list[Cell]) -> nodes.row:
        return nodes.row("", *(nodes.entry("", *self.paragraphs(cell)) for cell in cells))

    def paragraphs(self, cell: Cell) -> list[nodes.Node]:
        made: list[nodes.Node] = []
        for part in cell:
            if isinstance(part, Words):
                # The page's parser makes an ordinary paragraph of it: a message to translate.
                made.extend(self.parse_text_to_nodes(part.text))
            else:
                figure = nodes.paragraph(part.text, part.text, translatable=False)
                self.set_source_info(figure)
                made.append(figure)
        return made


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value(
        "results_files",
        {
            "servers": "../results/servers.json",
            "flask_versions": "../results/flask_versions.json",
            "proxies": "../results/proxies.json",
        },
        "env",
        dict,
    )
    # myst_substitutions is myst_parser's setting.
    app.setup_extension("myst_parser")
    app.connect("config-inited", add_figures)
    app.add_directive("results-table", ResultsTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
