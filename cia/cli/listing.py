"""Listing the store."""

from __future__ import annotations

import argparse
import json
import sys

from .base import EXIT_OK, Adder, err, open_store


def cmd_list(args: argparse.Namespace) -> int:
    from ..render import listing_table

    store = open_store(args)
    store.check_available()
    listing = store.list()
    if args.json:
        rows = [
            {"id": s.id, "title": s.title, "status": s.status, "lead": s.lead, "updated": s.updated.isoformat(),
             "done": s.done, "total": s.total, "edition": s.edition, "path": str(s.path)}
            for s in listing.items
        ]
        problems = [{"file": str(p.path), "reason": p.reason, "details": list(p.details)} for p in listing.problems]
        print(json.dumps({"store": str(store.location), "assessments": rows, "unreadable": problems}, indent=2))
    else:
        if listing.items:
            sys.stdout.write(listing_table(listing.items))
        else:
            print(f"No assessments in {store.location}. Create one with: cia new --title \"…\"")
    for p in listing.problems:
        err(f"cannot read {p.path}: {p.reason}")
        for d in p.details:
            print(f"    {d}", file=sys.stderr)
    return EXIT_OK


def register(add: Adder) -> None:
    p = add("list", cmd_list, "list the assessments in the store")
    p.add_argument("--json", action="store_true", help="machine-readable output")
