"""A proof or a citation beside each claim, and the Claims page that lists them.

The chapter promises that what it says is either proven by a test or cited from
primary documentation. This extension lets a reader check that promise:

* ``{proof}`tests/test_x/test_y.py::test_name``` (also ``::Class::test`` and a
  parametrized ``[id]``) is a small ✓ after the sentence it proves. It links to
  the test's ``def`` line in the repository (``repository_url``), found with
  :mod:`ast` at build time, so the link follows the test when lines move. A
  node id whose file, class or function does not exist is a warning at the
  role's location: the ``-W`` build fails rather than publish a broken proof.
* ``{cited}`Title <https://...>``` marks a statement that the tests cannot
  check here (a hosted platform, a browser's internals) with a link to primary
  documentation, visibly labelled as a citation, so that a reader tells it
  from a proof at a glance.
* ``{claims}`` (a directive) renders, per page, every claim (the sentence
  before its marks) with its proofs and citations: the Claims page.
* ``{claims-count}`proven``` (``tests``, ``cited``, ``pages``) is a number of
  the whole chapter, for the index page's promise.

The marks are written from ``partials/claim-mark.html`` of ``templates_path``,
so their labels ("Proof: test_name", "cited") are theme strings: extracted
into ``sphinx.pot`` by docs/_ext/theme_pot.py and translated in ``sphinx.po``.
The roles themselves are kept verbatim by translations (docs/_ext/
translation_safety.py and ``make check-po`` compare them), so a translated
page carries the same proofs; its Claims page shows the translated sentences.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import split_explicit_title

# The Claims page lists the pages in the order the status page does.
from translation_status import reading_order

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

#: The template that writes a mark into the HTML page.
MARK_TEMPLATE = "partials/claim-mark.html"
#: A pytest node id: a file, then ``::`` names, the last maybe with ``[params]``.
NODE_ID = re.compile(r"^(?P<path>[\w./-]+\.py)(?P<names>(?:::\w+)+)(?P<params>\[.*\])?$")
#: Where a sentence ends: its final punctuation, then a space (or, after a
#: full-width mark, nothing), unless the dot ends an abbreviation ("e.g. this").
# A full stop followed by a lower-case word ends no sentence: it ends an
# abbreviation (Russian "см. раздел", "т. е.") or a name. The English
# abbreviations are listed because a capital can follow them ("e.g. Flask").
SENTENCE_END = re.compile(
    r"(?<![\s(]e\.g\.)(?<![\s(]i\.e\.)(?<!\setc\.)(?<!\svs\.)(?<!\scf\.)(?<=[.!?])\s+(?![a-zа-яё])"
    r"|(?<=[。！？])\s*"
)
#: The longest claim the Claims page quotes whole.
CLAIM_WIDTH = 240
#: What ``{claims-count}`` can count.
COUNTS = ("proven", "tests", "cited", "pages")


class claim_mark(nodes.reference):
    """A proof (``kind="proof"``) or a citation (``kind="cited"``) of a claim.

    A reference, so that every builder but HTML writes it as the link it is.
    """


class claims_list(nodes.General, nodes.Element):
    """Where the ``claims`` directive's list goes, once every page is read."""


class claims_count(nodes.Inline, nodes.TextElement):
    """Where a ``claims-count`` number goes, once every page is read."""


# -- resolving a test -----------------------------------------------------------


class ProofError(ValueError):
    """Why a pytest node id names no test."""


@cache
def _parse(path: Path, mtime: float) -> ast.Module:
    return ast.parse(path.read_bytes(), filename=str(path))


def test_line(root: Path, node_id: str) -> tuple[str, int]:
    """The path (relative to ``root``) and ``def`` line of the test ``node_id`` names."""
    match = NODE_ID.match(node_id)
    if not match:
        raise ProofError(f"not a pytest node id (path/to/test_x.py::test_name): {node_id!r}")
    relative = match["path"]
    path = root / relative
    if not path.is_file():
        raise ProofError(f"{relative} does not exist")
    try:
        tree = _parse(path, path.stat().st_mtime)
    except SyntaxError as error:
        raise ProofError(f"{relative}:{error.lineno}: not Python: {error.msg}") from None
    body: list[ast.stmt] = tree.body
    scope = relative
    found: ast.stmt | None = None
    for name in match["names"].split("::")[1:]:
        found = next(
            (
                node
                for node in body
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name == name
            ),
            None,
        )
        if found is None:
            raise ProofError(f"{scope} has no test {name}")
        body = found.body if isinstance(found, ast.ClassDef) else []
        scope = f"{scope}::{name}"
    if not isinstance(found, ast.FunctionDef | ast.AsyncFunctionDef):
        raise ProofError(f"{scope} is a class, not a test function")
    return relative, found.lineno


# -- the roles ----------------------------------------------------------------


