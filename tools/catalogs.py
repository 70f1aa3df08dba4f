"""Translation status and checks for the gettext catalogs in locales/.

    python -m tools.catalogs stats [--lang ru]              translated / fuzzy / untranslated
    python -m tools.catalogs check --pot DIR [--lang ru]    exit 1 on a broken catalog
    python -m tools.catalogs check --pot DIR --strict       ... or on any message left to translate
    python -m tools.catalogs todo [--lang ru]               the messages left to translate

`check` compares each catalog with the templates (.pot) that `make gettext`
extracts from the English source, and reports every problem as
`path:line: message`, so that an editor can jump to it. A catalog is *broken*,
and the check fails, when:

- it does not parse (`msgfmt --check`), or its Plural-Forms header is not the
  language's (Babel's CLDR rule);
- it is out of sync with the English: a message missing, or one the English
  no longer has (`make update-po` fixes both);
- a translation adds what a translator may not: HTML (a tag, a comment, even
  escaped), a link target or a URL that its English message does not have; in the theme
  catalog (sphinx.po), also a double quote or a changed placeholder;
- a translation loses the markup of its English message: the same inline
  code spans, link targets and cross-references, the same proofs and
  citations (``{proof}`` and ``{cited}`` roles, copied unchanged), the same
  numbers and quantities (``{number}`` and ``{quantity}`` roles), balanced emphasis and
  backticks, one paragraph and no new heading or list;
- a term of the language's glossary (locales/<lang>/glossary.csv) is not used,
  or a rendering that the glossary's ``avoid`` column rejects is;
- in Korean, a particle after code or a Latin word does not follow that word's
  reading (tools/korean_particles.py, locales/ko/readings.csv).

A message that is untranslated or fuzzy is *incomplete*, not broken: the site
shows it in English, with a banner on the page, so that an English change can
land before every translator has caught up. `check` counts those per language,
`todo` lists them, and `--strict` (for a release) fails on them too.

Sphinx itself warns about none of these but broken references, and a `.po`
syntax error does not even fail a `-W` build.
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural

from languages import translations as translated_languages
from message_catalogs import forms, read_catalog
from tools.korean_particles import particle_problems, read_readings
from translation_safety import figure_problems, new_markup, new_urls, proof_problems, theme_problems

ROOT = Path(__file__).resolve().parent.parent

LOCALES = ROOT / "locales"
LANGUAGES = tuple(translated_languages(LOCALES))

CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
# {role}`text <target>` or {role}`target`
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*?)`")
LINK = re.compile(r"\]\(([^)\s]*)\)")
SUBSTITUTION = re.compile(r"\{\{\s*(\w+)\s*\}\}")


#: The kinds of Problem that leave a catalog incomplete, not broken.
INCOMPLETE = ("untranslated", "fuzzy")
#: The theme's strings: rendered by templates, which do not escape them.
THEME_DOMAIN = "sphinx"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    kind: str = "broken"

    @property
    def incomplete(self) -> bool:
        return self.kind in INCOMPLETE

    @property
    def language(self) -> str:
        return self.path.parent.parent.name

    def __str__(self) -> str:
        try:
            shown = self.path.relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.message}"


def catalogs(locales: Path, languages=LANGUAGES) -> list[Path]:
    return sorted(path for lang in languages for path in (locales / lang / "LC_MESSAGES").glob("*.po"))


def messages(catalog: Catalog):
    """The real messages of a catalog, without its header."""
    return [message for message in catalog if message.id]


# -- stats -------------------------------------------------------------------


def counts(catalog: Catalog) -> Counter:
    result = Counter()
    for message in messages(catalog):
        if message.fuzzy:
            result["fuzzy"] += 1
        elif all(forms(message.string)):
            result["translated"] += 1
        else:
            result["untranslated"] += 1
    return result


def stats(locales: Path, languages=LANGUAGES) -> str:
    lines = [f"{'language':<9} {'page':<12} {'translated':>10} {'fuzzy':>6} {'untranslated':>12} {'done':>6}"]
    for lang in languages:
        total = Counter()
        for path in catalogs(locales, [lang]):
            count = counts(read_catalog(path))
            total += count
            lines.append(_stats_line(lang, path.stem, count))
        lines.append(_stats_line(lang, "(all)", total))
    return "\n".join(lines)


def _stats_line(lang: str, page: str, count: Counter) -> str:
    size = sum(count.values()) or 1
    return (
        f"{lang:<9} {page:<12} {count['translated']:>10} {count['fuzzy']:>6} "
        f"{count['untranslated']:>12} {100 * count['translated'] / size:>5.0f}%"
    )


# -- markup ------------------------------------------------------------------


def markup_problems(source: str, translation: str) -> list[str]:
    """What the translation lost or changed of the English message's markup."""
    problems = proof_problems(source, translation) + figure_problems(source, translation)
    source_code = sorted(m.group(0) for m in CODE_SPAN.finditer(_without_roles(source)))
    translated_code = sorted(m.group(0) for m in CODE_SPAN.finditer(_without_roles(translation)))
    if source_code != translated_code:
        missing = sorted((Counter(source_code) - Counter(translated_code)).elements())
        added = sorted((Counter(translated_code) - Counter(source_code)).elements())
        problems.append(f"inline code differs: missing {missing}, added {added}")
    if _role_targets(source) != _role_targets(translation):
        problems.append(f"cross-references differ: {_role_targets(source)} became {_role_targets(translation)}")
    if sorted(LINK.findall(source)) != sorted(LINK.findall(translation)):
        problems.append(f"link targets differ: {LINK.findall(source)} became {LINK.findall(translation)}")
    if sorted(SUBSTITUTION.findall(source)) != sorted(SUBSTITUTION.findall(translation)):
        problems.append("substitutions ({{ name }}) differ")
    plain = _without_code(translation)
    if plain.count("`") % 2:
        problems.append("unbalanced backticks")
    for marker in ("**", "*"):
        count = plain.count(marker)
        plain = plain.replace(marker, "")
        if count % 2:
            problems.append(f"unbalanced emphasis ({marker})")
    if "\n\n" in translation.strip() and "\n\n" not in source:
        problems.append("one message became several paragraphs")
    for pattern, what in ((r"^\s*#", "a heading"), (r"^\s*([-+*]|\d+\.)\s", "a list"), (r"^\s*>", "a quote")):
        if re.match(pattern, translation) and not re.match(pattern, source):
            problems.append(f"the translation starts {what}")
    return problems


