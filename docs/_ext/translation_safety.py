"""Refuse markup that a translation adds: the build's own guard behind ``make check-po``.

Translators write the catalogs, and what they write reaches readers without
passing through an author: a ``msgstr`` is parsed like the page's own source,
so MyST renders ``<script>`` in a translated paragraph as raw HTML, and
Sphinx's template environment does not autoescape, so a theme string of
``sphinx.po`` is written into every page as it is. ``tools/catalogs.py check``
rejects such catalogs before they are merged (with the rules below); this
extension makes the build refuse them as well, for a catalog that reaches a
build without that check (a preview, a fork, a skipped CI run):

* a page: raw HTML in a translated message that the English message does not
  have is reported at the page's file:line and removed, and so is markup
  written as text (``&lt;img ...&gt;``) in a translated title, which Sphinx's
  search page would write into the page as HTML (its index keeps section
  titles as plain text, and searchtools.js sets them as ``innerHTML``);
* the theme catalog: a translation that adds markup, a double quote (which
  ends the HTML attribute that some theme strings are written into) or a
  placeholder that its English does not have is reported at the catalog's
  path:line and not used, so the page shows the English. A broken
  ``%(name)s`` would otherwise stop the build with a bare ``KeyError``.

* a page: a proof or a citation (``{proof}`` and ``{cited}`` roles,
  docs/_ext/proofs.py) that a translation drops, changes or adds is reported:
  a translated page must carry the same proofs as the English one.

* a page: a number or a quantity (``{number}`` and ``{quantity}`` roles,
  docs/_ext/quantities.py) that a translation drops, changes or adds is
  reported: the role writes the figure the language's way, so a translation
  copies it unchanged rather than typing the figure by hand.

All are warnings, so that a ``-W`` build fails.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from message_catalogs import read_catalog
from proofs import claim_mark

if TYPE_CHECKING:
    from babel.messages.catalog import Message
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

#: What a browser reads as markup: a start or end tag (complete or not: the
#: template's next ``>`` would close it), a comment, a declaration or a
#: processing instruction. An autolink (``<https://...>``) is a link, not a tag:
#: ``new_urls`` finds it.
MARKUP = re.compile(r"<(?![A-Za-z][\w+.-]*:[^\s<>]*>)[A-Za-z!?/][^<>]*>?")
#: A link target or a bare URL: a scheme browsers follow, a protocol-relative
#: ``//host``, or ``www.``.
URL = re.compile(
    r"\b(?:https?|ftp|mailto|javascript|vbscript|data|file|tel|wss?):[^\s<>()\[\]`\"']+"
    r"|(?<![:\w/])//\w[^\s<>()\[\]`\"']*|\bwww\.[^\s<>()\[\]`\"']+",
    re.I,
)
#: A claim's proof or citation (docs/_ext/proofs.py): a translation copies it
#: unchanged, like code.
PROOF_ROLE = re.compile(r"\{(?:proof|cited)\}`[^`]*`")
#: A figure of the prose (docs/_ext/quantities.py): a translation copies it unchanged too.
FIGURE_ROLE = re.compile(r"\{(?:number|quantity)\}`[^`]*`")
#: The placeholders that Jinja's ``{% trans %}`` (``%(name)s``) and Sphinx's
#: search page script (``${name}``) fill in.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|\$\{(\w+)\}")


def _added(pattern: re.Pattern[str], source: str, translation: str) -> list[str]:
    """The matches of ``pattern`` in ``translation`` that ``source`` has fewer of."""
    return sorted((Counter(pattern.findall(translation)) - Counter(pattern.findall(source))).elements())


def new_markup(source: str, translation: str) -> list[str]:
    """The HTML tags, comments and the like of ``translation`` that ``source`` lacks.

    Escaped markup counts too: ``&lt;script&gt;`` is text in a paragraph, but
    Sphinx's search page writes section titles into the page as HTML.
    """
    return _added(MARKUP, html.unescape(source), html.unescape(translation))


def new_urls(source: str, translation: str) -> list[str]:
    """The link targets and bare URLs of ``translation`` that ``source`` lacks."""
    return _added(URL, source, translation)


def placeholder_problems(source: str, translation: str) -> list[str]:
    """What would break or change when a template fills in ``translation``."""
    names = {m.group(0) for m in PLACEHOLDER.finditer(source)}
    if names != {m.group(0) for m in PLACEHOLDER.finditer(translation)}:
        return [
            f"placeholders differ: {sorted(names)} became "
            f"{sorted(m.group(0) for m in PLACEHOLDER.finditer(translation))}"
        ]
    if any(m.group(1) for m in PLACEHOLDER.finditer(source)):
        # Jinja formats the message with %: a lone % must be written %%.
        try:
            translation % {m.group(1): 0 for m in PLACEHOLDER.finditer(source) if m.group(1)}
        except (ValueError, TypeError, KeyError) as error:
            return [f"the % formatting fails ({error}): write a literal % as %%"]
    return []


def proof_problems(source: str, translation: str) -> list[str]:
    """How the ``{proof}`` and ``{cited}`` roles of ``translation`` differ from ``source``'s."""
    english = Counter(PROOF_ROLE.findall(source))
    translated = Counter(PROOF_ROLE.findall(translation))
    if english == translated:
        return []
    missing = sorted((english - translated).elements())
    added = sorted((translated - english).elements())
    return [
        f"proofs and citations differ from the English: missing {missing}, added {added}"
        " (copy every {proof} and {cited} role unchanged)"
    ]


