"""`make audit`: Lighthouse on every page of the built site, desktop and mobile.

    python -m bench.audit SITEDIR [--pages index,basics] [--lang ru|root] [--jobs 2] [--from-reports]

Serves SITEDIR on 127.0.0.1 the way GitHub Pages serves the published site:
tools/site.py's static host (base path, 404.html), plus gzip for text files and
``Cache-Control: max-age=600`` on every response (PagesLikeHandler). Then runs
the pinned Lighthouse (package.json) with Debian's Chromium on every HTML page
of every language and the root, once with ``--preset=desktop`` and once with
Lighthouse's default mobile emulation, at most JOBS runs at a time. Performance
is the one score a busy machine moves, and Lighthouse's docs/variability.md
says not to collect several reports at once on one machine ("Concurrent runs can
skew performance results due to resource contention"). So a run below the
performance target is measured again once the others are done, alone, five
times (the median of 5 that page calls twice as stable as one run), and the
median run of those five is kept (median_run).

The targets are the ones the site holds itself to (TARGETS). The full run writes
results/lighthouse.json; a run narrowed with --pages or --lang writes
_build/audit/lighthouse.json, so the committed file always covers every page.
Each run's whole Lighthouse report is kept under _build/audit/reports/;
--from-reports summarises them again without running Lighthouse (also after
several narrowed runs that together cover every page).
Prints a table and the runs that miss a target; the exit status is 1 if any does.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

from languages import site_languages
from tools import site

ROOT = Path(__file__).resolve().parent.parent

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
RESULTS = ROOT / "results" / "lighthouse.json"
PARTIAL_RESULTS = ROOT / "_build" / "audit" / "lighthouse.json"
REPORTS = ROOT / "_build" / "audit" / "reports"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FORM_FACTORS = ["desktop", "mobile"]
# Seconds one Lighthouse run may take: 12-18 s on a quiet machine, over 300 s seen on a very busy one.
RUN_TIMEOUT = 600
# The lowest score (0-100) each category may have, on both form factors.
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# Runs of a page alone when its run beside others missed the performance target.
ALONE_RUNS = 5
# Lighthouse's own line between a passed and a failed audit (its report shows
# scores from 0.9 up as passed).
AUDIT_PASS = 0.9
# What GitHub Pages answers for a published file: gzip when the browser accepts
# it, and ten minutes of caching. Observed, not from GitHub's documentation: the
# response headers of pages.github.com itself, as quoted in
# https://github.com/denysvitali/thebestmotherfuckingwebsite/issues/23
# ("cache-control: max-age=600", "vary: Accept-Encoding").
CACHE_CONTROL = "max-age=600"
NOINDEX = re.compile(r"""<meta\s+name=["']robots["']\s+content=["'][^"']*noindex""", re.IGNORECASE)
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class PagesLikeHandler(site.StaticHostHandler):
    """tools/site.py's static host, with GitHub Pages' compression and cache headers.

    The preview server sends every file as it is, without caching headers;
    Lighthouse would then charge the site for what its real host does anyway.
    """

    def end_headers(self) -> None:
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def send_head(self) -> io.BufferedIOBase | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts_gzip and content_type.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", formatdate(path.stat().st_mtime, usegmt=True))
        self.end_headers()
        return io.BytesIO(body)


def make_server(sitedir: Path, port: int, base_path: str) -> http.server.ThreadingHTTPServer:
    def handler(*args: object, **kwargs: object) -> PagesLikeHandler:
        return PagesLikeHandler(*args, directory=str(sitedir), base_path=base_path, **kwargs)

    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def site_pages(sitedir: Path) -> list[tuple[str, str]]:
    """Every HTML page of the build as (language, path): each language's, then the root's ("")."""
    pages = []
    for code, _name in site_languages():
        folder = sitedir / code
        pages += [
            (code, path.relative_to(folder).as_posix())
            for path in sorted(folder.rglob("*.html"))
            if not path.relative_to(folder).parts[0].startswith("_")
        ]
    pages += [("", path.name) for path in sorted(sitedir.glob("*.html"))]
    return pages


