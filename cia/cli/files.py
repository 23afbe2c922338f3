"""Commands that move assessments in and out: JSON import and export, the schema, the Word documents."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .base import EXIT_BAD_FILE, EXIT_FAIL, EXIT_OK, Adder, UsageError, add_id, err, open_store


def cmd_import(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.new_id and args.replace:
        raise UsageError("choose one of --new-id and --replace")
    from ..docx_import import looks_like_word

    if looks_like_word(Path(args.file)) or args.summary:
        return _import_word(args, store)
    a = store.import_file(Path(args.file), new_id_on_clash=args.new_id, replace=args.replace)
    print(a.id)
    print(store.describe(a.id))
    return EXIT_OK


def _import_word(args: argparse.Namespace, store) -> int:  # type: ignore[no-untyped-def]
    from ..docx_import import DocxImportError
    from ..docx_import.into_store import import_docx

    try:
        done = import_docx(store, Path(args.file), new_id_on_clash=args.new_id, replace=args.replace,
                           summary=Path(args.summary) if args.summary else None)
    except DocxImportError as exc:
        err(str(exc))
        return EXIT_BAD_FILE
    print(done.assessment.id)
    print(store.path_for(done.assessment.id))
    print(done.report.text())
    print(f"Assessment {done.action}: {done.assessment.id}")
    return EXIT_OK


def cmd_export_json(args: argparse.Namespace) -> int:
    from ..fsio import UnsafeTargetError, atomic_write
    from ..store.format import to_json

    a = open_store(args).load(args.id)
    text = to_json(a)
    if args.out:
        try:
            atomic_write(Path(args.out), text, safe_target=True)
        except UnsafeTargetError as exc:
            err(str(exc))
            return EXIT_FAIL
        print(args.out)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from ..model import Assessment

    schema = Assessment.model_json_schema()
    schema["title"] = "cia assessment file"
    print(json.dumps(schema, indent=2))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from ..export import ExportError, export_documents

    a = open_store(args).load(args.id)
    full, summary = args.full, args.summary
    if not full and not summary:
        full = summary = True
    out = Path(args.out) if args.out else Path.cwd()
    try:
        paths = export_documents(a, out, full=full, summary=summary)
    except ExportError as exc:
        err(str(exc))
        return EXIT_FAIL
    for p in paths:
        print(p)
    pdf_failed = False
    if getattr(args, "pdf", False):
        from ..export.pdf import PdfError, convert

        try:
            for p in convert(paths):
                print(p)
        except PdfError as exc:
            err(str(exc))
            pdf_failed = True
    from ..checks import check

    errors = sum(f.is_error for f in check(a))
    if errors:
        err(f"note: {errors} error{'s' if errors != 1 else ''} still to fix before this CIA is ready "
             f"(cia check {a.id}); the documents are marked with the status '{a.status}'.")
    return EXIT_FAIL if pdf_failed else EXIT_OK


def register(add: Adder) -> None:
    p = add("import", cmd_import, "add an assessment to the store from a JSON file or a Word CIA (.docx)")
    p.add_argument("file", help="a file in cia's JSON format (see 'cia schema'), or a CIA in Word: the "
                   "council's template (2020, 2021, 2024) or a full CIA exported by cia")
    p.add_argument("--summary", metavar="FILE",
                   help="with a .docx: the Checklist and Executive Summary exported with it (read "
                   "automatically when it lies beside the full CIA)")
    p.add_argument("--new-id", action="store_true", help="if the id is taken, import as a copy with a new id")
    p.add_argument("--replace", action="store_true",
                   help="if the id is taken, update that assessment from the file (refused if it was saved since)")

    p = add("export-json", cmd_export_json, "write an assessment in cia's JSON format")
    add_id(p)
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")

    add("schema", cmd_schema, "print the JSON Schema of the assessment file format")

    p = add("export", cmd_export, "write the Word documents: full CIA and Checklist and Executive Summary")
    add_id(p)
    p.add_argument("--out", metavar="DIR", help="folder to write to (default: the current folder)")
    p.add_argument("--full", action="store_true", help="the full CIA (Background Paper)")
    p.add_argument("--summary", action="store_true", help="the Checklist and Executive Summary (Cabinet Papers)")
    p.add_argument("--pdf", action="store_true",
                   help="also write a PDF of each document next to it (needs LibreOffice's soffice)")
