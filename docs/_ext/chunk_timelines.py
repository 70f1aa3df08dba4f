"""When each chunk reached the client, drawn as inline SVG from ``make timelines``' results file.

A page draws one example of ``results/timelines.json`` (``timelines_results``,
relative to the configuration directory) with::

    ```{chunk-timeline} basics
    The caption: one sentence saying what the figure shows.

    - The label of the first row
    - The label of the second row

    Time since the request

    {label}: {chunks} chunks, first at {first}, last at {last}.
    ```

Every text of the figure is written in the page, so gettext extracts it with the
page's other messages and the build translates it like any paragraph: the caption,
one list item per row (in the order of the example's variants), the axis caption,
and the sentence that says each row's data in words for screen readers (its
``{label}``, ``{chunks}``, ``{first}`` and ``{last}`` are filled in here, with numbers
written the language's way by Babel). The SVG's colours come from Furo's CSS
custom properties (``chunk_timelines.css``), so the figure reads in light and dark.

Each mark is one read from the socket that completed chunks; its ``data-`` attributes
carry the results file's values, which tests/test_docs/test_timelines.py checks.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from bench_figures import formatters

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("chunk_timelines_static")
STYLESHEET = "chunk_timelines.css"
PLACEHOLDERS = ("label", "chunks", "first", "last")

# The SVG's own units; it scales to the column's width.
WIDTH = 480
MARGIN = 12
ROW_HEIGHT = 56
MARK_HEIGHT = 20
AXIS_HEIGHT = 64
FONT_SIZE = 18


class chunk_timeline(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """A figure to draw: ``key`` names the example; the children are its texts until drawn."""


def read_timelines(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


class ChunkTimelineDirective(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0]
        path = Path(self.env.app.confdir, self.config.timelines_results)
        self.env.note_dependency(str(path))
        try:
            examples = read_timelines(path)["examples"]
        except FileNotFoundError:
            raise self.error(f"chunk-timeline: {path} does not exist; `make timelines` writes it") from None
        except (json.JSONDecodeError, KeyError) as error:
            raise self.error(f"chunk-timeline: {path} is not a timelines results file: {error}") from None
        if key not in examples:
            raise self.error(f"chunk-timeline: {path} has no example {key!r} (it has: {', '.join(examples)})")
        node = chunk_timeline(key=key)
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        shape = [type(child) for child in node.children]
        if shape != [nodes.paragraph, nodes.bullet_list, nodes.paragraph, nodes.paragraph]:
            raise self.error(
                "chunk-timeline: the content must be a caption paragraph, a list of row labels, "
                "the axis caption and the text-alternative sentence"
            )
        rows = len(examples[key]["variants"])
        if len(node.children[1]) != rows:
            raise self.error(f"chunk-timeline: {key!r} has {rows} rows in {path}; the list has {len(node[1])} labels")
        # Unique in the page, even when an example is drawn twice.
        serial = self.env.new_serialno("chunk-timeline")
        node["ids"].append(f"chunk-timeline-{key}" + (f"-{serial}" if serial else ""))
        return [node]


def duration(quantity: Callable[..., str], ms: float) -> str:
    """``ms`` in ms below a second, in s from there, with ``quantity`` (bench_figures.formatters)."""
    if ms >= 1000:
        return quantity(ms / 1000, "s", "0.0##")
    return quantity(ms, "ms", "#,##0.#" if ms < 10 else "#,##0")


def nice_step(span: float, most_ticks: int = 5) -> float:
    """The smallest step of 1, 2 or 5 times a power of ten that cuts ``span`` into at most ``most_ticks``."""
    power = 10 ** math.floor(math.log10(span / most_ticks))
    return next(power * factor for factor in (1, 2, 5, 10) if span / (power * factor) <= most_ticks)


def draw(
    example: dict[str, Any],
    labels: list[str],
    axis: str,
    alternative: list[str],
    caption: str,
    ident: str,
    language: str,
) -> str:
    """The figure's SVG: a row of marks per variant above a shared time axis."""
    number, _, quantity = formatters(language)
    variants = example["variants"]
    end = max(variant["last_ms"] for variant in variants)
    step = nice_step(end)
    axis_end = math.ceil(end / step) * step
    plot = WIDTH - 2 * MARGIN

    def x(ms: float) -> float:
        return round(MARGIN + plot * ms / axis_end, 2)

    height = len(variants) * ROW_HEIGHT + AXIS_HEIGHT
    parts = [
        f'<svg class="chunk-timeline-svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-size="{FONT_SIZE}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(caption)}</title>',
        f'<desc id="{ident}-desc">{escape(" ".join(alternative))}</desc>',
    ]
    for row, (variant, label) in enumerate(zip(variants, labels, strict=True)):
        top = row * ROW_HEIGHT
        baseline = top + FONT_SIZE + 6 + MARK_HEIGHT
        parts.append(
            f'<g class="chunk-timeline-row" data-variant="{escape(variant["name"])}" data-chunks="{variant["chunks"]}" '
            f'data-first-ms="{variant["first_ms"]}" data-last-ms="{variant["last_ms"]}">'
        )
        parts.append(f'<text class="chunk-timeline-label" x="{MARGIN}" y="{top + FONT_SIZE}">{escape(label)}</text>')
        parts.append(
            f'<line class="chunk-timeline-track" x1="{MARGIN}" x2="{WIDTH - MARGIN}" y1="{baseline}" y2="{baseline}"/>'
        )
        for arrival in variant["arrivals"]:
            parts.append(
                f'<rect class="chunk-timeline-mark" x="{x(arrival["ms"]) - 1}" y="{baseline - MARK_HEIGHT}" '
                f'width="2" height="{MARK_HEIGHT}" data-ms="{arrival["ms"]}" data-chunks="{arrival["chunks"]}" '
                f'data-bytes="{arrival["bytes"]}"/>'
            )
        parts.append("</g>")
    axis_top = len(variants) * ROW_HEIGHT + 4
    parts.append(f'<g class="chunk-timeline-axis" data-end-ms="{axis_end:g}">')
    parts.append(f'<line x1="{MARGIN}" x2="{WIDTH - MARGIN}" y1="{axis_top}" y2="{axis_top}"/>')
    ticks = round(axis_end / step)
    for index in range(ticks + 1):
        ms = index * step
        anchor = "start" if index == 0 else "end" if index == ticks else "middle"
        parts.append(f'<line x1="{x(ms)}" x2="{x(ms)}" y1="{axis_top}" y2="{axis_top + 6}"/>')
        parts.append(
            f'<text class="chunk-timeline-tick" x="{x(ms)}" y="{axis_top + 8 + FONT_SIZE}" '
            f'text-anchor="{anchor}">{escape(duration(quantity, ms))}</text>'
        )
    parts.append(
        f'<text class="chunk-timeline-caption" x="{WIDTH / 2}" y="{axis_top + 12 + 2 * FONT_SIZE}" '
        f'text-anchor="middle">{escape(axis)}</text>'
    )
    parts.append("</g></svg>")
    return "\n".join(parts)


