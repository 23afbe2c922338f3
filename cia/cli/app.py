"""Opening the app: on the store, on one assessment, or on a temporary copy of the samples."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .base import EXIT_OK, EXIT_USAGE, Adder, add_id, open_store

if TYPE_CHECKING:
    from ..store import Store


def has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


NO_TERMINAL = ("cia: the app needs a terminal (its input and output are not one here). "
               "Run it in a terminal, or use the commands (cia --help) from scripts.")


def _run_app(store: Store, assessment_id: str | None = None, *, demo: bool = False) -> int:
    if not has_terminal():
        print(NO_TERMINAL, file=sys.stderr)
        return EXIT_USAGE
    from ..ui.app import run

    return run(store, assessment_id, demo=demo)


def cmd_open(args: argparse.Namespace) -> int:
    store = open_store(args)
    assessment_id = store.resolve_id(args.id)
    return _run_app(store, assessment_id)


def cmd_app(args: argparse.Namespace) -> int:
    from ..store.location import is_url

    store = open_store(args)
    if is_url(store.location):
        store.check_available()  # a database that cannot be reached is a plain message, before the app starts
    return _run_app(store)


def cmd_demo(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    from ..resources import samples_dir
    from ..store import Store

    root = Path(tempfile.mkdtemp(prefix="cia-demo-"))
    for sample in Store(samples_dir()).files():
        shutil.copy2(sample, root / sample.name)
    store = Store(root)
    if args.no_app or not has_terminal():
        from ..render import listing_table

        print(f"Demo store: {root}")
        sys.stdout.write(listing_table(store.list().items))
        print(f"Try: cia --store {root} check cdp2020   (remove the folder when you are done)")
        return EXIT_OK
    try:
        return _run_app(store, demo=True)
    finally:
        store.close()
        shutil.rmtree(root, ignore_errors=True)  # the demo's copy goes with the app


def register(add: Adder) -> None:
    p = add("open", cmd_open, "open an assessment in the app")
    add_id(p)

    p = add("demo", cmd_demo, "open the app on a temporary copy of the sample assessments")
    p.add_argument("--no-app", action="store_true", help="only create the demo store and print where it is")
