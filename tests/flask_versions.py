"""What the installed Flask does with a streamed response, measured for `make matrix-flask`.

``python -m tests.flask_versions probe OUT.json`` runs in one Flask version's
virtual environment and records, by experiment, the facts the chapter states
about Flask: when the teardown functions run for a ``stream_with_context``
response and for ``stream_template``, and what the test client does with a
streamed response. ``python -m tests.flask_versions combine RESULTS RUNS TEST_PATH... --versions VERSION...``
joins each version's record with the outcome of its tests (pytest's JUnit XML)
into the committed results file. Nothing here states an expected value: the
tests hold the expectations, this module only observes.
"""

from __future__ import annotations

import gc
import importlib.metadata
import json
import platform
import sys
import warnings
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import flask
import werkzeug.test
from flask import Flask, Response, has_request_context, stream_with_context
from flask.testing import FlaskClient
from werkzeug.test import create_environ

CHUNKS = ("first\n", "second\n", "third\n")
TEMPLATE = "{% for chunk in chunks %}{{ chunk }}{% endfor %}"


def make_app(events: list[str], stream: str) -> Flask:
    """An app whose /stream view logs each step into ``events``.

    ``stream`` is "stream_with_context" (a generator wrapped in it) or
    "stream_template" (which wraps its stream itself).
    """
    app = Flask(__name__)

    @app.teardown_request
    def log_teardown_request(exception):
        events.append("teardown_request")

    @app.teardown_appcontext
    def log_teardown_appcontext(exception):
        events.append("teardown_appcontext")

    def generate():
        events.append("generator started")
        yield from CHUNKS
        events.append("generator ended")

    @app.get("/stream")
    def view():
        if stream == "stream_template":
            body = flask.stream_template_string(TEMPLATE, chunks=generate())
        else:
            body = stream_with_context(generate())
        events.append("view returned")
        return Response(body, mimetype="text/plain")

    return app


def serve_once(app: Flask, events: list[str], chunks_to_read: int | None) -> None:
    """Call the app as a WSGI server does: iterate the body, then close it.

    ``chunks_to_read`` None reads the whole body; a number stops after that many
    chunks, as a server does when the client hangs up.
    """
    iterable = app(create_environ("/stream"), lambda status, headers, exc_info=None: None)
    for sent, _ in enumerate(iterable, start=1):
        events.append(f"server sent chunk {sent}")
        if sent == chunks_to_read:
            break
    iterable.close()
    events.append("server closed the body")


def summarize(events: list[str]) -> dict:
    """Per teardown function: how often it ran, and how many of those runs came before the body started."""
    body_started = events.index("generator started")
    return {
        "events": events,
        **{
            function: {
                "runs": events.count(function),
                "runs_before_the_body": events[:body_started].count(function),
            }
            for function in ("teardown_request", "teardown_appcontext")
        },
    }


def teardown_facts(stream: str, chunks_to_read: int | None) -> dict:
    events: list[str] = []
    app = make_app(events, stream)
    serve_once(app, events, chunks_to_read)
    return summarize(events)


def client_facts() -> dict:
    """What Flask's test client does with a streamed response (testing.md)."""
    made: list[str] = []
    finished: list[bool] = []
    app = Flask(__name__)

    @app.get("/stream")
    def view():
        def generate():
            try:
                for chunk in CHUNKS:
                    made.append(chunk)
                    yield chunk
            finally:
                finished.append(True)

        return Response(stream_with_context(generate()), mimetype="text/plain")

    client = app.test_client()
    response = client.get("/stream")
    chunks_made_when_get_returned = len(made)
    context_kept_while_open = has_request_context()
    response.close()
    facts = {
        "flask_client_subclasses_werkzeug_client": issubclass(FlaskClient, werkzeug.test.Client),
        "response_is_streamed": response.is_streamed,
        "chunks_made_when_get_returns": chunks_made_when_get_returned,
        "partly_read_stream_with_context_keeps_request_context_in_the_test": context_kept_while_open,
        "close_runs_the_generators_finally": finished == [True],
        "request_context_gone_after_close": not has_request_context(),
    }

    made.clear()
    response = client.get("/stream", buffered=True)
    facts["buffered_get_makes_every_chunk_before_it_returns"] = len(made) == len(CHUNKS)
    facts["buffered_response_is_streamed"] = response.is_streamed
    response.close()

    # A partly read response that is never closed: does anything warn?
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = client.get("/stream")
        leaked_context = has_request_context()
        del response
        gc.collect()
    facts["unclosed_response_warnings"] = sorted({warning.category.__name__ for warning in caught})
    while has_request_context():  # what the unclosed response left pushed
        flask.globals.request_ctx.pop()
    facts["unclosed_partly_read_response_left_request_context_pushed"] = leaked_context
    return facts


def probe() -> dict:
    return {
        "python": platform.python_version(),
        "flask": importlib.metadata.version("flask"),
        "werkzeug": importlib.metadata.version("werkzeug"),
        "jinja2": importlib.metadata.version("jinja2"),
        "stream_template_exists": hasattr(flask, "stream_template"),
        "teardown": {
            stream: {
                "whole_body": teardown_facts(stream, None),
                "closed_after_first_chunk": teardown_facts(stream, 1),
            }
            for stream in ("stream_with_context", "stream_template")
        },
        "test_client": client_facts(),
    }


def junit_outcome(junit_xml: Path) -> dict:
    """The counts of pytest's JUnit XML report, and the failed tests' names."""
    suite = ElementTree.parse(junit_xml).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    failed = [
        f"{case.get('classname')}::{case.get('name')}"
        for case in suite.iter("testcase")
        if case.find("failure") is not None or case.find("error") is not None
    ]
    counts = {key: int(suite.get(key)) for key in ("tests", "failures", "errors", "skipped")}
    return {
        **counts,
        "passed": counts["tests"] - counts["failures"] - counts["errors"] - counts["skipped"],
        "failed": failed,
    }


def combine(results: Path, runs: Path, tests_run: list[str], versions: list[str]) -> None:
    per_version = {}
    for version in versions:
        record = json.loads((runs / f"{version}.json").read_text())
        if record["flask"] != version:
            raise SystemExit(f"the venv for Flask {version} has Flask {record['flask']}")
        outcome = junit_outcome(runs / f"{version}.xml")
        if outcome["passed"] != outcome["tests"]:
            raise SystemExit(f"Flask {version}: not every test passed (a skip is not a pass): {outcome}")
        per_version[version] = {**record, "tests": outcome}
    results.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "generated_by": "make matrix-flask",
        "tests_run": tests_run,
        "versions": per_version,
    }
    results.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {results}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["probe"] and len(argv) == 2:
        Path(argv[1]).write_text(json.dumps(probe(), indent=2) + "\n")
    elif argv[:1] == ["combine"] and len(argv) >= 5 and "--versions" in argv:
        split = argv.index("--versions")
        combine(Path(argv[1]), Path(argv[2]), argv[3:split], argv[split + 1 :])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