class DrawChunkTimelines(SphinxPostTransform):
    """Draw each figure in the page's language, from the texts the build translated."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        figures = list(self.document.findall(chunk_timeline))
        if not figures:  # no figure, or only ones the directive refused: no file to read
            return
        path = Path(self.app.confdir, self.config.timelines_results)
        examples = read_timelines(path)["examples"]
        language = self.config.language or "en"
        number, _, quantity = formatters(language)
        for node in figures:
            caption, row_list, axis, template = node.children
            labels = [item.astext() for item in row_list.children]
            example = examples[node["key"]]
            try:
                alternative = [
                    template.astext().format(
                        label=label,
                        chunks=number(variant["chunks"]),
                        first=duration(quantity, variant["first_ms"]),
                        last=duration(quantity, variant["last_ms"]),
                    )
                    for label, variant in zip(labels, example["variants"], strict=True)
                ]
            except (KeyError, IndexError, ValueError) as error:
                # A translation that renamed a placeholder: say which sentence, and draw no figure.
                logger.error(
                    "chunk-timeline %r: the sentence %r must use only %s (%r)",
                    node["key"],
                    template.astext(),
                    ", ".join("{" + name + "}" for name in PLACEHOLDERS),
                    error,
                    location=node,
                )
                node["svg"] = ""
                node.children = [caption]
                continue
            node["svg"] = draw(example, labels, axis.astext(), alternative, caption.astext(), node["ids"][0], language)
            node.children = [caption]
            caption.parent = node


def visit_html(translator: HTML5Translator, node: chunk_timeline) -> None:
    translator.body.append(f'<figure class="chunk-timeline" id="{node["ids"][0]}">\n{node["svg"]}\n<figcaption>')
    # The caption paragraph renders as the figure's caption, without the anchor ids twice.
    node["ids"] = []


def depart_html(translator: HTML5Translator, node: chunk_timeline) -> None:
    translator.body.append("</figcaption></figure>\n")


def add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("timelines_results", "../results/timelines.json", "env", str)
    app.add_node(chunk_timeline, html=(visit_html, depart_html))
    app.add_directive("chunk-timeline", ChunkTimelineDirective)
    app.add_post_transform(DrawChunkTimelines)
    app.add_css_file(STYLESHEET)
    app.connect("config-inited", add_static_path)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
