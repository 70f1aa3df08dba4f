"""The production SSE feed: heartbeats, retry, ids, resume, a clean end; through nginx and in Chromium."""

import http.client
import json
import logging
import re
import shutil
import subprocess
import threading
import time
from urllib.parse import urlencode

import pytest
from hypothesis import given
from playwright.sync_api import expect

import snippets.sse.feed as feed_module
from snippets.sse.feed import MAX_MESSAGE_LENGTH, Feed, app
from tests.proxies import SHORT_READ_TIMEOUT_S, Nginx
from tests.strict_inputs import NOT_ASCII_WHOLE_NUMBERS, not_ascii_digits
from tests.test_errors.helpers import TIMEOUT, hang_up_after

# gunicorn options (tests/gunicorn_conf.py reads FLASK_* settings). --name only keeps
# servers apart: live_server starts one per set of options, and some tests close their feed.
HEARTBEATS = ("--env", "FLASK_HEARTBEAT_INTERVAL=0.2")
# Heartbeats rarer than nginx's short read timeout (tests/proxies.py): a silent stream to it.
# Its streams outlive their clients by up to two heartbeats: gunicorn ends them after 1 s when stopped.
RARE_HEARTBEATS = ("--env", "FLASK_HEARTBEAT_INTERVAL=3", "--graceful-timeout", "1")
# A pause longer than the short read timeout, before the test publishes a message.
PAUSE_S = SHORT_READ_TIMEOUT_S + 0.5
# Enough threads for seven open streams, the page and the requests beside them.
LIMIT_SERVER = (*HEARTBEATS, "--threads", "16", "--name", "limit")


@pytest.fixture
def feed(monkeypatch):
    """A new, empty feed for the app, and heartbeats 10 ms apart."""
    new_feed = Feed()
    monkeypatch.setattr(feed_module, "feed", new_feed)
    monkeypatch.setitem(app.config, "HEARTBEAT_INTERVAL", 0.01)
    return new_feed


@pytest.fixture
def client(feed):
    return app.test_client()


def frames(chunks):
    """Each chunk of an event stream as a list of lines (every chunk is one whole frame)."""
    texts = [chunk.decode() for chunk in chunks]
    assert all(text.endswith("\n\n") and text.count("\n\n") == 1 for text in texts), texts
    return [text[:-2].split("\n") for text in texts]


def whole_stream(client, headers=None):
    with client.get("/events", headers=headers) as response:
        assert response.status_code == 200
        return frames(response.response)


def test_pages_load_their_scripts(client):
    with client.get("/") as response:
        assert 'data-src="/events"' in response.text
        assert 'src="/static/feed.js"' in response.text
    with client.get("/shared") as response:
        assert 'data-worker="/static/feed_worker.js"' in response.text
        assert 'src="/static/shared_feed.js"' in response.text
    with client.get("/static/feed_worker.js") as script:
        assert b'new EventSource("/events")' in script.data


def test_stream_is_text_event_stream_that_no_one_caches_or_buffers(client, feed):
    feed.close()
    with client.get("/events") as response:
        assert response.mimetype == "text/event-stream"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Accel-Buffering"] == "no"


def test_new_client_gets_retry_the_kept_events_with_ids_and_a_final_end(client, feed):
    feed.publish({"message": "first"})
    feed.publish({"message": "second"})
    feed.close()
    assert whole_stream(client) == [
        ["retry: 2000"],
        ["id: 1", 'data: {"message": "first"}'],
        ["id: 2", 'data: {"message": "second"}'],
        ["event: end", 'data: {"sent": 2}'],
    ]