def _without_roles(text: str) -> str:
    return ROLE.sub("", text)


def _without_code(text: str) -> str:
    return CODE_SPAN.sub("", ROLE.sub("", text))


def _role_targets(text: str) -> list[tuple[str, str]]:
    targets = []
    for role, content in ROLE.findall(text):
        if role in ("proof", "cited", "number", "quantity"):
            continue  # compared whole, by proof_problems and figure_problems
        match = re.search(r"<([^<>]+)>\s*$", content)
        targets.append((role, match.group(1) if match else content.lstrip("~!")))
    return sorted(targets)


# -- glossary ----------------------------------------------------------------


def read_glossary(lang: str, locales: Path) -> list[tuple[str, list[str], list[str]]] | None:
    """(English term, accepted translations, rejected renderings) from locales/<lang>/glossary.csv, or None.

    The optional ``avoid`` column holds the renderings that the reviewers rejected
    ("фрагментированн" for chunked transfer encoding): a message whose English has
    the term may not use them, even beside an accepted translation.
    """
    path = locales / lang / "glossary.csv"
    if not path.exists():
        return None
    with path.open(newline="", encoding="utf-8") as stream:
        return [
            (row["term"], row["translation"].split("|"), [text for text in (row.get("avoid") or "").split("|") if text])
            for row in csv.DictReader(stream)
        ]


FILE_PATH = re.compile(r"\S*/\S*")


