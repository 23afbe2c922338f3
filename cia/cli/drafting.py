"""Commands that create, show and check assessments, and set their executive summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .base import EXIT_FAIL, EXIT_OK, Adder, UsageError, add_id, err, open_store, reads_one


def cmd_new(args: argparse.Namespace) -> int:
    from ..model import Person, new_assessment
    from ..store import read_file

    store = open_store(args)
    if args.from_sample:
        from ..resources import samples_dir

        path = samples_dir() / f"{args.from_sample}.json"
        if not path.is_file():
            from ..store import Store

            names = ", ".join(p.stem for p in Store(samples_dir()).files())
            raise UsageError(f"no sample {args.from_sample!r} (samples: {names})")
        sample = read_file(path)
        a = sample.fresh_copy(sample.title)
        if args.title:
            a.header.title = args.title
    else:
        if not args.title or not args.title.strip():
            raise UsageError("give a title: cia new --title \"Name of proposal\"")
        from ..editions import EDITIONS

        if args.edition not in EDITIONS:
            raise UsageError(f"unknown edition {args.edition!r} (known: {', '.join(EDITIONS)})")
        a = new_assessment(args.title, edition=args.edition)
    if args.sponsor:
        a.header.sponsor = Person(name=args.sponsor, role=args.sponsor_role or "")
    for lead in args.lead or []:
        a.header.leads = [*a.header.leads, Person(name=lead)]
    if args.author:
        a.header.author = args.author
    path = store.create(a)
    print(a.id)
    print(path)
    return EXIT_OK


@reads_one
def cmd_show(args: argparse.Namespace) -> int:
    from ..render import show

    a = open_store(args).load(args.id)
    sys.stdout.write(show(a))
    return EXIT_OK


@reads_one
def cmd_check(args: argparse.Namespace) -> int:
    from ..checks import check, is_ready
    from ..render import findings_text

    a = open_store(args).load(args.id)
    findings = check(a)
    if args.json:
        print(json.dumps({
            "id": a.id,
            "ready": is_ready(findings),
            "findings": [
                {"level": f.level, "code": f.code, "where": f.where, "location": f.location.path, "message": f.message}
                for f in findings
            ],
        }, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(findings_text(a, findings))
    return EXIT_OK if is_ready(findings) else EXIT_FAIL


def cmd_summary(args: argparse.Namespace) -> int:
    from ..export import ExportError, draft_executive_summary, summary_paragraph

    given = [name for name, value in (("--set", args.set), ("--set-file", args.set_file), ("--reset", args.reset or None),
                                      ("--paragraph", args.paragraph or None)) if value is not None]
    if len(given) > 1:
        raise UsageError(f"{' and '.join(given)} contradict each other: give one of them")
    store = open_store(args)
    a = store.load(args.id)
    if args.set is not None or args.set_file is not None or args.reset:
        if args.reset:
            text = ""
        elif args.set_file is not None:
            text = sys.stdin.read() if args.set_file == "-" else Path(args.set_file).read_text("utf-8")
        else:
            text = args.set
        a.executive_summary = text
        store.save(a)
        print("Executive summary " + ("reset to the drafted text." if not text else "saved."))
        return EXIT_OK
    try:
        print(summary_paragraph(a) if args.paragraph else (a.executive_summary or draft_executive_summary(a)))
    except ExportError as exc:
        err(str(exc))
        return EXIT_FAIL
    return EXIT_OK


def register(add: Adder) -> None:
    p = add("new", cmd_new, "create an assessment; prints its id and file")
    p.add_argument("--title", help="name of the proposal")
    from ..editions import DEFAULT_EDITION, REGISTRY

    shipped = ", ".join(REGISTRY.shipped_ids())
    p.add_argument("--edition", default=DEFAULT_EDITION,
                   help=f"template edition (shipped: {shipped}; default {DEFAULT_EDITION}; a council's own: "
                   "cia templates list)")
    p.add_argument("--from-sample", metavar="NAME", help="start from a bundled sample (cdp2020, cx2024)")
    p.add_argument("--sponsor", help="project sponsor's name")
    p.add_argument("--sponsor-role", help="project sponsor's role")
    p.add_argument("--lead", action="append", metavar="NAME", help="project manager or lead (repeatable)")
    p.add_argument("--author", help="author's name")

    p = add("show", cmd_show, "show an assessment as readable text")
    add_id(p)

    p = add("check", cmd_check, "readiness findings; exit 0 when ready, 1 when not")
    add_id(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add("summary", cmd_summary, "print or set the executive summary, or print the report paragraph")
    add_id(p)
    p.add_argument("--paragraph", action="store_true",
                   help="print the 'Community Impact' paragraph for a committee or Cabinet report")
    p.add_argument("--set", metavar="TEXT", help="store TEXT as the edited executive summary")
    p.add_argument("--set-file", metavar="FILE", help="store the text of FILE ('-' for standard input)")
    p.add_argument("--reset", action="store_true", help="forget the edited summary and use the drafted one")