def test_silence_gets_a_comment_line_and_a_closed_stream_logs_it(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/events")
        chunks = iter(response.response)
        assert frames([next(chunks), next(chunks), next(chunks)]) == [
            ["retry: 2000"],
            [": keep-alive"],
            [": keep-alive"],
        ]
        assert "feed stream closed" not in caplog.text
        response.close()
    assert "feed stream closed after 0 events and 2 heartbeats" in caplog.text


def test_events_are_sent_as_they_are_published_and_the_end_when_the_feed_closes(client, feed):
    response = client.get("/events")
    chunks = iter(response.response)
    assert next(chunks) == b"retry: 2000\n\n"
    threading.Timer(0.05, feed.publish, [{"message": "later"}]).start()
    threading.Timer(0.1, feed.close).start()
    # Heartbeats fill the waits; the event and the end come as soon as they exist.
    assert [chunk for chunk in chunks if chunk != b": keep-alive\n\n"] == [
        b'id: 1\ndata: {"message": "later"}\n\n',
        b'event: end\ndata: {"sent": 1}\n\n',
    ]
    response.close()


def test_defaults_are_a_heartbeat_every_15_s_and_a_2_s_retry(monkeypatch):
    waits = []

    class QuietFeed:
        def events_after(self, last_id, timeout):
            waits.append(timeout)
            return [], False

    monkeypatch.setattr(feed_module, "feed", QuietFeed())
    with app.test_client().get("/events") as response:
        chunks = iter(response.response)
        assert frames([next(chunks), next(chunks)]) == [["retry: 2000"], [": keep-alive"]]
    assert waits == [15]


def test_last_event_id_resumes_after_it_without_a_duplicate(client, feed):
    for number in range(1, 5):
        feed.publish({"message": f"m{number}"})
    feed.close()
    assert whole_stream(client, {"Last-Event-ID": "2"})[1:] == [
        ["id: 3", 'data: {"message": "m3"}'],
        ["id: 4", 'data: {"message": "m4"}'],
        ["event: end", 'data: {"sent": 2}'],
    ]


def test_resuming_after_the_newest_event_waits_for_the_next(client, feed):
    feed.publish({"message": "seen"})
    feed.close()
    assert whole_stream(client, {"Last-Event-ID": "1"})[1:] == [["event: end", 'data: {"sent": 0}']]


@pytest.mark.parametrize("last_id", ["1", "7"])
def test_an_id_the_feed_no_longer_keeps_or_never_sent_gets_a_reset(client, monkeypatch, last_id):
    small_feed = Feed(replay_size=2)
    monkeypatch.setattr(feed_module, "feed", small_feed)
    for number in range(1, 5):
        small_feed.publish({"message": f"m{number}"})
    small_feed.close()
    # 1: events 2 was dropped from the buffer. 7: from before a restart, say.
    assert whole_stream(client, {"Last-Event-ID": last_id})[1:] == [
        ["event: reset", "id: 4", 'data: {"last_id": 4}'],
        ["event: end", 'data: {"sent": 0}'],
    ]


def test_after_a_restart_that_passed_the_clients_id_the_new_events_come_without_a_reset(client, monkeypatch):
    # The client saw id 2 from the old process; the new one has already numbered past it.
    new_feed = Feed()
    monkeypatch.setattr(feed_module, "feed", new_feed)
    for number in range(1, 5):
        new_feed.publish({"message": f"new {number}"})
    new_feed.close()
    frames = whole_stream(client, {"Last-Event-ID": "2"})[1:]
    assert [frame[0] for frame in frames] == ["id: 3", "id: 4", "event: end"]
    assert not any("event: reset" in line for frame in frames for line in frame)


def test_the_oldest_kept_event_can_still_be_resumed_after(client, monkeypatch):
    small_feed = Feed(replay_size=2)
    monkeypatch.setattr(feed_module, "feed", small_feed)
    for number in range(1, 5):
        small_feed.publish({"message": f"m{number}"})
    small_feed.close()
    assert [frame[0] for frame in whole_stream(client, {"Last-Event-ID": "2"})[1:]] == ["id: 3", "id: 4", "event: end"]


def test_a_closed_empty_feed_ends_at_once(client, feed):
    feed.close()
    assert whole_stream(client) == [["retry: 2000"], ["event: end", 'data: {"sent": 0}']]


def test_events_after_waits_up_to_its_timeout():
    feed = Feed()
    started = time.monotonic()
    assert feed.events_after(None, 0.2) == ([], False)
    assert time.monotonic() - started >= 0.2


@pytest.mark.parametrize("last_id", ["x", "-1", "", "1.5", *NOT_ASCII_WHOLE_NUMBERS[:2], " 1", "1_0", "+1"])
def test_invalid_last_event_id_gets_400_before_any_event(client, last_id):
    with client.get("/events", headers={"Last-Event-ID": last_id}) as response:
        assert response.status_code == 400
        assert response.mimetype == "text/html"
        assert b"Last-Event-ID must be a whole number from 0 to 999999999" in response.data


@given(last_id=not_ascii_digits.filter(lambda text: text.isprintable() and text.strip() == text))
def test_any_last_event_id_but_ascii_digits_gets_400(last_id):
    # HTTP header values cannot carry a line break or NUL, nor (stripped) outer spaces.
    with app.test_client().get("/events", headers={"Last-Event-ID": last_id}) as response:
        assert response.status_code == 400


def test_repeated_last_event_id_gets_400(client):
    with client.get("/events", headers=[("Last-Event-ID", "1"), ("Last-Event-ID", "2")]) as response:
        assert response.status_code == 400
        assert b"given once" in response.data


def test_publish_numbers_the_events(client, feed):
    assert client.post("/publish", data={"message": "a"}).json == {"id": 1}
    response = client.post("/publish", data={"message": "<b>"})
    assert (response.status_code, response.json) == (201, {"id": 2})
    assert list(feed.recent) == [(1, {"message": "a"}), (2, {"message": "<b>"})]


@pytest.mark.parametrize("form", [{}, {"message": ""}, {"message": "x" * 201}, {"message": ["a", "b"]}])
def test_invalid_message_gets_400(client, feed, form):
    response = client.post("/publish", data=form)
    assert response.status_code == 400
    assert f"message must be 1 to {MAX_MESSAGE_LENGTH} characters, given once".encode() in response.data
    assert feed.last_id == 0


def test_close_ends_the_feed(client, feed):
    assert client.post("/close").status_code == 204
    assert feed.closed


# -- Live: gunicorn, nginx and Chromium ------------------------------------------------


def publish(server, message):
    connection = server.connection(timeout=TIMEOUT)
    body = urlencode({"message": message})
    connection.request("POST", "/publish", body, {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    assert response.status == 201, response.read()
    number = json.loads(response.read())["id"]
    connection.close()
    return number


@pytest.fixture(scope="module")
def behind_nginx(live_server, tmp_path_factory):
    """Return ``behind_nginx(*gunicorn_args)``: (gunicorn, its nginx endpoint with a 1 s read timeout)."""
    proxies = {}

    def serve(*gunicorn_args):
        server = live_server("snippets.sse.feed", *gunicorn_args)
        if gunicorn_args not in proxies:
            # gunicorn listens before its worker has booted: a first request through
            # nginx could wait longer than the short read timeout and get a 504.
            connection = server.connection(timeout=TIMEOUT)
            connection.request("GET", "/static/feed.js")
            assert connection.getresponse().status == 200
            connection.close()
            proxy = Nginx(tmp_path_factory.mktemp("nginx"), server.port, variants=("chapter_read_timeout",))
            proxy.start()
            proxies[gunicorn_args] = proxy
        return server, proxies[gunicorn_args].endpoints["chapter_read_timeout"]

    yield serve
    for proxy in proxies.values():
        proxy.stop()


def read_through_a_pause(server, endpoint):
    """Open the stream through nginx, publish a message after PAUSE_S, read until it arrives or the end.

    Returns (outcome, seconds from the response's headers to the end of reading, what arrived).
    """
    connection = endpoint.connection(timeout=TIMEOUT)
    connection.request("GET", "/events", headers={"Last-Event-ID": str(publish(server, "before the pause"))})
    response = connection.getresponse()
    started = time.monotonic()  # the stream is open: nginx now waits for its next bytes
    assert response.status == 200
    timer = threading.Timer(PAUSE_S, publish, [server, "after the pause"])
    timer.start()
    received = b""
    outcome = "cut"
    try:
        while b"after the pause" not in received:
            chunk = response.read1(1000)
            if not chunk:
                break
            received += chunk
        else:
            outcome = "received"
    except http.client.IncompleteRead:
        pass
    ended = time.monotonic() - started
    timer.join()
    connection.close()
    return outcome, ended, received.decode()


@pytest.mark.live
def test_live_nginx_cuts_a_stream_that_is_silent_longer_than_its_read_timeout(behind_nginx):
    outcome, ended, received = read_through_a_pause(*behind_nginx(*RARE_HEARTBEATS, "--name", "silent"))
    assert outcome == "cut", received
    assert received == "retry: 2000\n\n"
    assert SHORT_READ_TIMEOUT_S * 0.9 <= ended < PAUSE_S, ended


@pytest.mark.live
def test_live_heartbeats_keep_the_stream_open_through_nginx(behind_nginx):
    outcome, ended, received = read_through_a_pause(*behind_nginx(*HEARTBEATS, "--name", "heartbeats"))
    assert outcome == "received", received
    assert ended >= PAUSE_S
    assert received.count(": keep-alive\n\n") >= 5, received
    assert received.endswith('data: {"message": "after the pause"}\n\n')


@pytest.mark.live
@pytest.mark.parametrize(
    ("gunicorn_args", "noticed"), [(HEARTBEATS, True), (RARE_HEARTBEATS, False)], ids=["heartbeats", "rare_heartbeats"]
)
def test_live_a_heartbeat_write_finds_a_client_that_has_gone(live_server, gunicorn_args, noticed):
    server = live_server("snippets.sse.feed", *gunicorn_args, "--name", "hang-up")
    hang_up_after(server.port, "/events", b"retry: 2000\n\n")
    hung_up_at = time.monotonic()
    closed = "feed stream closed after 0 events"
    if noticed:
        log = server.wait_for_log(closed)
        # Two writes: the first one after the hang-up still succeeds (see docs/errors.md).
        assert time.monotonic() - hung_up_at < 2, log
        assert re.search(r"0 events and [1-3] heartbeats", log), log
    else:
        time.sleep(1)  # five heartbeat intervals of the other case
        assert closed not in server.log()


@pytest.mark.browser
def test_browser_page_shows_messages_as_text_and_stops_at_the_end(live_server, page):
    server = live_server("snippets.sse.feed", *HEARTBEATS, "--env", "FLASK_RETRY_MS=200", "--name", "page")
    page.goto(server.url + "/", wait_until="commit")
    expect(page.locator("#status")).to_have_text("Connected.")
    publish(server, "<b>not bold</b>")
    expect(page.locator("#items li")).to_have_text(["<b>not bold</b>"])
    assert page.locator("#items b").count() == 0
    connection = server.connection(timeout=TIMEOUT)
    connection.request("POST", "/close")
    assert connection.getresponse().status == 204
    connection.close()
    expect(page.locator("#status")).to_have_text("The feed has ended.")
    # Three times the 200 ms retry delay, and still a single request: no reconnection.
    page.wait_for_timeout(600)
    assert server.log().count("GET /events") == 1


@pytest.mark.browser
def test_browser_resumes_after_nginx_cuts_the_stream_without_loss_or_duplicates(behind_nginx, page):
    server, endpoint = behind_nginx(*RARE_HEARTBEATS, "--env", "FLASK_RETRY_MS=1000", "--name", "resume")
    event_requests = []
    page.on("request", lambda request: "/events?client=test" in request.url and event_requests.append(request))
    page.goto(f"http://127.0.0.1:{endpoint.port}/", wait_until="commit")
    expect(page.locator("#status")).to_have_text("Connected.")
    # Two messages, then silence: nginx cuts the stream after its read timeout.
    # When the page sees the cut, it publishes two more at once, while EventSource
    # waits the 1 s retry delay before it reconnects.
    page.evaluate("""
        window.received = [];
        window.publishedWhileAway = null;
        window.source = new EventSource('/events?client=test');
        source.onmessage = (event) => received.push([event.lastEventId, JSON.parse(event.data).message]);
        source.addEventListener('error', async () => {
            if (publishedWhileAway !== null) return;
            publishedWhileAway = false;
            const lostAt = performance.now();
            for (const message of ['m3', 'm4']) {
                await fetch('/publish', {method: 'POST', body: new URLSearchParams({message})});
            }
            publishedWhileAway = performance.now() - lostAt < 1000;
        });
    """)
    page.wait_for_function("source.readyState === EventSource.OPEN")
    first, second = publish(server, "m1"), publish(server, "m2")
    page.wait_for_function("received.length === 4")
    assert page.evaluate("publishedWhileAway") is True
    publish(server, "m5")
    page.wait_for_function("received.length === 5")
    assert page.evaluate("received") == [[str(first + n), f"m{n + 1}"] for n in range(5)]
    # The page's own EventSource and ours: the second request of ours resumed after m2.
    resumed = [request.header_value("last-event-id") for request in event_requests]
    assert resumed.count(str(second)) == 1, resumed
    page.evaluate("source.close()")
    # Chromium reports each cut stream as a failed request, and logs it: expected here.
    assert page.problems, "nginx cut no stream"
    assert all("net::ERR_INCOMPLETE_CHUNKED_ENCODING" in problem for problem in page.problems), page.problems
    page.problems.clear()


@pytest.mark.browser
def test_browser_the_seventh_eventsource_to_an_origin_waits(behind_nginx, page):
    server, _ = behind_nginx(*LIMIT_SERVER)
    page.goto(server.url + "/", wait_until="commit")
    expect(page.locator("#status")).to_have_text("Connected.")  # one open stream: the page's own
    page.evaluate("""
        window.sources = [];
        for (let i = 0; i < 6; i++) sources.push(new EventSource('/events?stream=' + i));
    """)
    page.wait_for_function("sources.filter((s) => s.readyState === EventSource.OPEN).length === 5")
    # Heartbeats keep the six open streams busy: the seventh stays unconnected.
    page.wait_for_timeout(600)
    assert page.evaluate("sources.map((s) => s.readyState)") == [1, 1, 1, 1, 1, 0]
    page.evaluate("sources[0].close()")
    page.wait_for_function("sources[5].readyState === EventSource.OPEN")


@pytest.mark.browser
def test_browser_the_limit_is_per_origin(behind_nginx, page):
    server, endpoint = behind_nginx(*LIMIT_SERVER)
    page.goto(server.url + "/", wait_until="commit")
    page.evaluate("""
        window.sources = [];
        for (let i = 0; i < 5; i++) sources.push(new EventSource('/events?stream=' + i));
    """)
    page.wait_for_function("sources.every((s) => s.readyState === EventSource.OPEN)")
    expect(page.locator("#status")).to_have_text("Connected.")
    # Six open streams to gunicorn's origin. nginx's port is another origin, with six of its own.
    other_origin = page.context.new_page()
    other_origin.goto(f"http://127.0.0.1:{endpoint.port}/", wait_until="commit")
    expect(other_origin.locator("#status")).to_have_text("Connected.")


@pytest.mark.browser
def test_browser_tabs_share_one_eventsource_through_a_shared_worker(live_server, page):
    server = live_server("snippets.sse.feed", *HEARTBEATS, "--name", "shared")
    tabs = [page] + [page.context.new_page() for _ in range(6)]
    for tab in tabs:
        tab.goto(server.url + "/shared", wait_until="commit")
    for tab in tabs:
        expect(tab.locator("#status")).to_have_text("Connected.")
    publish(server, "for every tab")
    for tab in tabs:
        expect(tab.locator("#items li")).to_have_text(["for every tab"])
    # gunicorn logs a request when its response ends: end the feed, then count the streams.
    connection = server.connection(timeout=TIMEOUT)
    connection.request("POST", "/close")
    assert connection.getresponse().status == 204
    connection.close()
    for tab in tabs:
        expect(tab.locator("#status")).to_have_text("The feed has ended.")
    server.wait_for_log('"GET /events HTTP/1.1" 200')
    # Seven tabs, one stream: one connection of the six, whatever the number of tabs.
    assert server.log().count("GET /events") == 1


def self_signed_certificate(directory):
    """A certificate and key for 127.0.0.1, made with openssl: browsers speak HTTP/2 only over TLS."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("The HTTP/2 test needs openssl: apt-get install openssl")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture(scope="module")
def behind_nginx_http2(behind_nginx, tmp_path_factory):
    """gunicorn, and nginx with the chapter's location block on an HTTP/2 (TLS) port: its URL."""
    server, _ = behind_nginx(*LIMIT_SERVER)
    directory = tmp_path_factory.mktemp("nginx-http2")
    cert, key = self_signed_certificate(directory)
    proxy = Nginx(directory, server.port, variants=("chapter",))
    port = proxy.endpoints["chapter"].port
    plain = f"listen 127.0.0.1:{port};\n"
    conf = proxy.conf_path.read_text()
    assert conf.count(plain) == 1, conf
    proxy.conf_path.write_text(
        conf.replace(
            plain, f"listen 127.0.0.1:{port} ssl http2;\nssl_certificate {cert};\nssl_certificate_key {key};\n"
        )
    )
    with proxy:
        yield f"https://127.0.0.1:{port}"


@pytest.mark.browser
def test_browser_over_http2_seven_eventsources_open_at_once(behind_nginx_http2, open_page):
    page = open_page(ignore_https_errors=True)  # the certificate is self-signed
    page.goto(behind_nginx_http2 + "/", wait_until="commit")
    expect(page.locator("#status")).to_have_text("Connected.")
    assert page.evaluate("performance.getEntriesByType('navigation')[0].nextHopProtocol") == "h2"
    page.evaluate("""
        window.sources = [];
        for (let i = 0; i < 7; i++) sources.push(new EventSource('/events?stream=' + i));
    """)
    # The page's own stream and seven more: eight streams over one connection.
    page.wait_for_function("sources.every((s) => s.readyState === EventSource.OPEN)")