def figure_problems(source: str, translation: str) -> list[str]:
    """How the ``{number}`` and ``{quantity}`` roles of ``translation`` differ from ``source``'s."""
    english = Counter(FIGURE_ROLE.findall(source))
    translated = Counter(FIGURE_ROLE.findall(translation))
    if english == translated:
        return []
    missing = sorted((english - translated).elements())
    added = sorted((translated - english).elements())
    return [
        f"numbers and quantities differ from the English: missing {missing}, added {added}"
        " (copy every {number} and {quantity} role unchanged: it writes the figure the language's way)"
    ]


def theme_problems(source: str, translation: str) -> list[str]:
    """Why a theme string's translation is unsafe or would break its template."""
    problems = []
    if markup := new_markup(source, translation):
        problems.append(f"HTML not in the English: {markup}")
    if urls := new_urls(source, translation):
        problems.append(f"link target or URL not in the English: {urls}")
    if translation.count('"') > source.count('"'):
        problems.append(
            "a double quote (\") not in the English ends an HTML attribute: use the language's quotation marks"
        )
    return problems + placeholder_problems(source, translation)


def theme_message_problems(message: Message) -> list[str]:
    """``theme_problems`` of every form of a catalog message.

    Every plural form is held to the plural msgid: a form may name the count
    that the singular leaves out ("Одна: ${resultCount}").
    """
    sources = message.id if message.pluralizable else (message.id,)
    translations = message.string if message.pluralizable else (message.string,)
    return sorted(
        {problem for translation in translations if translation for problem in theme_problems(sources[-1], translation)}
    )


# -- pages ---------------------------------------------------------------------


def _is_html(node: nodes.raw) -> bool:
    return "html" in node.get("format", "").split()


def _english_markup(document: nodes.document) -> Counter[str]:
    """The raw HTML of a page, and the markup written as text in its titles."""
    found = Counter(node.astext() for node in document.findall(nodes.raw) if _is_html(node))
    for title in document.findall(nodes.title):
        found.update(MARKUP.findall(title.astext()))
    return found


class RecordEnglishMarkup(SphinxTransform):
    """Note the markup of the English page, before Sphinx translates it."""

    # After PreserveTranslatableMessages (10), before Locale (20).
    default_priority = 19

    def apply(self, **kwargs: object) -> None:
        self.document.english_markup = _english_markup(self.document)


class RefuseTranslatedMarkup(SphinxTransform):
    """Remove the markup that a translated message brought in.

    Raw HTML, and also markup written as text (``&lt;img ...&gt;``) in a title:
    Sphinx's search page writes section titles into the page as HTML.
    """

    # Just after Locale (20).
    default_priority = 21

    def apply(self, **kwargs: object) -> None:
        # Popped: it is of no use in the pickled doctree.
        english = self.document.__dict__.pop("english_markup", Counter())
        for node in list(self.document.findall(nodes.raw)):
            if _is_html(node) and _translated(node) and not _take(english, node.astext()):
                self._refuse(node.astext(), node.parent)
                node.parent.remove(node)
        for title in self.document.findall(nodes.title):
            if not _translated(title):
                continue
            for text in list(title.findall(nodes.Text)):
                refused = [markup for markup in MARKUP.findall(text) if not _take(english, markup)]
                for markup in refused:
                    self._refuse(markup, title)
                if refused:
                    kept = MARKUP.sub(
                        lambda match, refused=refused: "" if match.group(0) in refused else match.group(0), text
                    )
                    text.parent.replace(text, nodes.Text(kept))

    def _refuse(self, markup: str, where: nodes.Node) -> None:
        logger.warning(
            "HTML in the %s translation, not in the English: %r; removed",
            self.config.language,
            markup,
            location=where,
            type="i18n",
            subtype="html",
        )


def _take(available: Counter[str], markup: str) -> bool:
    """Whether the English has ``markup`` once more; if so, count it used."""
    if available[markup] > 0:
        available[markup] -= 1
        return True
    return False


