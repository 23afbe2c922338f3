"""Template editions: ``cia templates list | show | check | publish``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .base import EXIT_BAD_FILE, EXIT_FAIL, EXIT_NOT_FOUND, EXIT_OK, Adder, UsageError, err, open_store


def _registry(args: argparse.Namespace):
    from ..editions import REGISTRY

    open_store(args)  # offers <store>/templates and --templates
    return REGISTRY


def cmd_templates_list(args: argparse.Namespace) -> int:
    registry = _registry(args)
    files = registry.files()
    usable = [f for f in files if not f.problem]
    if args.json:
        print(json.dumps([
            {"id": f.id, "version": f.version, "title": f.title, "origin": f.origin, "extends": f.extends,
             "path": f.name, "problem": f.problem}
            for f in files
        ], indent=2, ensure_ascii=False))
        return EXIT_OK
    rows = [("ID", "VERSION", "TITLE", "FROM")]
    for f in usable:
        origin = "shipped with cia" if f.origin == "shipped" else f.name
        if f.extends:
            origin += f" (extends {f.extends})"
        rows.append((f.id, str(f.version), f.title, origin))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r[:3], widths)) + "  " + r[3])
    for f in files:
        if f.problem:
            err(f"{f.name}: cannot be used: {f.problem}")
    return EXIT_OK


def cmd_templates_show(args: argparse.Namespace) -> int:
    from ..editions import EditionFileError
    from ..editions.dump import edition_toml
    from ..editions.registry import parse_ref

    registry = _registry(args)
    try:
        ident, version = parse_ref(args.ref)
        edition = registry.get(ident, version)
    except KeyError as exc:
        err(str(exc.args[0]) if exc.args else str(exc))
        return EXIT_NOT_FOUND
    except EditionFileError as exc:
        err("the edition's file cannot be used:\n  " + "\n  ".join(str(p) for p in exc.problems))
        return EXIT_BAD_FILE
    if args.resolved:
        sys.stdout.write(edition_toml(edition))
        return EXIT_OK
    found = next(f for f in registry.files() if (f.id, f.version) == (edition.id, edition.version))
    sys.stdout.write(found.text if found.text is not None else found.path.read_text(encoding="utf-8-sig"))
    return EXIT_OK


def _summary(edition) -> str:
    areas = sum(len(c.areas) for c in edition.categories)
    based = f", extends {edition.extends}" if edition.extends else ""
    return (f"{edition.id} version {edition.version} — {edition.title}{based}: {len(edition.header)} header fields, "
            f"{len(edition.categories)} categories, {areas} areas, {len(edition.screening.questions)} screening "
            "questions")


def cmd_templates_check(args: argparse.Namespace) -> int:
    from ..editions import EditionFileError

    registry = _registry(args)
    path = Path(args.file)
    try:
        edition = registry.check_file(path)
    except EditionFileError as exc:
        n = _print_problems(exc)
        err(f"{path} is not a usable edition ({n} problem{'s' if n != 1 else ''})")
        return EXIT_BAD_FILE
    print(f"{path}: ok: {_summary(edition)}")
    clash = _clash(registry, path, edition)
    if clash:
        print(f"note: {clash}")
    return EXIT_OK


def _print_problems(exc) -> int:
    """Each problem of an edition file on its own line of stderr (file, line, field); returns how many."""
    for problem in exc.problems:
        print(str(problem), file=sys.stderr)
    return len(exc.problems)


def _clash(registry, path: Path, edition) -> str:
    """Why publishing this file as it is would be refused, if it would."""
    if edition.id in registry.shipped_ids():
        return f"{edition.id!r} is the id of an edition shipped with cia; give the council's edition its own id"
    for f in registry.files():
        if (f.id, f.version) == (edition.id, edition.version) and (f.stored or f.path.resolve() != path.resolve()):
            same = _same_edition(registry, f, edition)
            if same:
                return f"{edition.ref} is already published in {f.name} (the same content)"
            return (f"{edition.ref} is already published in {f.name} with different content; publishing a change "
                    f"needs a new version (version = {max(registry.versions(edition.id)) + 1})")
    return ""


def _same_edition(registry, f, edition) -> bool:
    try:
        return registry.get(f.id, f.version) == edition
    except Exception:
        return False


def cmd_templates_publish(args: argparse.Namespace) -> int:
    """Keep a checked edition with the store (a folder store's templates folder, a database store's editions
    table), never over a published version."""
    from ..editions import EditionFileError
    from ..store import StoreError, UnavailableError

    store = open_store(args)
    from ..editions import REGISTRY as registry

    path = Path(args.file)
    try:
        edition = registry.check_file(path)
    except EditionFileError as exc:
        _print_problems(exc)
        err(f"{path} is not a usable edition; nothing was published")
        return EXIT_BAD_FILE
    clash = _clash(registry, path, edition)
    if clash and "the same content" in clash:
        print(f"{edition.ref} is already published; nothing to do")
        return EXIT_OK
    if clash:
        err(clash)
        return EXIT_FAIL
    try:
        where = store.put_edition(edition.id, edition.version, edition.title, edition.extends,
                                  path.read_text(encoding="utf-8-sig"))
    except UnavailableError:
        raise
    except StoreError as exc:
        err(str(exc))
        return EXIT_FAIL
    registry.refresh()
    print(where)
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    """Move an assessment to another version (or edition) of the template, saying what changes."""
    from ..editions import EditionFileError, get_edition
    from ..editions.migrate import migrate
    from ..model import TrailEvent
    from .. import identity

    store = open_store(args)
    a = store.load(args.id)
    target_ref = args.to.strip()
    try:
        if target_ref.isdigit():
            target = get_edition(a.edition, int(target_ref))
        else:
            target = get_edition(target_ref)
    except KeyError as exc:
        raise UsageError(str(exc.args[0]) if exc.args else str(exc)) from None
    except EditionFileError as exc:
        err("the edition's file cannot be used:\n  " + "\n  ".join(str(p) for p in exc.problems))
        return EXIT_BAD_FILE
    source = a.template.ref
    if (a.edition, a.edition_version) == (target.id, target.version):
        print(f"{a.id} already follows {target.ref}; nothing to do")
        return EXIT_OK
    if a.status == "signed_off" and not args.dry_run:
        raise UsageError(f"{a.title or a.id} is signed off and read-only; reopen it as a new draft first "
                         f"(cia reopen {a.id} --reason \"…\")")
    report = migrate(a, target)
    for line in report.lines():
        print(line)
    if args.dry_run:
        print("(dry run: nothing saved)")
        return EXIT_OK
    a.trail = [*a.trail, TrailEvent(by=identity.current(), action="migrate", from_status=a.status,
                                    to_status=a.status, revision=a.revision + 1,
                                    note=f"Moved from {source} to {target.ref}.")]
    store.save(a)
    print(f"saved {a.id} (revision {a.revision})")
    return EXIT_OK


def register(add: Adder) -> None:
    p = add("migrate", cmd_migrate, "move an assessment to another version (or edition) of its template; every "
            "point is kept")
    p.add_argument("id", help="assessment id (or a unique prefix)")
    p.add_argument("--to", required=True, metavar="VERSION",
                   help="a version of the assessment's edition (2), or an edition (scc-2024-plus, scc-2024-plus@2)")
    p.add_argument("--dry-run", action="store_true", help="only say what would change")

    p = add("templates", _no_subcommand, "the template editions: list, show, check and publish them")
    sub = p.add_subparsers(dest="templates_command", metavar="ACTION")

    def action(name: str, func, help_: str) -> argparse.ArgumentParser:
        q = sub.add_parser(name, help=help_, description=help_)
        q.add_argument("--store", metavar="DIR", default=argparse.SUPPRESS, help="folder of assessments")
        q.add_argument("--templates", metavar="DIR", action="append", default=argparse.SUPPRESS,
                       help="a folder of the council's own template editions")
        q.set_defaults(func=func)
        return q

    q = action("list", cmd_templates_list, "list the editions: shipped, and the council's own")
    q.add_argument("--json", action="store_true", help="as JSON, including files that cannot be used")
    q = action("show", cmd_templates_show, "print an edition as TOML (a council can start its own from it)")
    q.add_argument("ref", metavar="ID[@VERSION]", help="the edition, e.g. 2024 or 2024@1")
    q.add_argument("--resolved", action="store_true",
                   help="the whole edition written out, with anything it extends applied")
    q = action("check", cmd_templates_check, "validate a draft edition file")
    q.add_argument("file", help="the TOML file")
    q = action("publish", cmd_templates_publish,
               "check an edition file and add it to the store (its templates folder, or a database store's "
               "editions table), never over a published version")
    q.add_argument("file", help="the TOML file")


def _no_subcommand(args: argparse.Namespace) -> int:
    raise UsageError("say what to do: cia templates list | show ID | check FILE | publish FILE")
