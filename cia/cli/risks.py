"""The risk register: ``cia risks ID`` lists every risk; ``cia risk ID LOCATION`` sets its rating, owner, target
date, key-risk flag and the mitigations that answer it."""

from __future__ import annotations

import argparse
import json
import sys

from .base import EXIT_OK, Adder, UsageError, add_id, open_store


def cmd_risks(args: argparse.Namespace) -> int:
    from .. import register

    a = open_store(args).load(args.id)
    rows = register.select(register.rows(a), unmitigated=args.unmitigated, rating=args.rating, key=args.key)
    rows = register.ordered(rows, args.sort)
    if args.json:
        print(json.dumps([r.as_json() for r in rows], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("No risks match." if (args.unmitigated or args.rating or args.key) else "No risks identified.")
        return EXIT_OK
    from ..text import shorten

    for r in rows:
        flags = [r.rating_label]
        if r.key:
            flags.append("KEY RISK")
        if r.unmitigated:
            flags.append("NO MITIGATION")
        sys.stdout.write(f"{r.location}  {r.category} › {r.area}  [{', '.join(flags)}]\n")
        sys.stdout.write(f"  Risk: {r.text}\n")
        if r.groups:
            sys.stdout.write(f"  Groups: {shorten('; '.join(r.groups), 100)}\n")
        meta = [f"owner {r.risk.owner}" if r.risk.owner else "", f"due {r.risk.due}" if r.risk.due else ""]
        if any(meta):
            sys.stdout.write(f"  {', '.join(m for m in meta if m).capitalize()}\n")
        for m in r.mitigation_texts:
            sys.stdout.write(f"  - {shorten(m, 110)}\n")
    n_key = sum(r.key for r in rows)
    sys.stdout.write(f"\n{len(rows)} risk{'s' if len(rows) != 1 else ''}"
                     f"{f', {n_key} flagged as key risks' if n_key else ''}.\n")
    return EXIT_OK


def _answered_by(entry, spec: str) -> list[int]:
    numbers = []
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= len(entry.mitigations):
            n = len(entry.mitigations)
            raise UsageError(f"--answered-by {part}: the area has {n} mitigation{'s' if n != 1 else ''} "
                             "(give their numbers, e.g. 1,3)")
        numbers.append(int(part) - 1)
    return numbers


def cmd_risk(args: argparse.Namespace) -> int:
    from .. import register

    store = open_store(args)
    a = store.load(args.id)
    try:
        entry, risk, index = register.find(a, args.location)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    update: dict = {}
    if args.rating is not None:
        update["rating"] = None if args.rating == "none" else args.rating
    if args.owner is not None:
        update["owner"] = args.owner
    if args.due is not None:
        update["due"] = args.due
    if args.key:
        update["key"] = True
    if args.not_key:
        update["key"] = False
    if not update and args.answered_by is None:
        raise UsageError("say what to set: --rating, --owner, --due, --key / --not-key or --answered-by")
    if not risk.is_real:
        raise UsageError(f"{args.location} says {risk.text!r}, which is not a risk; it cannot be rated, flagged "
                         "or answered")
    if update:
        entry.risks = [r.model_validate({**r.model_dump(), **update}) if i == index else r
                       for i, r in enumerate(entry.risks)]
    if args.answered_by is not None:
        chosen = set(_answered_by(entry, args.answered_by))
        entry.mitigations = [
            m.model_copy(update={"answers": [x for x in m.answers if x != risk.id] + ([risk.id] if i in chosen else [])})
            for i, m in enumerate(entry.mitigations)
        ]
    store.save(a)
    row = next(r for r in register.rows(a) if r.section == args.location.strip("/").split("/")[0]
               and r.area_key == entry.key and r.index == index)
    bits = [row.rating_label, "key risk" if row.key else "not a key risk"]
    if row.risk.owner:
        bits.append(f"owner {row.risk.owner}")
    if row.risk.due:
        bits.append(f"due {row.risk.due}")
    numbers = [str(i + 1) for i, m in enumerate(entry.mitigations) if m in row.mitigations]
    answered = (f"mitigation{'s' if len(numbers) != 1 else ''} {', '.join(numbers)}" if numbers else "no mitigation")
    if not row.linked and numbers:
        answered += " (the area does not link mitigations to risks, so all of them)"
    print(f"{row.location}: {', '.join(bits)}; answered by {answered}.")
    return EXIT_OK


def register(add: Adder) -> None:
    p = add("risks", cmd_risks, "the risk register: every risk with its area, mitigations, rating, owner and flag")
    add_id(p)
    p.add_argument("--unmitigated", action="store_true", help="only risks no mitigation answers")
    p.add_argument("--rating", choices=["high", "medium", "low", "none"], help="only risks with this rating")
    p.add_argument("--key", action="store_true", help="only the risks flagged as key risks for Cabinet")
    p.add_argument("--sort", choices=["category", "rating"], default="category",
                   help="template order (default) or highest rating first")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add("risk", cmd_risk, "set a risk's rating, owner, target date, key-risk flag or its mitigations")
    add_id(p)
    p.add_argument("location", help="the risk, as cia risks prints it: psed/race/risks/1")
    p.add_argument("--rating", choices=["high", "medium", "low", "none"], help="residual rating")
    p.add_argument("--owner", metavar="NAME")
    p.add_argument("--due", metavar="DATE", help="target date, as you would write it")
    flag = p.add_mutually_exclusive_group()
    flag.add_argument("--key", action="store_true", help="a key risk for Cabinet (listed in the summary)")
    flag.add_argument("--not-key", action="store_true", help="not a key risk")
    p.add_argument("--answered-by", metavar="M", help="the area's mitigations (numbers, e.g. 1,3) that answer it")
