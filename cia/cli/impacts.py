"""``cia impacts``: the cumulative picture across every assessment in the store."""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import datetime, timezone
from pathlib import Path

from .base import EXIT_OK, Adder, UsageError, open_store


def _since(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--since {text!r}: give a date as YYYY-MM-DD") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def cmd_impacts(args: argparse.Namespace) -> int:
    from ..impacts import collect, csv_rows, json_text, parse_statuses, text

    if args.characteristic and args.area:
        raise UsageError("give --characteristic or --area, not both")
    try:
        statuses = parse_statuses(args.status) if args.status else ()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    store = open_store(args)
    report = collect(store, characteristic=args.characteristic or "", area=args.area or "", statuses=statuses,
                     since=_since(args.since) if args.since else None, directorate=args.directorate or "")
    if args.docx:
        from ..impacts_doc import build_report
        from ..store import atomic_write

        target = Path(args.docx)
        if target.suffix.lower() != ".docx":
            target = target.with_suffix(".docx")
        if target.parent and not target.parent.is_dir():
            raise UsageError(f"there is no folder {target.parent}")
        atomic_write(target, build_report(report, store_name=getattr(store, "location", "")))
        print(target)
    elif args.json:
        sys.stdout.write(json_text(report))
    elif args.csv:
        csv.writer(sys.stdout, lineterminator="\n").writerows(csv_rows(report))
    else:
        sys.stdout.write(text(report, detail=bool(args.characteristic or args.area)))
    return EXIT_OK


def register(add: Adder) -> None:
    p = add("impacts", cmd_impacts,
            "the cumulative picture: for each characteristic and area, the proposals that assess an impact on it")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--characteristic", metavar="NAME", help="one protected characteristic, with its proposals")
    which.add_argument("--area", metavar="NAME", help="one category area, with its proposals")
    p.add_argument("--status", metavar="LIST", help="only assessments with these statuses, e.g. approved,signed_off")
    p.add_argument("--since", metavar="DATE", help="only assessments updated on or after DATE (YYYY-MM-DD)")
    p.add_argument("--directorate", metavar="NAME", help="only assessments of this directorate")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="as JSON, with every proposal")
    out.add_argument("--csv", action="store_true", help="as CSV, one line per proposal and area")
    out.add_argument("--docx", metavar="FILE", help="write an accessible Word report")
