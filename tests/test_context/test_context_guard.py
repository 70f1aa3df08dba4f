"""The guard of tests/conftest.py finds a context that a test left pushed (testing.md)."""

from flask import Flask, has_app_context, has_request_context

from tests.conftest import pop_leaked_contexts


def test_the_guard_pops_and_reports_every_context_left_pushed():
    app = Flask(__name__)
    app.test_request_context("/left-open").push()
    assert has_request_context()
    leaked = pop_leaked_contexts()
    # Popping the request context pops the app context it pushed for itself.
    assert [type(context).__name__ for context in leaked] == ["RequestContext"]
    assert leaked[0].request.path == "/left-open"
    assert not has_request_context()
    assert not has_app_context()


def test_the_guard_pops_and_reports_an_app_context_left_pushed():
    app = Flask(__name__)
    app.app_context().push()
    leaked = pop_leaked_contexts()
    assert [context.app for context in leaked] == [app]
    assert not has_app_context()


def test_the_guard_finds_nothing_when_every_context_was_popped():
    with Flask(__name__).test_request_context("/closed"):
        pass
    assert pop_leaked_contexts() == []
