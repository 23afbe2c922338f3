"""``cia history ID`` (kept revisions, with who did what) and ``cia diff ID [FROM] [TO]`` (what changed)."""

from __future__ import annotations

import argparse
import json

from .base import EXIT_OK, Adder, UsageError, add_id, open_store


def cmd_history(args: argparse.Namespace) -> int:
    from ..history import revisions
    from ..model import STATUS_LABELS

    store = open_store(args)
    assessment_id = store.resolve_id(args.id)
    items = revisions(store, assessment_id)
    if args.json:
        print(json.dumps([{
            "revision": r.number, "status": r.status, "saved": r.saved, "current": r.current,
            "events": [{"action": e.action, "by": e.by.name, "role": e.by.role, "at": e.at.isoformat(),
                        "from": e.from_status, "to": e.to_status, "note": e.note} for e in r.events],
        } for r in items], indent=2, ensure_ascii=False))
        return EXIT_OK
    for r in items:
        mark = "*" if r.current else " "
        print(f"{mark}{r.number:>5}  {r.saved:<17}  {STATUS_LABELS.get(r.status, r.status):<18}  {r.describe()}")
    print(f"\n{len(items)} revision{'s' if len(items) != 1 else ''} kept (* current). "
          f"cia diff {assessment_id} FROM TO shows what changed.")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from ..history import HistoryError, diff, resolve

    store = open_store(args)
    assessment_id = store.resolve_id(args.id)
    try:
        new_n = resolve(store, assessment_id, args.to)
        old_n = resolve(store, assessment_id, args.from_, default="last", before=new_n)
    except HistoryError as exc:
        raise UsageError(str(exc)) from None
    old = store.load_revision(assessment_id, old_n)
    new = store.load_revision(assessment_id, new_n)
    lines = diff(old, new)
    print(f"Changes from revision {old_n} ({old.status.replace('_', ' ')}) to revision {new_n} "
          f"({new.status.replace('_', ' ')}):")
    if not lines:
        print("  nothing changed")
    for line in lines:
        print(f"  {line}")
    return EXIT_OK


def register(add: Adder) -> None:
    p = add("history", cmd_history, "the kept revisions of an assessment, with who submitted, approved, signed …")
    add_id(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add("diff", cmd_diff, "what changed between two revisions, field by field")
    add_id(p)
    p.add_argument("from_", nargs="?", metavar="FROM",
                   help="a revision number, or submitted, approved, signed (default: the last of those)")
    p.add_argument("to", nargs="?", metavar="TO", help="a revision number or current (default: current)")
