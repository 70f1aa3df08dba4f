"""The chunk timelines on the pages are drawn from the committed results/timelines.json, and say what it says.

Every figure of the English build and of a translated one is read back from the
HTML: its marks (one per arrival, at the recorded times, left to right), its
rows' chunk counts, and the numbers of its text alternative, parsed the way the
language writes them. The captions' facts are checked against the run too.
"""

import json
import re
import statistics
from itertools import pairwise
from pathlib import Path

import pytest
from babel.numbers import parse_decimal

import quantities
from bench.timelines import EXAMPLES, TOKEN_BODY
from snippets.templates.buffered import BUFFER_SIZE
from tests.apps import probe

ROOT = Path(__file__).resolve().parents[2]
RESULTS = json.loads((ROOT / "results" / "timelines.json").read_text())
EXAMPLES_ON_PAGES = {"basics": "basics", "templates": "templates", "nginx": "errors", "tokens": "tokens"}
# Russian writes numbers unlike English (1 200,5): the parsing is tested, not only the digits.
LANGUAGES = ["en", "ru"]


def figures(page: Path) -> dict[str, str]:
    html = page.read_text(encoding="utf-8")
    found = re.findall(r'<figure class="chunk-timeline" id="chunk-timeline-([\w-]+)">(.*?)</figure>', html, re.S)
    return dict(found)


def milliseconds(text: str, language: str) -> list[float]:
    """Every duration of ``text`` ("2.5 ms", "1,25 с"), in ms, as docs/_ext/quantities.py writes them."""
    found = []
    for unit, factor in (("ms", 1), ("s", 1000)):
        # The language's own form of the unit, around a number (Babel's pattern for it).
        pattern = re.escape(quantities.quantity(7, unit, language)).replace("7", r"([\d\xa0\u202f.,]+)", 1)
        for match in re.finditer(pattern + r"(?!\w)", text):
            found.append((match.start(), float(parse_decimal(match[1], locale=language)) * factor))
    return [ms for _, ms in sorted(found)]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", EXAMPLES_ON_PAGES)
def test_each_figure_draws_the_recorded_arrivals(built_site, language, key):
    svg = figures(built_site / language / f"{EXAMPLES_ON_PAGES[key]}.html")[key]
    variants = RESULTS["examples"][key]["variants"]
    rows = re.findall(r'<g class="chunk-timeline-row" data-variant="(\w+)" data-chunks="(\d+)"(.*?)</g>', svg, re.S)
    assert [(name, int(chunks)) for name, chunks, _ in rows] == [(v["name"], v["chunks"]) for v in variants]
    for (_, _, marks), variant in zip(rows, variants, strict=True):
        times = [float(ms) for ms in re.findall(r'data-ms="([\d.]+)"', marks)]
        assert times == [arrival["ms"] for arrival in variant["arrivals"]]
        assert sum(int(n) for n in re.findall(r'data-chunks="(\d+)"', marks)) == variant["chunks"]
        xs = [float(x) for x in re.findall(r'<rect class="chunk-timeline-mark" x="([\d.]+)"', marks)]
        assert len(xs) == len(times)
        assert xs == sorted(xs)
    # The text alternative: each row's first and last arrival, in that order, as the language writes them.
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S)[1]
    stated = milliseconds(desc, language)
    recorded = [ms for v in variants for ms in (v["first_ms"], v["last_ms"])]
    assert stated == pytest.approx(recorded, abs=0.6)
    counts = [int(parse_decimal(n, locale=language)) for n in re.findall(r"(\d[\d\xa0\u202f,.]*) in all", desc)]
    if language == "en":  # the translated sentence may place the count elsewhere
        assert counts == [v["chunks"] for v in variants]
    assert re.search(r'role="img" aria-labelledby="chunk-timeline-[\w-]+-title chunk-timeline-[\w-]+-desc"', svg)


def test_the_runs_are_those_the_captions_describe():
    # basics.md: "an export of 10 000 rows"; templates.md: "1000 orders", "500 pieces per chunk".
    assert {v.path.split("rows=")[1] for v in EXAMPLES["basics"]} == {"10000"}
    assert {v.path.split("rows=")[1] for v in EXAMPLES["templates"]} == {"1000"}
    assert BUFFER_SIZE == 500
    # errors.md: "five chunks, made 0.3 seconds apart"; tokens.md: "a reply of 20 tokens".
    assert (probe.CHUNKS, probe.CHUNK_INTERVAL) == (5, 0.3)
    assert json.loads(TOKEN_BODY)["max_tokens"] == 20
    for key, variants in EXAMPLES.items():
        assert [v["name"] for v in RESULTS["examples"][key]["variants"]] == [v.name for v in variants]


def test_nginx_defaults_held_the_stream_back_and_the_chapter_block_did_not():
    # errors.md: with its defaults nginx gave the client every chunk at once, when the stream ended.
    default, chapter = RESULTS["examples"]["nginx"]["variants"]
    assert len(default["arrivals"]) == 1
    assert default["first_ms"] >= (probe.CHUNKS - 1) * probe.CHUNK_INTERVAL * 1000
    assert len(chapter["arrivals"]) == probe.CHUNKS
    gaps = [b["ms"] - a["ms"] for a, b in pairwise(chapter["arrivals"])]
    assert all(abs(gap - probe.CHUNK_INTERVAL * 1000) < 100 for gap in gaps)


def test_the_started_record_came_at_once_then_a_token_every_tenth_of_a_second():
    # tokens.md's caption.
    (stream,) = RESULTS["examples"]["tokens"]["variants"]
    arrivals = stream["arrivals"]
    assert arrivals[0]["ms"] < 50
    assert 80 <= statistics.median(b["ms"] - a["ms"] for a, b in pairwise(arrivals)) <= 150


def test_buffering_and_batching_sent_the_same_bytes_in_far_fewer_chunks():
    for key in ("basics", "templates"):
        many, few = RESULTS["examples"][key]["variants"]
        assert few["chunks"] < many["chunks"] / 100
        assert few["bytes"] == many["bytes"]


@pytest.mark.parametrize("piece", [1, 2, 3, 7, 1000])
def test_the_reader_completes_each_chunk_when_its_last_byte_arrives(piece):
    from bench.timelines import ChunkedReader

    response = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;x=y\r\n!\r\n10\r\n" + b"x" * 16
    response += b"\r\n0\r\n\r\n"
    reader = ChunkedReader()
    completed = [reader.feed(response[start : start + piece]) for start in range(0, len(response), piece)]
    assert [size for sizes in completed for size in sizes] == [5, 1, 16]
    assert reader.ended
    assert reader.status == "HTTP/1.1 200 OK"
    # The chunk of 16 bytes is complete only with its last byte, not before.
    if piece == 1:
        last_byte = response.index(b"x" * 16) + 15
        assert completed[last_byte] == [16]
        assert completed[last_byte - 1] == []


def test_the_reader_refuses_a_response_that_is_not_chunked():
    from bench.timelines import ChunkedReader

    with pytest.raises(ValueError, match="not a chunked response"):
        ChunkedReader().feed(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
