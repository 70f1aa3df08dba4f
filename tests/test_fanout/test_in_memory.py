"""An in-process queue fans out within one worker process, and silently loses events with two."""

import pytest

import snippets.fanout.in_memory as in_memory
from snippets.fanout.in_memory import app
from tests.test_fanout.conftest import QUICK
from tests.test_fanout.sse_clients import Stream, publish, streams_on_every_worker, worker_of

MODULE = "snippets.fanout.in_memory"


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setitem(app.config, "HEARTBEAT_INTERVAL", 0.01)
    return app.test_client()


def test_every_open_stream_of_the_process_gets_the_event(client):
    streams = [client.get("/events", buffered=False) for _ in range(2)]
    chunks = [iter(stream.response) for stream in streams]
    assert [next(chunk) for chunk in chunks] == [b": subscribed\n\n"] * 2
    with client.post("/publish", data={"message": "hello"}) as response:
        assert response.json == {"receivers": 2}
    assert [next(chunk) for chunk in chunks] == [b'data: {"message": "hello"}\n\n'] * 2
    for stream in streams:
        stream.close()
    assert in_memory.subscribers == set()


def test_a_quiet_stream_sends_heartbeats_and_goes_on(client):
    with client.get("/events", buffered=False) as stream:
        chunks = iter(stream.response)
        assert next(chunks) == b": subscribed\n\n"
        assert next(chunks) == b": heartbeat\n\n"
        client.post("/publish", data={"message": "after"}).close()
        assert next(chunks) == b'data: {"message": "after"}\n\n'


@pytest.mark.parametrize(
    "form",
    [{}, {"message": ""}, {"message": "x" * 201}, {"message": ["a", "b"]}],
    ids=["missing", "empty", "too-long", "twice"],
)
def test_invalid_message_gets_400(client, form):
    with client.post("/publish", data=form) as response:
        assert response.status_code == 400
        assert b"message must be 1 to 200 characters, given once." in response.data


@pytest.mark.live
def test_live_one_worker_delivers_every_event_to_every_stream(gunicorn):
    server = gunicorn(MODULE, *QUICK)
    streams = [Stream(server) for _ in range(3)]
    for number in range(1, 4):
        assert publish(server, f"event {number}")[:2] == (200, {"receivers": 3})
    for stream in streams:
        assert stream.messages(quiet=2, count=3) == ["event 1", "event 2", "event 3"]
        stream.close()


@pytest.mark.live
def test_live_two_workers_silently_lose_events(gunicorn):
    server = gunicorn(MODULE, "--workers", "2", "--threads", "32", *QUICK)
    server.worker_pids(2)
    streams = streams_on_every_worker(server, workers=2)
    published = [publish(server, f"event {number}") for number in range(1, 7)]
    # Every publish succeeds: nothing tells the publisher that events were lost.
    assert all(status == 200 for status, _, _ in published)
    received = []
    for stream in streams:
        worker = worker_of(stream.connection.sock, stream.server)
        received.append(stream.messages(quiet=0.3))
        # A stream gets exactly the events published through its own worker.
        assert received[-1] == [f"event {n}" for n, (_, _, by) in enumerate(published, 1) if by == worker]
        stream.close()
    # One stream on each worker, so every event missed one of the two.
    assert sum(map(len, received)) == len(published)