def run_lighthouse(url: str, form_factor: str, report: Path) -> dict:
    """One Lighthouse run; its JSON report (also kept in ``report``)."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-flags={CHROME_FLAGS}",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--disable-full-page-screenshot",
        "--quiet",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    environment = {**os.environ, "CHROME_PATH": CHROMIUM}
    # One retry: a run that could not load the page, or took longer than
    # RUN_TIMEOUT (Chromium starved of CPU on a busy machine), measured nothing.
    # A low score is a measurement: kept.
    for _attempt in range(2):
        process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            _stdout, stderr = process.communicate(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            # SIGINT first: Lighthouse's chrome-launcher then kills the Chromium
            # it started in a process group of its own, which SIGKILL would orphan.
            process.send_signal(signal.SIGINT)
            try:
                _stdout, stderr = process.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                _stdout, stderr = process.communicate()
            stderr = f"timed out after {RUN_TIMEOUT} s\n{stderr}"
            continue
        if process.returncode == 0:
            result = json.loads(report.read_text())
            if not result.get("runtimeError"):
                return result
    raise SystemExit(f"bench.audit: Lighthouse failed on {url} ({form_factor}):\n{stderr[-2000:]}")


def category_score(report: dict, category: str, passed: frozenset[str] = frozenset()) -> int | None:
    """A category's score (0-100) computed as Lighthouse does, counting the audits in ``passed`` as passed.

    Lighthouse's score is the weighted mean of the category's scored audits; an
    audit that did not apply has no score and weighs nothing.
    """
    weighted = total = 0.0
    for reference in report["categories"][category]["auditRefs"]:
        score = 1 if reference["id"] in passed else report["audits"][reference["id"]].get("score")
        if score is not None and reference["weight"] > 0:
            weighted += reference["weight"] * score
            total += reference["weight"]
    return round(100 * weighted / total) if total else None


def summary(report: dict, noindex: bool) -> dict:
    """The scores (0-100), three metrics and the failing audits of one Lighthouse report.

    ``noindex``: the page asks search engines not to index it (Sphinx's
    search.html does: a page of search results is no page to find). Lighthouse's
    is-crawlable fails it on purpose, so its SEO target is then every other SEO
    audit passing: ``seo_if_indexable``, the SEO score with is-crawlable counted as passed.
    """
    audits = report["audits"]
    scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
    failing = sorted(
        audit_id
        for audit_id, audit in audits.items()
        if audit.get("score") is not None
        and audit["scoreDisplayMode"] in ("binary", "numeric", "metricSavings")
        and audit["score"] < AUDIT_PASS
    )
    run = {
        "scores": {name: None if score is None else round(score * 100) for name, score in scores.items()},
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "failing_audits": failing,
        # Lighthouse's measure of the machine's speed during the run: a busy
        # machine scores lower, and so may a page's performance.
        "benchmark_index": round(report["environment"]["benchmarkIndex"]),
        # 5 when the run beside others missed the performance target: the median
        # of ALONE_RUNS runs with no other Lighthouse run on the machine.
        "median_of": report.get("medianOf", 1),
        "noindex": noindex,
    }
    if noindex:
        run["seo_if_indexable"] = category_score(report, "seo", passed=frozenset({"is-crawlable"}))
    return run


def missed_targets(run: dict) -> list[str]:
    """The categories of one run that are below their target (a missing score misses it)."""
    scores = dict(run["scores"])
    if run["noindex"]:
        scores["seo"] = run["seo_if_indexable"]
    return [name for name, lowest in TARGETS.items() if scores[name] is None or scores[name] < lowest]


def is_noindex(page: Path) -> bool:
    return bool(NOINDEX.search(page.read_text(encoding="utf-8")))


def chromium_version(report: dict) -> str:
    match = re.search(r"Chrome/([\d.]+)", report["environment"]["hostUserAgent"])
    return match.group(1) if match else report["environment"]["hostUserAgent"]


def table(runs: list[dict]) -> str:
    """Markdown table: one row per page, desktop and mobile side by side."""
    by_page: dict[tuple[str, str], dict[str, dict]] = {}
    for run in runs:
        by_page.setdefault((run["lang"], run["page"]), {})[run["form_factor"]] = run

    def scores(run: dict) -> str:
        return " / ".join("–" if run["scores"][name] is None else str(run["scores"][name]) for name in CATEGORIES)

    lines = [
        "| lang | page | desktop P / A / BP / SEO | mobile P / A / BP / SEO | mobile LCP | mobile CLS | mobile TBT |",
        "|---|---|---|---|---|---|---|",
    ]
    for (lang, page), forms in by_page.items():
        desktop, mobile = forms["desktop"], forms["mobile"]
        lines.append(
            f"| {lang or '(root)'} | {page} | {scores(desktop)} | {scores(mobile)} "
            f"| {mobile['lcp_ms'] / 1000:.1f} s | {mobile['cls']:.3f} | {mobile['tbt_ms']} ms |"
        )
    return "\n".join(lines)


def median_run(reports: list[dict]) -> dict:
    """The run closest to the median first contentful paint and time to interactive.

    Lighthouse's own choice of a representative run (computeMedianRun in its
    core/lib/median-run.js), for the variability its docs/variability.md puts
    down to a busy machine ("client resource contention").
    """

    def value(report: dict, audit_id: str) -> float:
        return report["audits"][audit_id].get("numericValue") or math.nan

    fcp = statistics.median(value(report, "first-contentful-paint") for report in reports)
    interactive = statistics.median(value(report, "interactive") for report in reports)
    return min(
        reports,
        key=lambda report: (
            (fcp - value(report, "first-contentful-paint")) ** 2 + (interactive - value(report, "interactive")) ** 2
        ),
    )


def report_path(lang: str, page: str, form_factor: str) -> Path:
    return REPORTS / f"{lang or 'root'}-{page.replace('/', '-').removesuffix('.html')}-{form_factor}.json"


def run_all(sitedir: Path, jobs: list[tuple[str, str, str]], parallel: int) -> None:
    """Lighthouse on every (language, page, form factor) of ``jobs``, each report in report_path()."""
    base_path = urlsplit(site.load_conf().site_url).path
    server = make_server(sitedir, 0, base_path)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    REPORTS.mkdir(parents=True, exist_ok=True)

    def url(job: tuple[str, str, str]) -> str:
        lang, page, _form = job
        return base_url + (f"{lang}/" if lang else "") + page

    def keep(job: tuple[str, str, str], reports: list[dict]) -> None:
        report = {**median_run(reports), "medianOf": len(reports)}
        report_path(*job).write_text(json.dumps(report))
        lang, page, form = job
        scores = {name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES}
        print(f"  {lang or '(root)'} {page} {form}: {scores} (median of {len(reports)})", flush=True)

    def audit(job: tuple[str, str, str]) -> tuple[str, str, str] | None:
        """One run; the job again if its performance must be measured alone."""
        report = run_lighthouse(url(job), job[2], report_path(*job).with_suffix(".run1.json"))
        if report["categories"]["performance"]["score"] * 100 < TARGETS["performance"]:
            return job
        keep(job, [report])
        return None

    try:
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            again = [job for job in pool.map(audit, jobs) if job]
        if again:
            print(
                f"bench.audit: {len(again)} runs below performance {TARGETS['performance']}: each again alone, {ALONE_RUNS} times"
            )
        for job in again:
            path = report_path(*job)
            keep(
                job,
                [
                    run_lighthouse(url(job), job[2], path.with_suffix(f".alone{n}.json"))
                    for n in range(1, ALONE_RUNS + 1)
                ],
            )
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sitedir", type=Path)
    parser.add_argument(
        "--pages", default="", help="only these pages (comma or space separated), e.g. index.html or index"
    )
    parser.add_argument(
        "--lang", default="", help="only this language's pages ('root': the root's index.html and 404.html)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="Lighthouse runs at a time (default 2)")
    parser.add_argument(
        "--from-reports",
        action="store_true",
        help="run no Lighthouse: summarise the reports a previous run left in _build/audit/reports/",
    )
    args = parser.parse_args(argv)

    pages = site_pages(args.sitedir)
    wanted_pages = {
        name if name.endswith(".html") else f"{name}.html" for name in re.split(r"[,\s]+", args.pages) if name
    }
    narrowed = bool(wanted_pages or args.lang)
    pages = [
        (lang, page)
        for lang, page in pages
        if (not wanted_pages or page in wanted_pages) and (not args.lang or (lang or "root") == args.lang)
    ]
    if not pages:
        raise SystemExit(f"bench.audit: no page of {args.sitedir} matches --pages {args.pages!r} --lang {args.lang!r}")
    jobs = [(lang, page, form) for lang, page in pages for form in FORM_FACTORS]

    if not args.from_reports:
        if not LIGHTHOUSE.exists():
            raise SystemExit("bench.audit: no Lighthouse in node_modules/: run `make audit` (it runs `npm ci`)")
        print(
            f"bench.audit: {len(jobs)} Lighthouse runs ({len(pages)} pages × {len(FORM_FACTORS)}), {args.jobs} at a time"
        )
        run_all(args.sitedir, jobs, args.jobs)
    missing_reports = [report_path(*job) for job in jobs if not report_path(*job).exists()]
    if missing_reports:
        raise SystemExit(f"bench.audit: no report for {len(missing_reports)} runs, e.g. {missing_reports[0]}")

    runs = []
    for lang, page, form in jobs:
        report = json.loads(report_path(lang, page, form).read_text())
        noindex = is_noindex(args.sitedir / lang / page)
        runs.append({"lang": lang, "page": page, "form_factor": form, **summary(report, noindex)})
    results = {
        "lighthouse": report["lighthouseVersion"],
        "chromium": chromium_version(report),
        "server": f"tools/site.py's static host with gzip and Cache-Control: {CACHE_CONTROL}, as GitHub Pages",
        "parallel_runs": args.jobs,
        "cpus": os.cpu_count(),
        "targets": TARGETS,
        "runs": runs,
    }
    path = PARTIAL_RESULTS if narrowed else RESULTS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")

    print()
    print(table(runs))
    missing = [(run, missed_targets(run)) for run in runs if missed_targets(run)]
    print()
    if missing:
        print(f"Runs missing a target ({len(missing)} of {len(runs)}):")
        for run, categories in missing:
            print(f"  {run['lang'] or '(root)'} {run['page']} {run['form_factor']}: {', '.join(categories)}")
            print(f"    failing audits: {', '.join(run['failing_audits']) or '(none)'}")
    else:
        print(f"Every run meets the targets ({len(runs)} runs): {TARGETS}")
    print(f"\nwrote {path.relative_to(ROOT)}")
    return 1 if missing else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
