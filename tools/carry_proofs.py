"""Carry a page's proofs and citations into its translations, so that a new ✓ costs translators nothing.

    python -m tools.carry_proofs --pot DIR [--locales DIR] [--lang ru]

Adding a ``{proof}`` or ``{cited}`` role (docs/_ext/proofs.py) to an English
sentence changes its message: ``make update-po`` would leave the translation
fuzzy, and the page would show English until a translator copied the role
over, which is mechanical work. `make update-po` runs this tool first. For
every message of a catalog that the English no longer has, if a new message
of the page's template (.pot) is the same text with other roles (only the
``{proof}`` and ``{cited}`` roles differ), the translation is kept under the
new message, with its old roles removed and the new ones placed by this rule:

* each run of roles goes after the same sentence of the translation as in the
  English, when both have as many sentences (a sentence ends with . ! ? and a
  space or the end, or with 。！？; dots in code, in other roles and in "e.g.",
  "i.e.", "etc.", "vs.", "cf." end none);
* otherwise every role goes at the end of the message, where a reviewer can
  move it.

A translation that does not carry exactly its old message's roles (so one
that ``make check-po`` would refuse) is not touched, and neither is a message
whose text changed: those stay for sphinx-intl to mark fuzzy. A fuzzy message
whose previous msgid (``#| msgid``, as ``msgmerge --previous`` writes it)
differs only in roles is carried and made current the same way.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from message_catalogs import forms, is_translated, read_catalog
from proofs import SENTENCE_END
from tools.catalogs import CODE_SPAN, LANGUAGES, LOCALES, ROLE, THEME_DOMAIN
from translation_safety import PROOF_ROLE, proof_problems


def without_proofs(text: str) -> str:
    """``text`` without its ``{proof}`` and ``{cited}`` roles."""
    return PROOF_ROLE.sub("", text)


def sentence_ends(text: str) -> list[int]:
    """Where each sentence of ``text`` ends: just after its final punctuation.

    Code spans and roles are masked first, so that ``json.dumps`` or a URL ends
    no sentence; the end of the text ends the last one.
    """
    masked = CODE_SPAN.sub(lambda match: "x" * len(match.group(0)), ROLE.sub(lambda m: "x" * len(m.group(0)), text))
    ends = {match.start() for match in SENTENCE_END.finditer(masked) if match.start() < len(masked.rstrip())}
    return sorted(ends | {len(text.rstrip())})


def place_proofs(source: str, translation: str) -> str:
    """``translation`` (without roles) with the roles of ``source`` placed by the module's rule."""
    bare_source = without_proofs(source)
    runs: dict[int, str] = defaultdict(str)  # sentence index -> its roles, in order
    removed = 0
    source_ends = sentence_ends(bare_source)
    for match in PROOF_ROLE.finditer(source):
        at = match.start() - removed
        removed += len(match.group(0))
        runs[next(index for index, end in enumerate(source_ends) if end >= at)] += match.group(0)
    target_ends = sentence_ends(translation)
    if len(target_ends) != len(source_ends):
        return translation.rstrip() + "".join(runs.values()) + translation[len(translation.rstrip()) :]
    result = translation
    for index in sorted(runs, reverse=True):  # from the end, so that earlier positions hold
        end = target_ends[index]
        result = result[:end] + runs[index] + result[end:]
    return result


def carried(old_id: str, new_id: str, translation: str) -> str | None:
    """The translation of ``new_id``, from that of ``old_id``; None unless only roles differ."""
    if old_id == new_id or without_proofs(old_id) != without_proofs(new_id):
        return None
    if proof_problems(old_id, translation):
        return None
    return place_proofs(new_id, without_proofs(translation))


def carry_catalog(catalog: Catalog, template: Catalog) -> int:
    """Carry the translations of ``catalog`` to ``template``'s new messages; return how many."""
    wanted = {message.id for message in template if message.id}
    # The old messages that a translation can come from, by their text without roles.
    sources: dict[str, list[Message]] = defaultdict(list)
    for message in catalog:
        if message.id and message.id not in wanted and is_translated(message) and not message.pluralizable:
            sources[without_proofs(message.id)].append(message)
    count = 0
    for new_id in sorted(wanted - {message.id for message in catalog if message.id}, key=str):
        if isinstance(new_id, tuple) or len(sources.get(without_proofs(new_id), [])) != 1:
            continue  # a plural, no old message, or several: nothing to carry with certainty
        old = sources[without_proofs(new_id)][0]
        if (translation := carried(old.id, new_id, old.string)) is not None:
            _replace(catalog, old, Message(new_id, translation, user_comments=old.user_comments))
            count += 1
    for message in catalog:
        previous = forms(message.previous_id) if message.previous_id else ()
        if (
            message.id
            and message.fuzzy
            and len(previous) == 1
            and isinstance(message.id, str)
            and (translation := carried(previous[0], message.id, message.string)) is not None
        ):
            message.string = translation
            message.flags.discard("fuzzy")
            message.previous_id = []
            count += 1
    return count


def _replace(catalog: Catalog, old: Message, new: Message) -> None:
    """Put ``new`` where ``old`` was: a catalog that keeps its order keeps its diff small.

    Babel has no public way to insert in place; its messages are an ordered dict.
    """
    old_key, new_key = catalog._key_for(old.id), catalog._key_for(new.id)
    catalog._messages = {
        (new_key if key == old_key else key): (new if key == old_key else message)
        for key, message in catalog._messages.items()
    }


def carry(locales: Path, pot_dir: Path, languages=LANGUAGES) -> list[str]:
    """Carry the proofs in every page catalog of ``languages``; one line per catalog changed."""
    report = []
    for pot in sorted(pot_dir.glob("*.pot")):
        if pot.stem == THEME_DOMAIN:
            continue
        template = read_catalog(pot)
        for lang in languages:
            path = locales / lang / "LC_MESSAGES" / f"{pot.stem}.po"
            if not path.is_file():
                continue
            catalog = read_catalog(path)
            if count := carry_catalog(catalog, template):
                with path.open("wb") as stream:
                    # As sphinx-intl writes it (`make update-po`): no line wrapping.
                    write_po(stream, catalog, width=0, include_previous=True)
                report.append(f"carry-proofs: {path.relative_to(locales)}: {count} translation(s) keep their proofs")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pot", type=Path, required=True)
    parser.add_argument("--locales", type=Path, default=LOCALES)
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    args = parser.parse_args(argv)
    for line in carry(args.locales, args.pot, args.lang or LANGUAGES):
        print(line)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
