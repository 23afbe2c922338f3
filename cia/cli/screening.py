"""``cia screen``: is a full Community Impact Assessment needed? Answers, outcome, who decided."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .base import EXIT_OK, Adder, UsageError, add_id, open_store

ANSWERS = {"yes": "yes", "y": "yes", "no": "no", "n": "no", "dont_know": "dont_know", "don't know": "dont_know",
           "dont-know": "dont_know", "unknown": "dont_know", "?": "dont_know"}


def _parse_answers(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        answer = ANSWERS.get(value.strip().casefold())
        if not sep or not key.strip() or answer is None:
            raise UsageError(f"--answer {item!r}: give QUESTION=yes|no|dont_know")
        out[key.strip()] = answer
    return out


def _show(a) -> str:
    from ..model import ANSWER_LABELS
    from ..screening import group_names, outcome_label

    edition = a.template
    s = a.screening
    lines = [f"{edition.screening.title}: {a.title or a.id}", ""]
    if edition.screening.intro:
        lines += [edition.screening.intro, ""]
    for q in edition.screening.questions:
        given = s.answer(q.key) if s else None
        lines.append(f"  {q.key}: {q.text}")
        lines.append(f"      answer: {ANSWER_LABELS[given.answer] if given else 'not answered'}")
    lines.append("")
    lines.append(f"{edition.screening.groups_question} "
                 + ("; ".join(group_names(edition, list(s.groups))) if s and s.groups else "none named"))
    lines.append(f"Outcome: {outcome_label(s.outcome if s else None)}")
    for reason in (s.reasons if s else []):
        lines.append(f"  - {reason}")
    if s and s.note:
        lines.append(f"Why: {s.note}")
    if s and s.decided_by:
        lines.append(f"Decided by {s.decided_by.display()} at {s.decided_at:%Y-%m-%d %H:%M} UTC" if s.decided_at
                     else f"Decided by {s.decided_by.display()}")
    return "\n".join(lines) + "\n"


def cmd_screen(args: argparse.Namespace) -> int:
    from .. import identity
    from ..screening import record

    store = open_store(args)
    a = store.load(args.id)
    if args.answer or args.group:
        if a.status == "signed_off":
            raise UsageError(f"{a.title or a.id} is signed off and read-only; reopen it first (cia reopen {a.id})")
        actor = identity.require()
        answers = {x.question: x.answer for x in a.screening.answers} if a.screening and args.keep else {}
        answers.update(_parse_answers(args.answer or []))
        groups = [g for item in (args.group or []) for g in item.split(",")]
        if a.screening and args.keep and not args.group:
            groups = list(a.screening.groups)
        try:
            rec = record(a, answers, groups, actor, args.note or "")
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        store.save(a)
        if rec.outcome == "needed" and rec.groups:
            print(f"areas to assess from the screening: {', '.join(rec.groups)}")
    if args.docx:
        from ..screening_doc import build_screening_record
        from ..store import atomic_write

        try:
            data = build_screening_record(a)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        target = Path(args.docx)
        atomic_write(target, data)
        print(target)
        return EXIT_OK
    if args.json:
        s = a.screening
        print(json.dumps({"id": a.id, "screening": s.model_dump(mode="json") if s else None}, indent=2,
                         ensure_ascii=False))
        return EXIT_OK
    sys.stdout.write(_show(a))
    return EXIT_OK


def register(add: Adder) -> None:
    p = add("screen", cmd_screen, "screening: is a full assessment needed? show, record answers, export the record")
    add_id(p)
    p.add_argument("--answer", action="append", metavar="QUESTION=yes|no|dont_know",
                   help="answer a screening question (repeatable); 'cia screen ID' lists the questions")
    p.add_argument("--group", action="append", metavar="NAMES",
                   help="groups that could be affected (area names or keys, or other groups), comma-separated")
    p.add_argument("--note", help="why (required when a full assessment is not needed)")
    p.add_argument("--keep", action="store_true", help="keep earlier answers and groups not given again")
    p.add_argument("--json", action="store_true", help="the screening as JSON")
    p.add_argument("--docx", metavar="FILE", help="write the one-page screening record")
