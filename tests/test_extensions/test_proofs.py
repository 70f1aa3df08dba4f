"""A ✓ links to the test that proves a claim, a citation is labelled, and the Claims page lists them."""

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import nodes

import proofs

TEMPLATES = Path(__file__).resolve().parents[2] / "docs" / "_templates"
DEMO = "tests/test_demo/test_demo.py"


@pytest.fixture
def build(tmp_path, make_app, rootdir):
    """Build roots/test-proofs (with the site's mark template) and return the app."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-proofs", srcdir)
    (srcdir / "_templates" / "partials").mkdir(parents=True)
    shutil.copy(TEMPLATES / "partials" / "claim-mark.html", srcdir / "_templates" / "partials")

    def run(builder="html", pages=None, **confoverrides):
        for name, text in (pages or {}).items():
            (srcdir / name).write_text(text, encoding="utf-8")
        app = make_app(builder, srcdir=srcdir, confoverrides=confoverrides)
        app.build()
        return app

    run.srcdir = srcdir
    return run


def html(app, page):
    return (app.outdir / f"{page}.html").read_text(encoding="utf-8")


def marks(text):
    return re.findall(r'<a class="claim-mark [^"]*"[^>]*>.*?</a>', text)


def test_a_proof_links_to_the_def_line_of_its_test(build):
    app = build()
    assert app.warning.getvalue() == ""
    found = marks(html(app, "index"))
    assert found[0] == (
        '<a class="claim-mark claim-proof" id="claim-1" '
        'href="https://example.org/owner/repo/blob/main/tests/test_demo/test_demo.py#L4" '
        'title="Proof: test_plain" aria-label="Proof: test_plain"><span aria-hidden="true">✓</span></a>'
    )
    # A parametrized test links to its function; a method to its def inside the class.
    assert "test_demo.py#L9" in found[1]
    assert 'aria-label="Proof: test_param[1]"' in found[1]
    assert "test_demo.py#L14" in found[2]
    assert "test_demo.py#L18" in marks(html(app, "other"))[0]


def test_a_citation_is_a_labelled_link_to_its_source(build):
    app = build()
    cited = marks(html(app, "index"))[3]
    assert cited == (
        '<a class="claim-mark claim-cited" id="claim-3" href="https://www.rfc-editor.org/rfc/rfc9113" '
        'title="Cited: RFC 9113" aria-label="Cited: RFC 9113">cited</a>'
    )


def test_the_index_counts_claims_tests_and_citations(build):
    app = build()
    # Proven: two sentences of index, the list item and the term of other.
    # Tests: test_plain, test_param, TestGroup::test_method, test_async.
    assert "4 proven by 4 tests, 1 cited, on 2 pages." in html(app, "index")


def test_the_claims_page_lists_each_sentence_with_its_marks(build):
    app = build()
    page = html(app, "claims")
    sentences = re.findall(r'<a class="claims-sentence[^"]*" href="([^"]+)">([^<]*)</a>', page)
    assert sentences == [
        ("index.html#claim-1", "Streams are sent in pieces."),
        ("index.html#claim-2", "A second sentence, e.g. this one, is proven twice."),
        ("index.html#claim-3", "Browsers cap connections."),
        # other.md's heading "Claim 1" has the id claim-1 already.
        ("other.html#claim-2", "An item in a list."),
        ("other.html#claim-3", "A term that is proven"),
    ]
    # The second sentence keeps both of its proofs; the pages come in the order of the contents.
    assert len(marks(page)) == 6
    assert page.index('href="index.html">Demo</a>') < page.index('href="other.html">Claim 1</a>')
    assert 'id="claim-' not in page
    # Each mark is named: the test, or the cited document.
    assert (
        '<code class="claims-label docutils literal notranslate"><span class="pre">test_param[1]</span></code>' in page
    )
    assert '<em class="claims-label">RFC 9113</em>' in page


def test_a_translated_build_translates_the_labels_and_keeps_the_proofs(build):
    app = build(language="ru")
    assert app.warning.getvalue() == ""
    index = html(app, "index")
    assert 'aria-label="Доказательство: test_plain"' in index
    assert 'aria-label="Источник: RFC 9113">источник</a>' in index
    assert "Браузеры ограничивают соединения." in html(app, "claims")


def test_a_changed_page_updates_the_counts_on_an_unchanged_index(build):
    build()
    app = build(pages={"other.md": "# Other\n\nNothing proven here.\n"})
    assert "2 proven by 3 tests, 1 cited, on 1 pages." in html(app, "index")
    assert "other.html#claim" not in html(app, "claims")


@pytest.mark.parametrize(
    ("role", "warning"),
    [
        ("{proof}`tests/test_demo/missing.py::test_plain`", "proof: tests/test_demo/missing.py does not exist"),
        (f"{{proof}}`{DEMO}::test_nothing`", f"proof: {DEMO} has no test test_nothing"),
        (f"{{proof}}`{DEMO}::TestGroup::test_other`", f"proof: {DEMO}::TestGroup has no test test_other"),
        (f"{{proof}}`{DEMO}::TestGroup`", f"proof: {DEMO}::TestGroup is a class, not a test function"),
        ("{proof}`test_plain`", "proof: not a pytest node id (path/to/test_x.py::test_name): 'test_plain'"),
        ("{proof}`tests/test_demo/broken.py::test_x`", "proof: tests/test_demo/broken.py:1: not Python"),
        ("{cited}`https://example.org`", "cited: write {cited}`Title <https://...>`, not 'https://example.org'"),
        ("{cited}`Title <example.org>`", "cited: write {cited}`Title <https://...>`"),
        ("{claims-count}`everything`", "claims-count: 'everything' is none of proven, tests, cited, pages"),
    ],
)
def test_a_proof_that_names_no_test_is_a_warning_at_its_line(build, role, warning):
    build.srcdir.joinpath("tests", "test_demo", "broken.py").write_text("def test_x(:\n", encoding="utf-8")
    app = build(pages={"bad.md": f"# Bad\n\nA claim.{role}\n"})
    assert f"bad.md:3: WARNING: {warning}" in app.warning.getvalue()


def test_a_mark_in_a_heading_is_a_warning_and_removed(build):
    app = build(pages={"bad.md": f"# Bad\n\n## Proven heading {{proof}}`{DEMO}::test_plain`\n"})
    assert f"bad.md:3: WARNING: a proof belongs after a sentence, not in a heading: {DEMO}::test_plain" in (
        app.warning.getvalue()
    )
    assert not marks(html(app, "bad"))


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two.|", ["Two."]),
        ("One! Two?|", ["Two?"]),
        ("一句。二句。|", ["二句。"]),
        ("A claim.||", ["A claim."]),
        ("First.| Second, with   spaces\nand a line break.|", ["First.", "Second, with spaces and a line break."]),
        ("|A mark first.", [""]),
        (
            "One. Two, i.e. three, vs. four (e.g. five), cf. six etc. too.|",
            ["Two, i.e. three, vs. four (e.g. five), cf. six etc. too."],
        ),
    ],
)
def test_a_claim_is_the_sentence_before_its_marks(text, sentences):
    paragraph = nodes.paragraph()
    for index, piece in enumerate(text.split("|")):
        if index:
            paragraph += proofs.claim_mark("", "✓", refuri="#", kind="proof", target="t", label="t")
        paragraph += nodes.Text(piece)
    claims = proofs.claim_sentences(paragraph)
    assert [sentence for sentence, _marks in claims] == sentences
    assert sum(len(found) for _sentence, found in claims) == text.count("|")


def test_parallel_reads_merge_the_claims_of_their_pages():
    env = SimpleNamespace(proofs_claims={"a": []}, proofs_overviews={"a"})
    other = SimpleNamespace(proofs_claims={"b": [{"marks": []}], "c": []}, proofs_overviews={"b", "c"})
    proofs.merge_info(None, env, {"b"}, other)
    assert env.proofs_claims == {"a": [], "b": [{"marks": []}]}
    assert env.proofs_overviews == {"a", "b"}
    proofs.purge_doc(None, env, "b")
    assert env.proofs_claims == {"a": []}
    assert env.proofs_overviews == {"a"}


def test_a_translation_that_drops_changes_or_adds_a_proof_is_a_warning(build):
    catalog = build.srcdir / "locale" / "ru" / "LC_MESSAGES" / "bad.po"
    plain, param = f"{{proof}}`{DEMO}::test_plain`", f"{{proof}}`{DEMO}::test_param[2]`"
    catalog.write_text(
        f"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Dropped.{plain}"
msgstr "Потеряно."

msgid "Changed.{plain}"
msgstr "Изменено.{param}"

msgid "Kept.{plain}"
msgstr "Сохранено.{plain}"
""",
        encoding="utf-8",
    )
    app = build(pages={"bad.md": f"# Bad\n\nDropped.{plain}\n\nChanged.{plain}\n\nKept.{plain}\n"}, language="ru")
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    keeps = "a translation keeps the English proofs and citations [i18n.proof]"
    # Dropped from two paragraphs: reported at the page.
    assert warnings.count(f"bad.md: WARNING: the ru translation drops the proof {DEMO}::test_plain: {keeps}") == 2
    assert (
        f"bad.md:5:<translated>:1: WARNING: the ru translation adds the proof {DEMO}::test_param[2]: {keeps}"
        in warnings
    )
    assert warnings.count("[i18n.proof]") == 3


def test_a_full_stop_before_a_lower_case_word_ends_no_sentence():
    # Russian "см." (see) and "т. е." are abbreviations, followed by lower-case words.
    from proofs import SENTENCE_END

    text = "Так и есть (см. раздел о шаблонах, т. е. ниже). Дальше. And then. more"
    ends = [match.end() for match in SENTENCE_END.finditer(text)]
    starts = [0, *ends]
    sentences = [text[start:end].strip() for start, end in zip(starts[:-1], ends, strict=True)]
    # "then." before a lower-case word ends nothing either.
    assert sentences == ["Так и есть (см. раздел о шаблонах, т. е. ниже).", "Дальше."]


def test_a_full_stop_inside_code_ends_no_claim():
    # templates.md: "... {{ ... }} expressions." must not be cut at the "..." in the code.
    paragraph = nodes.paragraph()
    paragraph += nodes.Text("First. Text and ")
    paragraph += nodes.literal("", "{{ ... }}")
    paragraph += nodes.Text(" expressions.")
    paragraph += proofs.claim_mark("", "✓", refuri="#", kind="proof", target="t", label="t")
    assert [sentence for sentence, _marks in proofs.claim_sentences(paragraph)] == ["Text and {{ ... }} expressions."]
