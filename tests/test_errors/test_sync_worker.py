"""gunicorn's sync worker is killed mid-stream once a request outlasts its timeout."""

import http.client

import pytest

from tests.test_errors.helpers import TIMEOUT


@pytest.mark.live
def test_live_sync_worker_is_killed_even_while_it_sends(live_server, monkeypatch):
    # The sync worker (one thread: more would make gunicorn pick gthread),
    # with a timeout of 1 s instead of 30 s to keep the test short.
    monkeypatch.setenv("GUNICORN_CMD_ARGS", "--worker-class sync --threads 1 --timeout 1")
    server = live_server("snippets.errors.disconnect_cleanup")
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/ticks")
    response = connection.getresponse()
    assert response.status == 200
    # The stream sends a tick every 0.1 s, and is still cut after about a second.
    with pytest.raises(http.client.IncompleteRead) as excinfo:
        response.read()
    response.close()
    connection.close()
    assert 5 < excinfo.value.partial.count(b"tick") < 100
    log = server.wait_for_log("WORKER TIMEOUT")
    assert "Using worker: sync" in log