def glossary_problems(source: str, translation: str, glossary) -> list[str]:
    # Code, link targets and file paths (snippets/templates/report.py) are not prose.
    plain_source = FILE_PATH.sub("", LINK.sub("]", _without_code(source))).lower()
    plain_translation = _without_code(translation).lower()
    terms = [entry[0].lower() for entry in glossary]
    problems = []
    for (term, translations, *rest), lowered in zip(glossary, terms, strict=True):
        avoid = rest[0] if rest else []
        if lowered not in plain_source:
            continue  # the cheap test first: most terms are in no message
        # A longer glossary term that contains this one is checked on its own:
        # "pull request" is not "request".
        text = plain_source
        for longer in terms:
            if lowered in longer and len(longer) > len(lowered):
                text = re.sub(rf"\b{re.escape(longer)}s?\b", " ", text)
        if not re.search(rf"\b{re.escape(lowered)}s?\b", text):
            continue
        # A rejected rendering is reported on its own: the message names the accepted one too.
        if rejected := [word for word in avoid if word.lower() in plain_translation]:
            problems.append(
                f"glossary: {term!r} is translated as {' or '.join(translations)}, not {' or '.join(rejected)}"
                " (the reviewers' decision)"
            )
        elif not any(choice.lower() in plain_translation for choice in translations):
            problems.append(f"glossary: {term!r} should be translated as {' or '.join(translations)}")
    return problems


# -- check -------------------------------------------------------------------


def check(locales: Path, pot_dir: Path, languages=LANGUAGES) -> list[Problem]:
    problems: list[Problem] = []
    templates = {path.stem: read_catalog(path) for path in pot_dir.glob("*.pot")}
    if not templates:
        return [Problem(pot_dir, 0, "no .pot files: run `make gettext` first")]
    for lang in languages:
        found = {path.stem: path for path in catalogs(locales, [lang])}
        for page in sorted(templates.keys() - found.keys()):
            problems.append(
                Problem(locales / lang / "LC_MESSAGES" / f"{page}.po", 0, "catalog missing: run `make update-po`")
            )
        for page in sorted(found.keys() - templates.keys()):
            problems.append(Problem(found[page], 0, "catalog of a page that no longer exists"))
        glossary = read_glossary(lang, locales)
        if glossary is None:
            problems.append(Problem(locales / lang / "glossary.csv", 0, "glossary missing"))
            glossary = []
        for page in sorted(found.keys() & templates.keys()):
            problems.extend(check_catalog(found[page], templates[page], glossary))
    return problems


def check_catalog(path: Path, template: Catalog, glossary) -> list[Problem]:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    if result.returncode != 0:
        # msgfmt reports "path:line: message" for each error, then a summary.
        errors = re.findall(rf"^{re.escape(str(path))}:(\d+): (.*)$", result.stderr, re.M)
        return [Problem(path, int(line), f"msgfmt: {text}") for line, text in errors] or [
            Problem(path, 0, f"msgfmt: {result.stderr.strip()}")
        ]
    catalog = read_catalog(path)
    problems = header_problems(path)
    # Korean particles follow the reading of the code or Latin word before them.
    readings = read_readings(path.parent.parent / "readings.csv") if path.parent.parent.name == "ko" else None
    wanted = {message.id for message in messages(template)}
    have = {message.id: message for message in messages(catalog)}
    for msgid in sorted(wanted - have.keys(), key=str):
        problems.append(Problem(path, 0, f"message missing, run `make update-po`: {_short(msgid)}"))
    for msgid in sorted(have.keys() - wanted, key=str):
        problems.append(Problem(path, have[msgid].lineno, f"message no longer in the English source: {_short(msgid)}"))
    if catalog.obsolete:
        problems.append(Problem(path, 0, f"{len(catalog.obsolete)} obsolete (#~) messages: run `make update-po`"))
    for message in have.values():
        # Each plural form is checked against the English plural (the general form).
        source = forms(message.id)[-1]
        translations = [text for text in forms(message.string) if text]
        # Even a fuzzy translation: it is one `#, fuzzy` away from the site.
        for translation in translations:
            for problem in unsafe_problems(path, source, translation):
                problems.append(Problem(path, message.lineno, problem))
        if incomplete := incomplete_problem(path, message):
            problems.append(incomplete)
            continue
        for translation in translations:
            for problem in markup_problems(source, translation) + glossary_problems(source, translation, glossary):
                problems.append(Problem(path, message.lineno, problem))
            if readings is not None:
                for problem in particle_problems(translation, readings):
                    problems.append(Problem(path, message.lineno, problem))
    return problems