def _translated(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, nodes.Element) and node.get("translated"):
            return True
        node = node.parent
    return False


def _proofs(document: nodes.document) -> list[claim_mark]:
    return [node for node in document.findall(claim_mark) if node["kind"] in ("proof", "cited")]


class RecordEnglishProofs(SphinxTransform):
    """Note the proofs and citations of the English page, before Sphinx translates it."""

    # After PreserveTranslatableMessages (10), before Locale (20).
    default_priority = 19

    def apply(self, **kwargs: object) -> None:
        self.document.english_proofs = Counter((node["kind"], node["target"]) for node in _proofs(self.document))


class CheckTranslatedProofs(SphinxTransform):
    """Warn about each proof or citation that a translation dropped, changed or added."""

    # Just after Locale (20).
    default_priority = 21

    def apply(self, **kwargs: object) -> None:
        english = self.document.__dict__.pop("english_proofs", Counter())
        marks = _proofs(self.document)
        translated = Counter((node["kind"], node["target"]) for node in marks)
        for kind, target in sorted((english - translated).elements()):
            # Gone from the page, so the page is where it is missing.
            self._report("drops", kind, target, self.env.docname)
        added = translated - english
        for node in marks:
            if added[node["kind"], node["target"]] > 0:
                added[node["kind"], node["target"]] -= 1
                self._report("adds", node["kind"], node["target"], node)

    def _report(self, verb: str, kind: str, target: str, where: nodes.Node | str) -> None:
        logger.warning(
            "the %s translation %s the %s %s: a translation keeps the English proofs and citations",
            self.config.language,
            verb,
            "proof" if kind == "proof" else "citation",
            target,
            location=where,
            type="i18n",
            subtype="proof",
        )


def _figures(document: nodes.document) -> Counter[str]:
    return Counter(node["figure"] for node in document.findall(nodes.inline) if "figure" in node)


class RecordEnglishFigures(SphinxTransform):
    """Note the {number} and {quantity} roles of the English page, before Sphinx translates it."""

    # After PreserveTranslatableMessages (10), before Locale (20).
    default_priority = 19

    def apply(self, **kwargs: object) -> None:
        self.document.english_figures = _figures(self.document)


class CheckTranslatedFigures(SphinxTransform):
    """Warn about each number or quantity that a translation dropped, changed or added."""

    # Just after Locale (20).
    default_priority = 21

    def apply(self, **kwargs: object) -> None:
        english = self.document.__dict__.pop("english_figures", Counter())
        translated = _figures(self.document)
        for verb, figures in (("drops", english - translated), ("adds", translated - english)):
            for figure in sorted(figures.elements()):
                logger.warning(
                    "the %s translation %s the figure {%s}`%s`: copy the English {number} and {quantity} roles",
                    self.config.language,
                    verb,
                    *figure.split(":", 1),
                    location=self.env.docname,
                    type="i18n",
                    subtype="figure",
                )


# -- the theme catalog ---------------------------------------------------------


def refuse_unsafe_theme_strings(app: Sphinx) -> None:
    """builder-inited: drop the theme translations that ``theme_problems`` refuses."""
    if not app.config.language or app.config.language == "en":
        return
    for locale_dir in app.config.locale_dirs:
        path = Path(app.srcdir, locale_dir, app.config.language, "LC_MESSAGES", "sphinx.po")
        if not path.is_file():
            continue
        for message in read_catalog(path):
            if not message.id or message.fuzzy:
                continue
            translations = message.string if message.pluralizable else (message.string,)
            if problems := theme_message_problems(message):
                for problem in problems:
                    logger.warning(
                        "%s; the English is used instead",
                        problem,
                        location=f"{path}:{message.lineno}",
                        type="i18n",
                        subtype="theme",
                    )
                _forget(app.translator, message.id, translations)


def _forget(translator, msgid, translations) -> None:
    """Remove a translation from every catalog of ``translator`` that has it."""
    keys = [(msgid[0], index) for index in range(len(translations))] if isinstance(msgid, tuple) else [msgid]
    while translator is not None:
        table = getattr(translator, "_catalog", {})
        refused = {key for key, translation in zip(keys, translations, strict=True) if table.get(key) == translation}
        if refused:
            # A new table: gettext shares one between the translators of a
            # file, and a later build in this process must find it whole.
            translator._catalog = {key: value for key, value in table.items() if key not in refused}
        translator = getattr(translator, "_fallback", None)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_transform(RecordEnglishMarkup)
    app.add_transform(RefuseTranslatedMarkup)
    app.add_transform(RecordEnglishProofs)
    app.add_transform(CheckTranslatedProofs)
    app.add_transform(RecordEnglishFigures)
    app.add_transform(CheckTranslatedFigures)
    app.connect("builder-inited", refuse_unsafe_theme_strings)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
