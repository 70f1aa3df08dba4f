"""`make audit` (bench/audit.py): the server Lighthouse measures, and the results file it wrote.

Lighthouse itself runs in `make audit`, not here (about 30 s a run); these tests
check what the audit rests on and that results/lighthouse.json is the audit
of the site as it is now built: every page, desktop and mobile.
"""

import gzip
import http.client
import json
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench import audit
from tools import site

RESULTS = Path(__file__).resolve().parents[2] / "results" / "lighthouse.json"
BASE_PATH = urlsplit(site.load_conf().site_url).path


@pytest.fixture(scope="module")
def audit_server(built_site):
    """bench/audit.py's server on the built site: (host, port)."""
    server = audit.make_server(built_site, 0, BASE_PATH)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address
    server.shutdown()
    server.server_close()


def fetch(address, path, accept_encoding=None):
    connection = http.client.HTTPConnection(*address, timeout=10)
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    connection.request("GET", BASE_PATH + path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.parametrize("path", ["en/basics.html", "en/_static/pygments.css", "en/_static/doctools.js", "ko/"])
def test_text_files_are_gzipped_for_a_browser_that_accepts_it(audit_server, built_site, path):
    response, body = fetch(audit_server, path, "gzip, deflate, br")
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Vary") == "Accept-Encoding"
    assert int(response.getheader("Content-Length")) == len(body)
    on_disk = (built_site / path / "index.html") if path.endswith("/") else built_site / path
    assert gzip.decompress(body) == on_disk.read_bytes()
    assert len(body) < on_disk.stat().st_size
    assert response.getheader("Cache-Control") == "max-age=600"


def test_a_client_without_gzip_gets_the_file_as_it_is(audit_server, built_site):
    response, body = fetch(audit_server, "en/basics.html")
    assert response.status == 200
    assert response.getheader("Content-Encoding") is None
    assert body == (built_site / "en" / "basics.html").read_bytes()
    assert response.getheader("Cache-Control") == "max-age=600"


def test_a_missing_page_is_still_the_404_page(audit_server, built_site):
    response, body = fetch(audit_server, "ru/no-such-page.html", "gzip")
    assert response.status == 404
    assert body == (built_site / "404.html").read_bytes()


def read_results():
    assert RESULTS.exists(), "no results/lighthouse.json: run `make audit` (the full run writes it)"
    return json.loads(RESULTS.read_text())


def test_results_cover_every_built_page_on_both_form_factors(built_site):
    results = read_results()
    measured = sorted((run["lang"], run["page"], run["form_factor"]) for run in results["runs"])
    expected = sorted((lang, page, form) for lang, page in audit.site_pages(built_site) for form in audit.FORM_FACTORS)
    assert measured == expected, "results/lighthouse.json is not the audit of this build: run `make audit`"
    assert results["targets"] == audit.TARGETS


def test_every_run_has_its_scores_metrics_and_failing_audits(built_site):
    results = read_results()
    assert results["lighthouse"].startswith("12.")
    for run in results["runs"]:
        assert set(run["scores"]) == set(audit.CATEGORIES), run
        assert all(0 <= score <= 100 for score in run["scores"].values()), run
        assert run["lcp_ms"] > 0, run
        assert run["cls"] >= 0, run
        assert run["tbt_ms"] >= 0, run
        assert all(isinstance(audit_id, str) for audit_id in run["failing_audits"]), run
        assert run["noindex"] == audit.is_noindex(built_site / run["lang"] / run["page"]), run
        assert run["median_of"] in (1, audit.ALONE_RUNS), run


def test_a_run_below_a_target_misses_it():
    run = {"scores": {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}, "noindex": False}
    assert audit.missed_targets(run) == []
    run["scores"] = {**run["scores"], "performance": 94, "accessibility": 99}
    assert audit.missed_targets(run) == ["performance", "accessibility"]


def test_a_noindex_page_is_held_to_every_seo_audit_but_is_crawlable():
    scores = {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 54}
    assert audit.missed_targets({"scores": scores, "noindex": False}) == ["seo"]
    assert audit.missed_targets({"scores": scores, "noindex": True, "seo_if_indexable": 100}) == []
    assert audit.missed_targets({"scores": scores, "noindex": True, "seo_if_indexable": 91}) == ["seo"]


def test_the_category_score_is_lighthouses_weighted_mean():
    report = {
        "categories": {
            "seo": {
                "auditRefs": [
                    {"id": "is-crawlable", "weight": 4},
                    {"id": "document-title", "weight": 1},
                    {"id": "robots-txt", "weight": 0},
                    {"id": "image-alt", "weight": 1},
                ]
            }
        },
        "audits": {
            "is-crawlable": {"score": 0},
            "document-title": {"score": 1},
            "robots-txt": {"score": 0},
            "image-alt": {"score": None},
        },
    }
    assert audit.category_score(report, "seo") == 20
    assert audit.category_score(report, "seo", passed=frozenset({"is-crawlable"})) == 100


def test_the_median_run_is_the_one_nearest_the_median_fcp_and_time_to_interactive():
    def run(fcp, interactive, score):
        audits = {"first-contentful-paint": {"numericValue": fcp}, "interactive": {"numericValue": interactive}}
        return {"audits": audits, "categories": {"performance": {"score": score}}}

    runs = [run(2085, 2400, 0.91), run(1364, 1400, 0.99), run(1945, 2300, 0.81)]
    assert audit.median_run(runs) is runs[2]
    assert audit.median_run(runs[:1]) is runs[0]