def unsafe_problems(path: Path, source: str, translation: str) -> list[str]:
    """What a translation adds that a translator may not add (translation_safety)."""
    if path.stem == THEME_DOMAIN:
        return theme_problems(source, translation)
    problems = []
    if markup := new_markup(source, translation):
        problems.append(f"raw HTML not in the English: {markup} (a catalog may not add markup)")
    if urls := new_urls(source, translation):
        problems.append(f"link target or URL not in the English: {urls} (a catalog may not add links)")
    return problems


def incomplete_problem(path: Path, message) -> Problem | None:
    """A Problem of kind fuzzy or untranslated for ``message``, or None."""
    if message.fuzzy:
        return Problem(path, message.lineno, f"fuzzy: {_short(message.id)}", "fuzzy")
    if not all(forms(message.string)):
        return Problem(path, message.lineno, f"untranslated: {_short(message.id)}", "untranslated")
    return None


PLURAL_FORMS = re.compile(r'^"Plural-Forms:\s*(.*?)(?:\\n)?"$', re.M)


def header_problems(path: Path) -> list[Problem]:
    """The catalog's Plural-Forms header against the language's rule in Babel (CLDR)."""
    lang = path.parent.parent.name
    try:
        expected = get_plural(lang).plural_forms
    except UnknownLocaleError:
        return [Problem(path, 1, f"Babel knows no language {lang!r}: name the folder by a language code")]
    text = path.read_text(encoding="utf-8")
    match = PLURAL_FORMS.search(text)
    if match is None:
        return [Problem(path, 1, f'no Plural-Forms header: add "Plural-Forms: {expected}\\n"')]
    if _normal(match.group(1)) != _normal(expected):
        line = text.count("\n", 0, match.start()) + 1
        return [Problem(path, line, f"Plural-Forms is not {lang}'s: {match.group(1)!r} should be {expected!r}")]
    return []


def _normal(plural_forms: str) -> str:
    return "".join(plural_forms.split()).rstrip(";")


def todo(locales: Path, languages=LANGUAGES) -> list[Problem]:
    """Every untranslated or fuzzy message, as a Problem with its line."""
    result = []
    for path in catalogs(locales, languages):
        for message in messages(read_catalog(path)):
            if incomplete := incomplete_problem(path, message):
                result.append(incomplete)
    return result


def incomplete_summary(problems: list[Problem], languages, strict: bool) -> list[str]:
    """One line per language with messages left to translate."""
    lines = []
    for lang in languages:
        kinds = Counter(problem.kind for problem in problems if problem.incomplete and problem.language == lang)
        if kinds:
            verdict = (
                "errors with --strict"
                if strict
                else (f"not an error: the site shows them in English; `make todo LANG={lang}` lists them")
            )
            lines.append(f"{lang}: {kinds['untranslated']} untranslated, {kinds['fuzzy']} fuzzy ({verdict})")
    return lines


def _short(text, width: int = 60) -> str:
    text = " ".join(forms(text)[0].split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["stats", "check", "todo"])
    parser.add_argument("--locales", type=Path, default=LOCALES)
    parser.add_argument("--pot", type=Path, default=ROOT / "_build" / "gettext")
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    parser.add_argument(
        "--strict", action="store_true", help="check: untranslated and fuzzy messages fail too (for a release)"
    )
    args = parser.parse_args(argv)
    languages = args.lang or LANGUAGES
    if args.command == "stats":
        print(stats(args.locales, languages))
        return 0
    if args.command == "todo":
        left = todo(args.locales, languages)
        for problem in left:
            print(problem)
        print(f"todo: {len(left)} message(s) to translate")
        return 0
    problems = check(args.locales, args.pot, languages)
    errors = [problem for problem in problems if args.strict or not problem.incomplete]
    for problem in errors:
        print(problem)
    for line in incomplete_summary(problems, languages, args.strict):
        print(line)
    print(f"check-po: {len(errors)} problem(s) in {len(catalogs(args.locales, languages))} catalogs")
    return 1 if errors else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
