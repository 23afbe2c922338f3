"""The ``cia`` command line.

Every sub-command imports only what it needs: listing, showing and checking never
load Textual, python-docx or Jinja2.

Exit codes: 0 success (``check``: ready); 1 not ready or the operation failed;
2 bad usage; 3 no such assessment; 4 a file that cannot be read or is not a
valid assessment; 5 a save refused because someone else saved first.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .store import Store

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_BAD_FILE = 4
EXIT_CONFLICT = 5

EPILOG = """\
store: assessments live in one JSON file each, in --store DIR, else $CIA_STORE,
else your user data folder. Run 'cia' with no command to open the app.

exit codes: 0 ok (check: ready), 1 not ready / failed, 2 bad usage,
3 no such assessment, 4 unreadable or invalid file, 5 save conflict.
"""


class UsageError(Exception):
    pass


def _err(message: str) -> None:
    print(f"cia: {message}", file=sys.stderr)


def _store(args: argparse.Namespace) -> Store:
    from .store import Store, resolve_store_dir

    return Store(resolve_store_dir(getattr(args, "store", None)))


# --- commands -------------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from .model import Person, new_assessment
    from .store import read_file

    store = _store(args)
    if args.from_sample:
        from .resources import samples_dir
        from .model import new_id, now

        path = samples_dir() / f"{args.from_sample}.json"
        if not path.is_file():
            from .store import Store

            names = ", ".join(p.stem for p in Store(samples_dir()).files())
            raise UsageError(f"no sample {args.from_sample!r} (samples: {names})")
        a = read_file(path)
        a.id, a.revision, a.status, a.signoffs = new_id(), 0, "draft", []
        a.created = a.updated = now()
        if args.title:
            a.header.title = args.title
    else:
        if not args.title or not args.title.strip():
            raise UsageError("give a title: cia new --title \"Name of proposal\"")
        from .categories import EDITIONS

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


def cmd_list(args: argparse.Namespace) -> int:
    from .render import listing_table

    store = _store(args)
    listing = store.list()
    if args.json:
        rows = [
            {"id": s.id, "title": s.title, "status": s.status, "lead": s.lead, "updated": s.updated.isoformat(),
             "done": s.done, "total": s.total, "edition": s.edition, "path": str(s.path)}
            for s in listing.items
        ]
        problems = [{"file": str(p.path), "reason": p.reason, "details": list(p.details)} for p in listing.problems]
        print(json.dumps({"store": str(store.root), "assessments": rows, "unreadable": problems}, indent=2))
    else:
        if listing.items:
            sys.stdout.write(listing_table(listing.items))
        else:
            print(f"No assessments in {store.root}. Create one with: cia new --title \"…\"")
    for p in listing.problems:
        _err(f"cannot read {p.path}: {p.reason}")
        for d in p.details:
            print(f"    {d}", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from .render import show

    a = _store(args).load(args.id)
    sys.stdout.write(show(a))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .checks import check, is_ready
    from .render import findings_text

    a = _store(args).load(args.id)
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


def cmd_import(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.new_id and args.replace:
        raise UsageError("choose one of --new-id and --replace")
    a = store.import_file(Path(args.file), new_id_on_clash=args.new_id, replace=args.replace)
    print(a.id)
    print(store.path_for(a.id))
    return EXIT_OK


def cmd_export_json(args: argparse.Namespace) -> int:
    from .store import atomic_write, to_json

    a = _store(args).load(args.id)
    text = to_json(a)
    if args.out:
        atomic_write(Path(args.out), text)
        print(args.out)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .model import Assessment

    schema = Assessment.model_json_schema()
    schema["title"] = "cia assessment file"
    print(json.dumps(schema, indent=2))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .export import ExportError, export_documents

    a = _store(args).load(args.id)
    full, summary = args.full, args.summary
    if not full and not summary:
        full = summary = True
    out = Path(args.out) if args.out else Path.cwd()
    try:
        paths = export_documents(a, out, full=full, summary=summary)
    except ExportError as exc:
        _err(str(exc))
        return EXIT_FAIL
    for p in paths:
        print(p)
    from .checks import check

    errors = sum(f.is_error for f in check(a))
    if errors:
        _err(f"note: {errors} error{'s' if errors != 1 else ''} still to fix before this CIA is ready "
             f"(cia check {a.id}); the documents are marked with the status '{a.status}'.")
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from .export import ExportError, draft_executive_summary, summary_paragraph

    store = _store(args)
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
        _err(str(exc))
        return EXIT_FAIL
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from .model import STATUS_LABELS

    store = _store(args)
    a = store.load(args.id)
    if args.status is None:
        print(STATUS_LABELS[a.status])
        return EXIT_OK
    a.status = args.status
    store.save(a)
    print(f"{a.title or a.id}: {STATUS_LABELS[a.status]}")
    return EXIT_OK


def cmd_signoff(args: argparse.Namespace) -> int:
    from .model import SignOff

    store = _store(args)
    a = store.load(args.id)
    a.signoffs = [*a.signoffs, SignOff(name=args.name, role=args.role or "", date=args.date or "",
                                       decision=args.decision or "")]
    store.save(a)
    print(f"Sign-off by {args.name} recorded ({len(a.signoffs)} in all).")
    return EXIT_OK


def _run_app(store: Store, assessment_id: str | None = None, *, demo: bool = False) -> int:
    from .ui.app import run

    return run(store, assessment_id, demo=demo)


def cmd_open(args: argparse.Namespace) -> int:
    store = _store(args)
    assessment_id = store.resolve_id(args.id)
    return _run_app(store, assessment_id)


def cmd_app(args: argparse.Namespace) -> int:
    return _run_app(_store(args))


def cmd_demo(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    from .resources import samples_dir
    from .store import Store

    root = Path(tempfile.mkdtemp(prefix="cia-demo-"))
    for sample in Store(samples_dir()).files():
        shutil.copy2(sample, root / sample.name)
    store = Store(root)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if args.no_app or not interactive:
        from .render import listing_table

        print(f"Demo store: {root}")
        sys.stdout.write(listing_table(store.list().items))
        print(f"Try: cia --store {root} check cdp2020")
        return EXIT_OK
    return _run_app(store, demo=True)


# --- parser ---------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", metavar="DIR", default=argparse.SUPPRESS,
                        help="folder of assessments (default: $CIA_STORE, else your user data folder)")

    parser = argparse.ArgumentParser(
        prog="cia",
        description="Write, check and publish council Community Impact Assessments.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version="%(prog)s " + _version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, parents=[common])
        p.set_defaults(func=func)
        return p

    p = add("new", cmd_new, "create an assessment; prints its id and file")
    p.add_argument("--title", help="name of the proposal")
    p.add_argument("--edition", default="2021", help="template edition: 2021 (classic, default) or 2024")
    p.add_argument("--from-sample", metavar="NAME", help="start from a bundled sample (cdp2020, cx2024)")
    p.add_argument("--sponsor", help="project sponsor's name")
    p.add_argument("--sponsor-role", help="project sponsor's role")
    p.add_argument("--lead", action="append", metavar="NAME", help="project manager or lead (repeatable)")
    p.add_argument("--author", help="author's name")

    p = add("list", cmd_list, "list the assessments in the store")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add("show", cmd_show, "show an assessment as readable text")
    p.add_argument("id", help="assessment id (or a unique prefix)")

    p = add("check", cmd_check, "readiness findings; exit 0 when ready, 1 when not")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add("import", cmd_import, "add an assessment JSON file to the store (the file is validated first)")
    p.add_argument("file", help="a file in cia's JSON format (see 'cia schema')")
    p.add_argument("--new-id", action="store_true", help="if the id is taken, import as a copy with a new id")
    p.add_argument("--replace", action="store_true",
                   help="if the id is taken, update that assessment from the file (refused if it was saved since)")

    p = add("export-json", cmd_export_json, "write an assessment in cia's JSON format")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")

    add("schema", cmd_schema, "print the JSON Schema of the assessment file format")

    p = add("export", cmd_export, "write the Word documents: full CIA and Checklist and Executive Summary")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("--out", metavar="DIR", help="folder to write to (default: the current folder)")
    p.add_argument("--full", action="store_true", help="the full CIA (Background Paper)")
    p.add_argument("--summary", action="store_true", help="the Checklist and Executive Summary (Cabinet Papers)")

    p = add("summary", cmd_summary, "print or set the executive summary, or print the report paragraph")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("--paragraph", action="store_true",
                   help="print the 'Community Impact' paragraph for a committee or Cabinet report")
    p.add_argument("--set", metavar="TEXT", help="store TEXT as the edited executive summary")
    p.add_argument("--set-file", metavar="FILE", help="store the text of FILE ('-' for standard input)")
    p.add_argument("--reset", action="store_true", help="forget the edited summary and use the drafted one")

    p = add("status", cmd_status, "show or set the review status")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("status", nargs="?", choices=["draft", "in_review", "changes_requested", "approved"])

    p = add("signoff", cmd_signoff, "record a sign-off (shown in the Checklist and Executive Summary)")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("--name", required=True)
    p.add_argument("--role")
    p.add_argument("--date")
    p.add_argument("--decision", help='e.g. "Approved"')

    p = add("open", cmd_open, "open an assessment in the app")
    p.add_argument("id", help="assessment id (or a unique prefix)")

    p = add("demo", cmd_demo, "open the app on a temporary copy of the sample assessments")
    p.add_argument("--no-app", action="store_true", help="only create the demo store and print where it is")

    return parser


def _version() -> str:
    from . import __version__

    return __version__


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", cmd_app)
    from .store import AssessmentFileError, ConflictError, NotFoundError, StoreError

    try:
        return func(args)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except NotFoundError as exc:
        _err(str(exc))
        return EXIT_NOT_FOUND
    except AssessmentFileError as exc:
        _err(str(exc))
        return EXIT_BAD_FILE
    except ConflictError as exc:
        _err(str(exc))
        return EXIT_CONFLICT
    except StoreError as exc:
        _err(str(exc))
        return EXIT_FAIL
    except _validation_error() as exc:
        from .model import describe_validation_error

        _err("invalid value:\n  " + "\n  ".join(describe_validation_error(exc)))  # type: ignore[arg-type]
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        _err(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        return EXIT_FAIL
    except Exception as exc:  # never a traceback for the user; CIA_DEBUG=1 shows it
        if os.environ.get("CIA_DEBUG"):
            raise
        _err(f"unexpected error ({type(exc).__name__}: {exc}). Run with CIA_DEBUG=1 for details.")
        return EXIT_FAIL


def _validation_error() -> type[Exception]:
    from pydantic import ValidationError

    return ValidationError


if __name__ == "__main__":
    sys.exit(main())
