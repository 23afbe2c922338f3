"""``cia store init`` (create or upgrade a store) and ``cia store copy SOURCE DEST`` (move between stores)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .base import EXIT_BAD_FILE, EXIT_FAIL, EXIT_OK, Adder, err

if TYPE_CHECKING:
    from ..editions.store_copy import EditionsCopied
    from ..store import Store


def cmd_store_init(args: argparse.Namespace) -> int:
    from ..store import resolve_store_location
    from ..store.location import is_url

    location = resolve_store_location(getattr(args, "store", None))
    if not is_url(str(location)):
        from pathlib import Path

        path = Path(location)
        if path.exists() and not path.is_dir():
            err(f"{path} is not a folder")
            return EXIT_FAIL
        existed = path.is_dir()
        path.mkdir(parents=True, exist_ok=True)
        print(f"{path}: {'already a store folder' if existed else 'created an empty store folder'}")
        return EXIT_OK
    from ..store.postgres.connection import Target
    from ..store.postgres.schema import init

    target = Target(str(location))
    result = init(target)
    if not result.applied:
        print(f"{target.where}: already up to date (cia database schema version {result.after})")
    elif result.before is None:
        print(f"{target.where}: created the cia tables (schema version {result.after})")
    else:
        print(f"{target.where}: upgraded from schema version {result.before} to {result.after} "
              f"({', '.join(result.applied)})")
    return EXIT_OK


@dataclass
class CopyReport:
    copied: int = 0
    revisions: int = 0
    same: int = 0
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    editions: EditionsCopied | None = None
    """The council's template editions carried across."""


def copy_store(source: Store, dest: Store, *, progress: bool = False) -> CopyReport:
    """Copy every assessment, with its kept revisions, from ``source`` to ``dest``; each one whole or not at all.

    An assessment that cannot be read is reported and skipped; one that ``dest`` already holds at the same
    revision with the same content is counted as already there; one ``dest`` holds at another revision is
    refused (never overwritten).
    """
    from ..store import AssessmentFileError, ConflictError, NotFoundError
    from ..store.format import to_json

    from ..editions import use_store, use_stored
    from ..editions.store_copy import copy_editions

    report = CopyReport()
    # the council's editions first, and known here: the assessments that follow them are read with them
    report.editions = copy_editions(source, dest)
    for store in (source, dest):
        root = getattr(store, "root", None)
        if root is not None:
            use_store(root)
        else:
            use_stored(store.editions_where, store.edition_files)
    listing = source.list()
    for problem in listing.problems:
        report.skipped.append(f"{problem.path}: {problem.reason}")
    unreadable = {str(p.path) for p in listing.problems}
    there_already = set(dest.ids())
    for assessment_id in source.ids():
        try:
            current = source.load(assessment_id)
        except AssessmentFileError as exc:
            where = source.describe(assessment_id)
            if where not in unreadable:
                report.skipped.append(f"{where}: {exc.reason}")
            continue
        except NotFoundError:
            continue  # deleted meanwhile
        history = []
        for info in source.history(assessment_id):
            if info.current or info.revision >= current.revision:
                continue
            try:
                history.append(source.load_revision(assessment_id, info.revision))
            except (AssessmentFileError, NotFoundError) as exc:
                report.skipped.append(f"revision {info.revision} of {assessment_id}: {exc}")
        if assessment_id in there_already:
            try:
                there = dest.load(assessment_id)
            except AssessmentFileError as exc:
                report.refused.append(f"{dest.describe(assessment_id)} cannot be read ({exc.reason}); left as it is")
                continue
            if there.revision == current.revision and to_json(there) == to_json(current):
                report.same += 1
                continue
            report.refused.append(f"{assessment_id}: {dest.location} already holds it at revision {there.revision} "
                                  f"(the source is at {current.revision}); left as it is")
            continue
        try:
            dest.put_copy(current, history)
        except ConflictError as exc:
            report.refused.append(f"{assessment_id}: {exc}")
            continue
        report.copied += 1
        report.revisions += len(history)
        if progress and report.copied % 500 == 0:
            err(f"copied {report.copied}…")
    return report


def cmd_store_copy(args: argparse.Namespace) -> int:
    from ..store import open_store as _open, resolve_store_location

    source = _open(resolve_store_location(args.source))
    dest = _open(resolve_store_location(args.dest))
    if source.location == dest.location:
        err("the source and the destination are the same store")
        return EXIT_FAIL
    source.check_available()
    with source, dest:
        report = copy_store(source, dest, progress=True)
    print(f"copied {report.copied} assessment{'s' if report.copied != 1 else ''} "
          f"with {report.revisions} earlier revision{'s' if report.revisions != 1 else ''} "
          f"from {source.location} to {dest.location}")
    if report.same:
        print(f"{report.same} already there, unchanged")
    editions = report.editions
    if editions is not None and (editions.copied or editions.same):
        print(f"copied {len(editions.copied)} council template edition{'s' if len(editions.copied) != 1 else ''}"
              + (f" ({', '.join(editions.copied)})" if editions.copied else "")
              + (f"; {editions.same} already there" if editions.same else ""))
    for line in editions.refused if editions else []:
        err(f"template edition not copied: {line}")
    for line in editions.skipped if editions else []:
        err(f"template edition skipped (cannot be used): {line}")
    for line in report.refused:
        err(f"not copied: {line}")
    for line in report.skipped:
        err(f"skipped (cannot be read): {line}")
    if report.skipped or (editions and editions.skipped):
        return EXIT_BAD_FILE
    return EXIT_FAIL if report.refused or (editions and editions.refused) else EXIT_OK


def register(add: Adder) -> None:
    p = add("store", _store_help, "set up a store, or copy every assessment from one store to another")
    sub = p.add_subparsers(dest="store_command", metavar="ACTION")
    init = sub.add_parser("init",
                          help="create or upgrade the store (the database tables, for a postgresql:// store)",
                          description="Create or upgrade the store given by --store / $CIA_STORE / the config "
                                      "file: a folder is created; a PostgreSQL database gets cia's tables, or "
                                      "is upgraded to this cia's schema. A database set up by a newer cia is "
                                      "refused, unchanged.")
    init.add_argument("--store", metavar="DIR|URL", default=argparse.SUPPRESS,
                      help="folder or postgresql:// URL (default: $CIA_STORE, else the config file, else your "
                           "user data folder)")
    init.set_defaults(func=cmd_store_init)
    copy = sub.add_parser("copy", help="copy every assessment, with its history, from SOURCE to DEST",
                          description="Copy every assessment (its kept revisions, comments and trail with it) "
                                      "from one store to another: a folder or a postgresql:// URL on either "
                                      "side. Unreadable files are reported and skipped; an assessment DEST "
                                      "already holds is never overwritten. Exit 0 when everything was copied, "
                                      "4 when unreadable files were skipped, 1 when some were refused.")
    copy.add_argument("source", metavar="SOURCE", help="folder or postgresql:// URL to copy from")
    copy.add_argument("dest", metavar="DEST", help="folder or postgresql:// URL to copy to")
    copy.set_defaults(func=cmd_store_copy)


def _store_help(args: argparse.Namespace) -> int:
    err("choose an action: cia store init | cia store copy SOURCE DEST (see cia store --help)")
    return 2
