"""The probe of `make matrix-flask` sees what the tests expect, on each Flask release.

tests/flask_versions.py measures, and results/flask_versions.json records, what
Flask does with a streamed response; these tests hold those measurements to the
chapter's statements, so that the results file cannot say something the tests
do not prove.
"""

import flask
import pytest
import werkzeug.test

from tests import flask_versions
from tests.test_context.test_teardown import expected_teardown

READS = ["whole_body", "closed_after_first_chunk"]


@pytest.fixture(scope="module")
def probe():
    """One probe run: its record for the installed Flask."""
    return flask_versions.probe()


@pytest.mark.parametrize("stream", ["stream_with_context", "stream_template"])
@pytest.mark.parametrize("read", READS)
def test_teardown_runs_as_the_table_says_for_either_stream(probe, stream, read):
    # stream_template wraps its stream in stream_with_context: the same table holds.
    expected = expected_teardown()
    facts = probe["teardown"][stream][read]
    for function in ("teardown_request", "teardown_appcontext"):
        assert facts[function] == {"runs": expected["runs"], "runs_before_the_body": expected["runs_before_the_body"]}
    assert facts["events"][0] == "view returned"
    assert facts["events"][-1] == "server closed the body"


def test_stream_template_exists(probe):
    assert probe["stream_template_exists"]


def test_client_get_takes_exactly_one_chunk_before_it_returns(probe):
    assert probe["test_client"]["response_is_streamed"]
    assert probe["test_client"]["chunks_made_when_get_returns"] == 1


def test_buffered_get_makes_the_whole_body_first(probe):
    assert probe["test_client"]["buffered_get_makes_every_chunk_before_it_returns"]
    assert not probe["test_client"]["buffered_response_is_streamed"]


def test_partly_read_response_keeps_the_context_until_close_and_close_runs_finally(probe):
    facts = probe["test_client"]
    assert facts["partly_read_stream_with_context_keeps_request_context_in_the_test"]
    assert facts["close_runs_the_generators_finally"]
    assert facts["request_context_gone_after_close"]


def test_an_unclosed_response_leaves_its_context_pushed_and_warns_nothing(probe):
    # Review finding A5: warnings as errors do not catch a response left open.
    assert probe["test_client"]["unclosed_partly_read_response_left_request_context_pushed"]
    assert probe["test_client"]["unclosed_response_warnings"] == []


def test_flask_client_is_a_subclass_of_werkzeugs(probe):
    assert probe["test_client"]["flask_client_subclasses_werkzeug_client"]


def test_the_test_client_is_a_subclass_of_werkzeugs():
    client = flask.Flask(__name__).test_client()
    assert isinstance(client, werkzeug.test.Client)
    assert type(client) is not werkzeug.test.Client
