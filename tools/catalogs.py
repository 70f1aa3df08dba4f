"""Translation status and checks for the gettext catalogs in locales/.

    python -m tools.catalogs stats              translated / fuzzy / untranslated
    python -m tools.catalogs check --pot DIR    every check; exit 1 on any problem

`check` compares each catalog with the templates (.pot) that `make gettext`
extracts from the English source, and reports every problem as
`path:line: message`, so that an editor can jump to it:

- the catalog parses (`msgfmt --check`);
- it is in sync with the English: no message missing, none obsolete;
- nothing is fuzzy or untranslated;
- each translation keeps the markup of its English message: the same inline
  code spans, the same link targets and cross-references, balanced emphasis
  and backticks, one paragraph and no new heading or list;
- the terms of the language's glossary (locales/<lang>/glossary.csv) are used.

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

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from languages import translations as translated_languages

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
LANGUAGES = tuple(translated_languages(LOCALES))

CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
# {role}`text <target>` or {role}`target`
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*?)`")
LINK = re.compile(r"\]\(([^)\s]*)\)")
SUBSTITUTION = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        try:
            shown = self.path.relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.message}"


def catalogs(locales: Path, languages=LANGUAGES) -> list[Path]:
    return sorted(path for lang in languages for path in (locales / lang / "LC_MESSAGES").glob("*.po"))


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream)


def messages(catalog: Catalog):
    """The real messages of a catalog, without its header."""
    return [message for message in catalog if message.id]


def forms(text) -> tuple[str, ...]:
    """A msgid or msgstr as a tuple: plural messages have several forms."""
    return tuple(text) if isinstance(text, (tuple, list)) else (text,)


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


def stats(locales: Path) -> str:
    lines = [f"{'language':<9} {'page':<12} {'translated':>10} {'fuzzy':>6} {'untranslated':>12} {'done':>6}"]
    for lang in LANGUAGES:
        total = Counter()
        for path in catalogs(locales, [lang]):
            count = counts(read_catalog(path))
            total += count
            lines.append(_stats_line(lang, path.stem, count))
        lines.append(_stats_line(lang, "(all)", total))
    return "\n".join(lines)


def _stats_line(lang: str, page: str, count: Counter) -> str:
    size = sum(count.values()) or 1
    return (f"{lang:<9} {page:<12} {count['translated']:>10} {count['fuzzy']:>6} "
            f"{count['untranslated']:>12} {100 * count['translated'] / size:>5.0f}%")


# -- markup ------------------------------------------------------------------

def markup_problems(source: str, translation: str) -> list[str]:
    """What the translation lost or changed of the English message's markup."""
    problems = []
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
        match = re.search(r"<([^<>]+)>\s*$", content)
        targets.append((role, match.group(1) if match else content.lstrip("~!")))
    return sorted(targets)


# -- glossary ----------------------------------------------------------------

def read_glossary(lang: str, locales: Path) -> list[tuple[str, list[str]]] | None:
    """(English term, accepted translations) from locales/<lang>/glossary.csv, or None."""
    path = locales / lang / "glossary.csv"
    if not path.exists():
        return None
    with path.open(newline="", encoding="utf-8") as stream:
        return [(row["term"], row["translation"].split("|")) for row in csv.DictReader(stream)]


FILE_PATH = re.compile(r"\S*/\S*")


def glossary_problems(source: str, translation: str, glossary) -> list[str]:
    # Code, link targets and file paths (snippets/templates/report.py) are not prose.
    plain_source = FILE_PATH.sub("", LINK.sub("]", _without_code(source))).lower()
    plain_translation = _without_code(translation).lower()
    problems = []
    for term, translations in glossary:
        # A longer glossary term that contains this one is checked on its own:
        # "pull request" is not "request".
        text = plain_source
        for longer, _ in glossary:
            if term.lower() in longer.lower() and len(longer) > len(term):
                text = re.sub(rf"\b{re.escape(longer.lower())}s?\b", " ", text)
        if re.search(rf"\b{re.escape(term.lower())}s?\b", text) and not any(
            choice.lower() in plain_translation for choice in translations
        ):
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
            problems.append(Problem(locales / lang / "LC_MESSAGES" / f"{page}.po", 0,
                                    "catalog missing: run `make update-po`"))
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
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        # msgfmt reports "path:line: message" for each error, then a summary.
        errors = re.findall(rf"^{re.escape(str(path))}:(\d+): (.*)$", result.stderr, re.M)
        return [Problem(path, int(line), f"msgfmt: {text}") for line, text in errors] or [
            Problem(path, 0, f"msgfmt: {result.stderr.strip()}")]
    catalog = read_catalog(path)
    problems = []
    wanted = {message.id for message in messages(template)}
    have = {message.id: message for message in messages(catalog)}
    for msgid in sorted(wanted - have.keys(), key=str):
        problems.append(Problem(path, 0, f"message missing, run `make update-po`: {_short(msgid)}"))
    for msgid in sorted(have.keys() - wanted, key=str):
        problems.append(Problem(path, have[msgid].lineno, f"message no longer in the English source: {_short(msgid)}"))
    if catalog.obsolete:
        problems.append(Problem(path, 0, f"{len(catalog.obsolete)} obsolete (#~) messages: run `make update-po`"))
    for message in have.values():
        if message.fuzzy:
            problems.append(Problem(path, message.lineno, f"fuzzy: {_short(message.id)}"))
            continue
        if not all(forms(message.string)):
            problems.append(Problem(path, message.lineno, f"untranslated: {_short(message.id)}"))
            continue
        # Each plural form is checked against the English plural (the general form).
        source = forms(message.id)[-1]
        for translation in forms(message.string):
            for problem in markup_problems(source, translation) + glossary_problems(
                source, translation, glossary
            ):
                problems.append(Problem(path, message.lineno, problem))
    return problems


def _short(text, width: int = 60) -> str:
    text = " ".join(forms(text)[0].split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["stats", "check"])
    parser.add_argument("--locales", type=Path, default=LOCALES)
    parser.add_argument("--pot", type=Path, default=ROOT / "_build" / "gettext")
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    args = parser.parse_args(argv)
    if args.command == "stats":
        print(stats(args.locales))
        return 0
    problems = check(args.locales, args.pot, args.lang or LANGUAGES)
    for problem in problems:
        print(problem)
    print(f"check-po: {len(problems)} problem(s) in {len(catalogs(args.locales, args.lang or LANGUAGES))} catalogs")
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
