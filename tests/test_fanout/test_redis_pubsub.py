"""Redis pub/sub fans every event out to every stream, in every worker and every gunicorn instance."""

import os
import socket
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

import snippets.fanout.redis_pubsub as redis_pubsub
from snippets.fanout.redis_pubsub import app
from tests.live_server import ROOT, free_port
from tests.test_fanout.conftest import QUICK
from tests.test_fanout.sse_clients import Stream, publish, streams_on_every_worker

MODULE = "snippets.fanout.redis_pubsub"
# Two gunicorn instances of two workers each; 32 threads leave room for the streams
# that streams_on_every_worker() opens and closes again.
INSTANCES = [("--workers", "2", "--threads", "32", "--name", name) for name in ("a", "b")]


def serve(gunicorn, redis, *gunicorn_args):
    """The app under gunicorn, talking to ``redis``."""
    return gunicorn(MODULE, "--env", f"FLASK_REDIS_URL={redis.url}", *QUICK, *gunicorn_args)


@pytest.fixture
def client(redis, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", redis.url)
    monkeypatch.setitem(app.config, "HEARTBEAT_INTERVAL", 0.05)
    return app.test_client()


@pytest.fixture
def down(monkeypatch):
    """The app pointed at a port where nothing listens."""
    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    return app.test_client()


def wait_for_subscribers(redis, count, timeout=5):
    deadline = time.monotonic() + timeout
    while redis.subscribers(redis_pubsub.CHANNEL) != count:
        assert time.monotonic() < deadline, f"{redis.subscribers(redis_pubsub.CHANNEL)} subscribers, not {count}"
        time.sleep(0.05)


def test_a_stream_gets_what_is_published_after_its_first_byte(client, redis):
    with client.get("/events", buffered=False) as stream:
        chunks = iter(stream.response)
        assert next(chunks) == b": subscribed\n\n"
        assert redis.subscribers(redis_pubsub.CHANNEL) == 1
        with client.post("/publish", data={"message": "<b>hello</b>"}) as response:
            assert response.json == {"receivers": 1}
        assert next(chunks) == b'data: {"message": "<b>hello</b>"}\n\n'
        assert stream.mimetype == "text/event-stream"
        assert stream.headers["Cache-Control"] == "no-store"
    wait_for_subscribers(redis, 0)


def test_a_quiet_stream_sends_heartbeats(client):
    with client.get("/events", buffered=False) as stream:
        chunks = iter(stream.response)
        assert next(chunks) == b": subscribed\n\n"
        assert next(chunks) == b": heartbeat\n\n"


def test_page_points_the_script_at_the_stream(client):
    with client.get("/") as response:
        assert 'data-src="/events"' in response.get_data(as_text=True)
    with client.get("/static/fanout.js") as script:
        assert b"textContent" in script.data
        assert b"innerHTML" not in script.data


@pytest.mark.parametrize("form", [{}, {"message": ""}, {"message": "x" * 201}, {"message": ["a", "b"]}])
def test_invalid_message_gets_400(client, form):
    with client.post("/publish", data=form) as response:
        assert response.status_code == 400


def test_redis_going_away_ends_an_open_stream_with_an_error_event(fresh_redis, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", fresh_redis.url)
    with app.test_client().get("/events", buffered=False) as stream:
        chunks = iter(stream.response)
        assert next(chunks) == b": subscribed\n\n"
        fresh_redis.stop()
        assert list(chunks) == [b'event: error\ndata: {"error": "Redis is unavailable."}\n\n']


def test_a_message_that_is_not_utf8_is_sent_with_replacement_characters(client, redis):
    with client.get("/events", buffered=False) as stream:
        chunks = iter(stream.response)
        assert next(chunks) == b": subscribed\n\n"
        redis.command("PUBLISH", redis_pubsub.CHANNEL, b"caf\xe9")
        assert next(chunks) == b'data: {"message": "caf\\ufffd"}\n\n'


def test_redis_down_new_stream_gets_503_with_retry_after(down):
    with down.get("/events") as response:
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        assert response.data == b"Redis is unavailable; try again later.\n"


def test_redis_down_publish_gets_503(down):
    with down.post("/publish", data={"message": "hi"}) as response:
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"


def test_a_redis_that_does_not_answer_gets_503_in_time(monkeypatch):
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never answers
        monkeypatch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        monkeypatch.setitem(app.config, "REDIS_TIMEOUT", 0.2)
        started = time.monotonic()
        with app.test_client().get("/events") as response:
            assert response.status_code == 503
        assert time.monotonic() - started < 2


def test_each_stream_holds_a_pool_connection_and_a_full_pool_gets_503(client, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_MAX_CONNECTIONS", 2)
    streams = [client.get("/events", buffered=False) for _ in range(2)]
    with client.get("/events") as third:
        assert third.status_code == 503
    for stream in streams:
        assert stream.status_code == 200
        stream.close()
    with client.get("/events", buffered=False) as again:  # closed streams gave their connections back
        assert again.status_code == 200


def test_redis_py_pools_hold_100_connections_by_default():
    import redis

    assert redis.Redis().connection_pool.max_connections == 100


def test_the_redis_url_comes_from_the_environment():
    code = "from snippets.fanout.redis_pubsub import app; print(app.config['REDIS_URL'])"
    env = {**os.environ, "FLASK_REDIS_URL": "redis://10.0.0.7:6390/2"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert result.stdout == "redis://10.0.0.7:6390/2\n"


@pytest.mark.live
def test_live_every_stream_on_every_worker_and_instance_gets_every_event_in_order(gunicorn, redis):
    instances = [serve(gunicorn, redis, *args) for args in INSTANCES]
    streams = []
    for server in instances:
        server.worker_pids(2)
        streams += streams_on_every_worker(server, workers=2)
    wait_for_subscribers(redis, len(streams))  # the extra streams that were closed are gone
    events = [f"event {number}" for number in range(1, 6)]
    for number, message in enumerate(events):
        status, body, _ = publish(instances[number % 2], message)  # through either instance
        assert (status, body) == (200, {"receivers": 4})
    for stream in streams:
        assert stream.messages(quiet=2, count=len(events)) == events
        stream.close()


@pytest.mark.live
def test_live_a_client_that_hangs_up_is_unsubscribed(gunicorn, redis):
    server = serve(gunicorn, redis)
    wait_for_subscribers(redis, 0)  # the streams of earlier tests have gone
    stream = Stream(server)
    assert redis.subscribers(redis_pubsub.CHANNEL) == 1
    stream.close()
    # A heartbeat (every 0.2 s) fails to write, and the stream's cleanup unsubscribes.
    wait_for_subscribers(redis, 0, timeout=2)


@pytest.mark.live
def test_live_gevent_worker_serves_streams_side_by_side(gunicorn, fresh_redis):
    # One gevent worker: one process, one thread. The heartbeat is 60 s, so each
    # stream waits in redis-py for up to 60 s: if that wait blocked the process
    # instead of letting other greenlets run, the second stream would not get its
    # first byte, nor a publish its answer, within the clients' 10 s timeouts.
    server = gunicorn(
        MODULE,
        "--env",
        f"FLASK_REDIS_URL={fresh_redis.url}",  # its streams stay subscribed after the test
        "--env",
        "FLASK_HEARTBEAT_INTERVAL=60",
        "--worker-class",
        "gevent",
        "--graceful-timeout",
        "1",  # streams whose clients left are not noticed before the next heartbeat
    )
    streams = [Stream(server) for _ in range(3)]
    for number in range(1, 4):
        assert publish(server, f"event {number}")[:2] == (200, {"receivers": 3})
    for stream in streams:
        assert stream.messages(quiet=2, count=3) == ["event 1", "event 2", "event 3"]
        stream.close()


@pytest.mark.browser
def test_browser_pages_on_two_instances_show_every_event_in_order(gunicorn, redis, open_page):
    instances = [serve(gunicorn, redis, *args) for args in INSTANCES]
    pages = []
    for server in instances:
        page = open_page()
        page.goto(server.url + "/", wait_until="commit")
        expect(page.locator("#status")).to_have_text("Connected.")
        pages.append(page)
    wait_for_subscribers(redis, 2)
    events = ["first", "<b>second</b>", "third"]
    for number, message in enumerate(events):
        assert publish(instances[number % 2], message)[0] == 200
    for page in pages:
        expect(page.locator("#items li")).to_have_text(events)  # text, as sent
        assert page.locator("#items b").count() == 0


@pytest.mark.browser
def test_browser_redis_down_ends_open_streams_with_an_error_event_and_new_ones_get_503(
    gunicorn, fresh_redis, open_page
):
    server = serve(gunicorn, fresh_redis)
    stream = Stream(server)
    page = open_page()
    page.goto(server.url + "/", wait_until="commit")
    expect(page.locator("#status")).to_have_text("Connected.")
    fresh_redis.stop()

    # An open stream: a last "error" event, then the end of the response.
    frames = []
    while (frame := stream.frame()) is not None:
        frames.append(frame)
    assert frames[-1] == 'event: error\ndata: {"error": "Redis is unavailable."}'
    assert set(frames[:-1]) <= {": heartbeat"}
    stream.close()
    # The page shows the server's message, and keeps it: the script closed the
    # EventSource, which would otherwise report the lost connection at once.
    expect(page.locator("#status")).to_have_text("Redis is unavailable.")
    page.wait_for_timeout(500)
    expect(page.locator("#status")).to_have_text("Redis is unavailable.")

    # A new stream: a 503 with Retry-After before the first byte.
    connection = server.connection()
    connection.request("GET", "/events")
    response = connection.getresponse()
    assert (response.status, response.getheader("Retry-After")) == (503, "5")
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    connection.close()
    # EventSource gives up on a 503 for good; the script says so.
    other = open_page()
    other.goto(server.url + "/", wait_until="commit")
    expect(other.locator("#status")).to_have_text("The server is unavailable.")
    assert f"503: {server.url}/events" in page.problems
    page.problems.clear()
