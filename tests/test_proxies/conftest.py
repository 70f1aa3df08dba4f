"""gunicorn behind Debian's nginx, started once per session, each behaviour measured once, and the results file.

`make test` runs the proofs (test_nginx.py) once; `make matrix-proxies` runs them
with ``--proxies-results results/proxies.json``, which is written only when every
measurement of MEASUREMENTS was made and every proof passed. Without nginx the
tests fail (they do not skip) with what to install.

The results file (JSON), for a page generator::

    {
      "generated_by": "make matrix-proxies",
      "nginx": "1.22.1",                      # parsed from `nginx -v`
      "upstream": {"server": "gunicorn-gthread", "worker": "...", "versions": {"gunicorn": "..."}},
      "probe": {...},                         # the probe's parameters, in ms, and the short read timeout in s
      "variants": {"default": "location / {...}", ...},   # each variant's location block (tests/proxies.py)
      "measurements": {                       # by endpoint: "direct" (gunicorn) or a variant name
        "default": {"chunk_arrivals": {"arrivals_ms": [...], "spread_ms": 0, ...}, ...},
        ...
      }
    }

The behaviours and their fields are those of tests/test_proxies/measure.py.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.apps import probe
from tests.proxies import SHORT_READ_TIMEOUT_S, VARIANTS, Nginx, nginx_version
from tests.servers import DEPLOYED_DEFAULT, SERVERS
from tests.test_proxies.measure import BEHAVIOURS
from tests.test_servers.measure import wait_for_the_app

# What is measured where: "direct" is gunicorn without nginx, the control.
MEASUREMENTS = {
    "direct": ("chunk_arrivals", "chunk_arrivals_x_accel_buffering_no", "upstream_protocol"),
    "default": (
        "chunk_arrivals",
        "chunk_arrivals_x_accel_buffering_no",
        "upstream_protocol",
        "cut_stream",
        "slow_first_chunk",
    ),
    "buffering_off": ("chunk_arrivals",),
    "http_1_1": ("chunk_arrivals", "upstream_protocol", "cut_stream"),
    "read_timeout": ("silent_pause", "heartbeat_pause"),
    "chapter": ("chunk_arrivals", "chunk_arrivals_x_accel_buffering_no", "upstream_protocol", "cut_stream"),
    "chapter_read_timeout": ("silent_pause", "heartbeat_pause"),
}

# How many measurements run at once: fewer than gunicorn's 8 threads (tests/gunicorn_conf.py).
CONCURRENT_REQUESTS = 4

# The measurements of this session: endpoint name -> behaviour -> values.
MEASURED: dict[str, dict[str, dict | str]] = {}


@pytest.fixture(scope="session")
def endpoints(tmp_path_factory):
    """gunicorn (the deployed default) and one nginx in front of it: every endpoint, by name."""
    server = SERVERS[DEPLOYED_DEFAULT].live("tests.apps.probe", tmp_path_factory.mktemp("upstream") / "server.log")
    try:
        proxy = Nginx(tmp_path_factory.mktemp("nginx"), server.port)
    except FileNotFoundError as error:
        pytest.fail(str(error))
    server.start()
    try:
        wait_for_the_app(server)
        with proxy:
            yield {"direct": server, **proxy.endpoints}
    finally:
        server.stop()


@pytest.fixture(scope="session")
def measured(endpoints):
    """Return ``measured(endpoint, behaviour)``: every measurement of MEASUREMENTS, made once per session.

    The requests mostly wait for the app's pauses, so they run a few at a time
    (fewer than gunicorn's threads, so none waits for a thread): the whole set
    takes a few seconds rather than the sum of its pauses.
    """
    pairs = [(endpoint, behaviour) for endpoint, behaviours in MEASUREMENTS.items() for behaviour in behaviours]
    with ThreadPoolExecutor(max_workers=CONCURRENT_REQUESTS) as pool:
        values = list(pool.map(lambda pair: BEHAVIOURS[pair[1]](endpoints[pair[0]]), pairs))
    for (endpoint, behaviour), value in zip(pairs, values, strict=True):
        MEASURED.setdefault(endpoint, {})[behaviour] = value

    def measured(endpoint: str, behaviour: str):
        assert behaviour in MEASUREMENTS[endpoint], f"add {behaviour} of {endpoint} to MEASUREMENTS"
        return MEASURED[endpoint][behaviour]

    return measured


def results(measurements: dict) -> dict:
    """The results file's content (the schema is in this module's docstring)."""
    upstream = SERVERS[DEPLOYED_DEFAULT]
    return {
        "generated_by": "make matrix-proxies",
        "nginx": nginx_version(),
        "upstream": {"server": upstream.name, "worker": upstream.worker, "versions": upstream.versions()},
        "probe": {
            "chunks": probe.CHUNKS,
            "chunk_interval_ms": round(probe.CHUNK_INTERVAL * 1000),
            "slow_start_ms": round(probe.SLOW_START * 1000),
            "pause_ms": round(probe.PAUSE * 1000),
            "heartbeat_interval_ms": round(probe.HEARTBEAT_INTERVAL * 1000),
            "short_read_timeout_s": SHORT_READ_TIMEOUT_S,
        },
        "variants": dict(VARIANTS),
        "measurements": measurements,
    }


def missing_measurements() -> list[str]:
    return [
        f"{endpoint} {behaviour}"
        for endpoint, behaviours in MEASUREMENTS.items()
        for behaviour in behaviours
        if behaviour not in MEASURED.get(endpoint, {})
    ]


def pytest_sessionfinish(session, exitstatus):
    path = session.config.getoption("proxies_results")
    if path is None or exitstatus != pytest.ExitCode.OK:
        return
    missing = missing_measurements()
    if missing:  # a file with gaps would look complete to the page that reads it
        session.config.get_terminal_writer().line(f"\n{path} not written: not measured: {', '.join(missing)}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(results(MEASURED), indent=2, sort_keys=True) + "\n")
    session.config.get_terminal_writer().line(f"\nwrote {path}")
