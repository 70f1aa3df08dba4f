"""Each server of tests/servers.py, started once per session, measured once, and the results file.

`make matrix-servers` runs these tests on every server with
``--servers-results results/servers.json``; the file is written only when every
server was measured and every proof passed. `make test` runs them on the deployed
default alone (the other servers are marked ``matrix`` and deselected).
"""

from __future__ import annotations

import json
import platform
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.apps import probe
from tests.servers import SERVERS
from tests.test_servers.measure import measure

# The measurements of this session, by server name.
MEASURED: dict[str, dict] = {}


@pytest.fixture(scope="session")
def measured(tmp_path_factory):
    """Return ``measured(server_name)``: every behaviour of that server, measured once per session."""

    def measured(name: str) -> dict:
        if name not in MEASURED:
            server = SERVERS[name].live("tests.apps.probe", tmp_path_factory.mktemp(name) / "server.log")
            server.start()
            try:
                MEASURED[name] = measure(server)
            finally:
                server.stop()
        return MEASURED[name]

    return measured


def results(measurements: dict[str, dict]) -> dict:
    """The results file's content: the probe's parameters, and each server's versions and behaviours."""
    return {
        "generated_by": "make matrix-servers",
        "python": platform.python_version(),
        "flask": version("Flask"),
        "werkzeug": version("Werkzeug"),
        "probe": {
            "chunks": probe.CHUNKS,
            "chunk_interval_ms": round(probe.CHUNK_INTERVAL * 1000),
            "slow_start_ms": round(probe.SLOW_START * 1000),
            "tick_interval_ms": round(probe.TICK_INTERVAL * 1000),
        },
        "servers": {
            name: {"versions": SERVERS[name].versions(), "worker": SERVERS[name].worker, "behaviours": behaviours}
            for name, behaviours in measurements.items()
        },
    }


def pytest_sessionfinish(session, exitstatus):
    path = session.config.getoption("servers_results")
    if path is None or exitstatus != pytest.ExitCode.OK:
        return
    missing = sorted(set(SERVERS) - set(MEASURED))
    if missing:  # a file that lacks a server would look like a complete matrix
        session.config.get_terminal_writer().line(f"\n{path} not written: {', '.join(missing)} not measured", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(results(MEASURED), indent=2, sort_keys=True) + "\n")
    session.config.get_terminal_writer().line(f"\nwrote {path}")