class ProofRole(SphinxRole):
    """``{proof}`tests/test_x/test_y.py::test_name```: a ✓ linking to the test."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        node_id = self.text.strip()
        name = node_id.split("::")[-1]
        config = self.config
        try:
            path, line = test_line(Path(self.env.app.confdir, config.proofs_root).resolve(), node_id)
        except ProofError as error:
            logger.warning("proof: %s", error, location=self.get_location(), type="proofs", subtype="proof")
            path, line = node_id.split("::")[0], 1
        url = f"{config.repository_url.rstrip('/')}/blob/{config.repository_branch}/{path}#L{line}"
        mark = claim_mark("", "✓", refuri=url, kind="proof", target=node_id, label=name)
        return [mark], []


class CitedRole(SphinxRole):
    """``{cited}`Title <https://...>```: a link to primary documentation, labelled as cited."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        has_title, title, url = split_explicit_title(self.text)
        if not has_title or not re.match(r"https?://", url):
            logger.warning(
                "cited: write {cited}`Title <https://...>`, not %r",
                self.text,
                location=self.get_location(),
                type="proofs",
                subtype="cited",
            )
        mark = claim_mark("", title, refuri=url, kind="cited", target=url, label=title)
        return [mark], []


class CountRole(SphinxRole):
    """``{claims-count}`proven```: a number of the whole chapter (see ``COUNTS``)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        what = self.text.strip()
        if what not in COUNTS:
            logger.warning(
                "claims-count: %r is none of %s", what, ", ".join(COUNTS), location=self.get_location(), type="proofs"
            )
        _overviews(self.env).add(self.env.docname)
        return [claims_count(what, "?", count=what)], []


class ClaimsDirective(SphinxDirective):
    """Every page's claims, with their proofs and citations."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        _overviews(self.env).add(self.env.docname)
        return [claims_list()]


def visit_claim_mark_html(self: HTML5Translator, node: claim_mark) -> None:
    self.body.append(
        self.builder.templates.render(
            MARK_TEMPLATE,
            {"kind": node["kind"], "url": node["refuri"], "label": node["label"], "id": (node["ids"] or [""])[0]},
        ).strip()
    )
    raise nodes.SkipNode


# -- collecting the claims ------------------------------------------------------


class RefuseMarksInTitles(SphinxTransform):
    """Remove a mark from a heading, with a warning: a claim is a sentence.

    A heading is also a table of contents entry and the page's title, where a
    link inside the link would break.
    """

    # After Locale (20), so that a translated heading is checked too.
    default_priority = 800

    def apply(self, **kwargs: object) -> None:
        for mark in list(self.document.findall(claim_mark)):
            if any(isinstance(parent, nodes.title) for parent in _ancestors(mark)):
                logger.warning(
                    "a %s belongs after a sentence, not in a heading: %s",
                    mark["kind"],
                    mark["target"],
                    location=mark,
                    type="proofs",
                )
                mark.parent.remove(mark)


def _claims(env: BuildEnvironment) -> dict[str, list[dict[str, Any]]]:
    if not hasattr(env, "proofs_claims"):
        env.proofs_claims = {}
    return env.proofs_claims


def _overviews(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "proofs_overviews"):
        env.proofs_overviews = set()
    return env.proofs_overviews


def _pieces(block: nodes.Element) -> Iterator[tuple[str, str] | claim_mark]:
    """The text of ``block`` (as it reads, and with its code masked) and its marks, in reading order."""
    for node in block.findall(lambda node: isinstance(node, nodes.Text | claim_mark)):
        if isinstance(node, claim_mark):
            yield node
        elif not any(isinstance(parent, claim_mark) for parent in _ancestors(node)):
            text = str(node)
            # Code such as `{{ ... }}` ends no sentence: its characters are
            # masked for the sentence ends, with its spaces kept in place.
            in_code = any(isinstance(parent, nodes.literal) for parent in _ancestors(node))
            yield text, re.sub(r"\S", "x", text) if in_code else text


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    while node.parent is not None:
        node = node.parent
        yield node


def sentence_ends(text: str) -> list[int]:
    """Where each sentence of ``text`` ends, after the space that follows it."""
    return [match.end() for match in SENTENCE_END.finditer(text)]


def claim_sentences(block: nodes.Element) -> list[tuple[str, list[claim_mark]]]:
    """Each claim of ``block``: the sentence just before a run of marks, and those marks.

    A mark follows the sentence it proves, so the claim is the text from the
    end of the previous sentence (or mark) to the mark.
    """
    claims: list[tuple[str, list[claim_mark]]] = []
    text = masked = ""
    for piece in _pieces(block):
        if isinstance(piece, tuple):
            text += piece[0]
            masked += piece[1]
            continue
        if claims and not text.strip():
            claims[-1][1].append(piece)
            continue
        # Both have their spaces in the same places, so they stay aligned.
        before, masked_before = " ".join(text.split()), " ".join(masked.split())
        # The last sentence: after the last sentence end that is not the final one.
        starts = [end for end in sentence_ends(masked_before) if end < len(masked_before)]
        claims.append((before[starts[-1] if starts else 0 :].strip(), [piece]))
        text = masked = ""
    return claims


