"""gunicorn's gthread worker keeps a stream going for longer than its timeout."""

import pytest

from tests.test_errors.helpers import TIMEOUT


@pytest.mark.live
def test_live_gthread_worker_streams_past_its_timeout(live_server, monkeypatch):
    # The test configuration's gthread worker, with a timeout of 2 s instead of 30 s.
    monkeypatch.setenv("GUNICORN_CMD_ARGS", "--timeout 2")
    server = live_server("snippets.errors.disconnect_cleanup")
    connection = server.connection(timeout=TIMEOUT)
    connection.request("GET", "/ticks")
    response = connection.getresponse()
    received = b""
    # 40 ticks at 0.1 s: twice the timeout.
    while received.count(b"\n") < 40:
        chunk = response.read1(1000)
        assert chunk, "the stream ended early"
        received += chunk
    response.close()
    connection.close()
    log = server.wait_for_log("ticks stream closed after")
    assert "Using worker: gthread" in log
    assert "WORKER TIMEOUT" not in log
