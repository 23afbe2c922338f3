"""``cia publish ID --out DIR [--draft]``: the files the cabinet papers team attaches."""

from __future__ import annotations

import argparse
from pathlib import Path

from .base import EXIT_FAIL, EXIT_OK, Adder, add_id, err, open_store


def cmd_publish(args: argparse.Namespace) -> int:
    from ..export import ExportError
    from ..export.publish import PublishRefused, publish
    from ..workflow import Refused

    a = open_store(args).load(args.id)
    try:
        done = publish(a, Path(args.out), draft=args.draft)
    except PublishRefused as exc:
        raise Refused(str(exc)) from None
    except ExportError as exc:
        err(str(exc))
        return EXIT_FAIL
    print(f"Published {a.title or a.id}" + (" as a DRAFT" if done.draft else "") + f" to {Path(args.out)}:")
    for path, label in done.files:
        print(f"  {path.name}  {label}")
    if args.pdf:
        from ..export.pdf import PdfError, convert

        try:
            for path in convert(done.documents):
                print(f"  {path.name}  PDF")
        except PdfError as exc:
            err(str(exc))
            return EXIT_FAIL
    return EXIT_OK


def register(add: Adder) -> None:
    p = add("publish", cmd_publish,
            "write what the cabinet papers team attaches (signed-off assessments; --draft for a marked copy)")
    add_id(p)
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the files to")
    p.add_argument("--draft", action="store_true", help="publish an assessment not yet signed off, marked DRAFT")
    p.add_argument("--pdf", action="store_true",
                   help="also a PDF of each Word document (needs LibreOffice's soffice)")