def collect_claims(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: every claim of the page, with an anchor for the Claims page."""
    env = app.env
    blocks: dict[nodes.Element, None] = {}
    for mark in doctree.findall(claim_mark):
        block = next((parent for parent in _ancestors(mark) if isinstance(parent, nodes.paragraph)), mark.parent)
        blocks[block] = None
    found = []
    number = 0
    for block in blocks:
        for sentence, marks in claim_sentences(block):
            # claim-1, claim-2 ...: stable links to the claims, past ids the page took.
            number += 1
            while f"claim-{number}" in doctree.ids:
                number += 1
            anchor = f"claim-{number}"
            marks[0]["ids"].append(anchor)
            doctree.ids[anchor] = marks[0]
            found.append(
                {
                    "sentence": sentence,
                    "anchor": anchor,
                    "marks": [{key: mark[key] for key in ("kind", "target", "refuri", "label")} for mark in marks],
                }
            )
    _claims(env)[env.docname] = found


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _claims(env).pop(docname, None)
    _overviews(env).discard(docname)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _claims(env).update({docname: claims for docname, claims in _claims(other).items() if docname in docnames})
    _overviews(env).update(_overviews(other) & docnames)


def outdated_overviews(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """env-get-outdated: the pages that count or list the claims, when any page changed."""
    return sorted(_overviews(env) - added - changed) if added | changed | removed else []


# -- the counts and the Claims page --------------------------------------------


def counts(claims: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """``proven``: claims with a proof; ``tests``: distinct tests (parameters aside);
    ``cited``: claims with citations only; ``pages``: pages with a claim."""
    every = [claim for page in claims.values() for claim in page]
    proven = [claim for claim in every if any(mark["kind"] == "proof" for mark in claim["marks"])]
    tests = {mark["target"].split("[")[0] for claim in every for mark in claim["marks"] if mark["kind"] == "proof"}
    return {
        "proven": len(proven),
        "tests": len(tests),
        "cited": len(every) - len(proven),
        "pages": sum(1 for page in claims.values() if page),
    }


def _mark(data: dict[str, Any]) -> claim_mark:
    text = "✓" if data["kind"] == "proof" else data["label"]
    return claim_mark("", text, refuri=data["refuri"], kind=data["kind"], target=data["target"], label=data["label"])


def claims_overview(app: Sphinx, fromdocname: str) -> list[nodes.Node]:
    """Per page, a heading that links to it and a list of its claims with their marks."""
    env = app.env
    claims = _claims(env)
    result: list[nodes.Node] = []
    for docname in reading_order(env):
        if not claims.get(docname):
            continue
        uri = app.builder.get_relative_uri(fromdocname, docname)
        title = nodes.reference("", "", internal=True, refuri=uri)
        title += env.titles[docname].children
        result.append(nodes.rubric("", "", title, classes=["claims-page"]))
        items = nodes.bullet_list(classes=["claims-list"])
        for claim in claims[docname]:
            sentence = textwrap.shorten(claim["sentence"], CLAIM_WIDTH, placeholder=" …")
            paragraph = nodes.paragraph()
            paragraph += nodes.reference(
                "", sentence, internal=True, refuri=f"{uri}#{claim['anchor']}", classes=["claims-sentence"]
            )
            for data in claim["marks"]:
                # Here the mark is named too: the test, or the cited document.
                paragraph += nodes.Text(" ")
                paragraph += _mark(data)
                label = nodes.literal if data["kind"] == "proof" else nodes.emphasis
                paragraph += label("", data["label"], classes=["claims-label"])
            items += nodes.list_item("", paragraph)
        result.append(items)
    return result


def resolve_overviews(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: fill in the counts and the Claims list, now that every page is read."""
    numbers = counts(_claims(app.env))
    for node in list(doctree.findall(claims_count)):
        node.replace_self(nodes.Text(str(numbers.get(node["count"], "?"))))
    for node in list(doctree.findall(claims_list)):
        node.replace_self(claims_overview(app, docname))


def setup(app: Sphinx) -> ExtensionMetadata:
    # The repository whose main branch the proofs link to, and where its root
    # is relative to conf.py (the tests' node ids are relative to it).
    app.add_config_value("repository_url", "", "env", str)
    app.add_config_value("repository_branch", "main", "env", str)
    app.add_config_value("proofs_root", "..", "env", str)
    app.add_node(claim_mark, html=(visit_claim_mark_html, None))
    app.add_node(claims_list)
    app.add_node(claims_count)
    app.add_role("proof", ProofRole())
    app.add_role("cited", CitedRole())
    app.add_role("claims-count", CountRole())
    app.add_directive("claims", ClaimsDirective)
    app.add_transform(RefuseMarksInTitles)
    app.connect("doctree-read", collect_claims)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-get-outdated", outdated_overviews)
    app.connect("doctree-resolved", resolve_overviews)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
