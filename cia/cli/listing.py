"""Listing and searching the store: ``cia list``.

Answers from the store's index without loading the assessment model (no pydantic): only files that changed
since the last listing are read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone

from .base import EXIT_OK, Adder, UsageError, err, open_store

DEFAULT_LIMIT = 100
SEARCH_LIMIT = 25
"""A search shows fewer at a time: each comes with the places it matched."""


def _since(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--updated-since {text!r}: give a date as YYYY-MM-DD (or YYYY-MM-DDTHH:MM)") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _highlighter(stream: object):
    color = getattr(stream, "isatty", lambda: False)() and not os.environ.get("NO_COLOR")

    def show(parts: list[tuple[str, bool]]) -> str:
        if color:
            return "".join(f"\x1b[1;33m{t}\x1b[0m" if hit else t for t, hit in parts)
        return "".join(f"*{t}*" if hit else t for t, hit in parts)

    return show


def table(items: list, *, show_matches: bool) -> str:
    """The listing as aligned columns; under each row of a search, where it matched."""
    rows = [("ID", "TITLE", "STATUS", "LEAD", "UPDATED", "DONE")]
    for s in items:
        rows.append((s.id, _cut(s.title, 48), s.status_label or s.status, _cut(s.lead or "—", 24),
                     s.updated.strftime("%Y-%m-%d %H:%M"), f"{s.done}/{s.total}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    show = _highlighter(sys.stdout)
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(rows[0])).rstrip()]
    for s, row in zip(items, rows[1:]):
        lines.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip())
        if show_matches:
            for m in s.matches:
                lines.append(f"    {m.where}: {show(m.parts())}")
    return "\n".join(lines) + "\n"


def cmd_list(args: argparse.Namespace) -> int:
    from ..store import Filters

    limit = None if args.all else args.limit
    if limit is None and not args.all and not args.json:
        limit = SEARCH_LIMIT if args.search else DEFAULT_LIMIT
    if limit is not None and limit < 1:
        raise UsageError("--limit must be at least 1")
    filters = Filters(search=args.search or "", status=args.status or "", lead=args.lead or "",
                      edition=args.edition or "", updated_since=_since(args.updated_since) if args.updated_since
                      else None, limit=limit, rescan=args.rescan)
    store = open_store(args, editions=False)
    store.check_available()
    listing = store.list(filters)
    if args.json:
        print(json.dumps({"store": store.location, "total": listing.count,
                          "assessments": [s.to_json() for s in listing.items],
                          "unreadable": [{"file": str(p.path), "reason": p.reason, "details": list(p.details)}
                                         for p in listing.problems]}, indent=2, ensure_ascii=False))
    elif listing.items:
        sys.stdout.write(table(listing.items, show_matches=bool(filters.search)))
        more = listing.count - len(listing.items)
        if more > 0:
            print(f"… and {more:,} more (newest {len(listing.items):,} shown); narrow with --search, --status, "
                  "--lead, --updated-since, or show them all with --all")
    elif filters.any:
        print(f"No assessments match in {store.location}.")
    else:
        print(f"No assessments in {store.location}. Create one with: cia new --title \"…\"")
    for p in listing.problems:
        err(f"cannot read {p.path}: {p.reason}")
        for d in p.details:
            print(f"    {d}", file=sys.stderr)
    for notice in store.take_notices():
        err(notice)
    return EXIT_OK


def register(add: Adder) -> None:
    p = add("list", cmd_list, "list and search the assessments in the store")
    p.add_argument("--search", metavar="TEXT", help="only assessments holding every word of TEXT (a word may "
                                                    "also begin a longer one); shows where each matched")
    p.add_argument("--status", metavar="S", help="only this status (draft, in_review, approved, signed_off, …)")
    p.add_argument("--lead", metavar="NAME", help="only assessments whose lead officer's name contains NAME")
    p.add_argument("--edition", metavar="E", help="only this template edition")
    p.add_argument("--updated-since", metavar="DATE", help="only assessments saved on or after DATE (YYYY-MM-DD)")
    p.add_argument("--limit", type=int, metavar="N", help=f"show at most N (default {DEFAULT_LIMIT}; "
                                                          "--json lists all)")
    p.add_argument("--all", action="store_true", help="show every match")
    p.add_argument("--rescan", action="store_true", help="compare every file with the index, even if the "
                                                          "folder looks unchanged")
    p.add_argument("--json", action="store_true", help="machine-readable output")
