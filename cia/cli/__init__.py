"""The ``cia`` command line.

Each group of sub-commands is one module of this package with a ``register(add)`` function;
every sub-command imports only what it needs, so listing, showing and checking never load
Textual, python-docx or Jinja2.

Exit codes: 0 success (``check``: ready); 1 not ready or the operation failed;
2 bad usage; 3 no such assessment; 4 a file that cannot be read or is not a
valid assessment; 5 a save refused because someone else saved first; 6 refused by the
review rules (the message names the rule; nothing was changed); 7 the store cannot be
reached (a database server that does not answer).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from typing import Any

from .base import (
    EXIT_BAD_FILE,
    EXIT_CONFLICT,
    EXIT_FAIL,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_UNAVAILABLE,
    EXIT_USAGE,
    Command,
    UsageError,
    err,
)

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_FAIL", "EXIT_USAGE", "EXIT_NOT_FOUND", "EXIT_BAD_FILE",
           "EXIT_CONFLICT", "EXIT_REFUSED", "EXIT_UNAVAILABLE", "UsageError"]

COMMAND_MODULES = [
    "drafting",
    "listing",
    "files",
    "editions",
    "impacts",
    "screening",
    "app",
    "review",
    "comments",
    "risks",
    "history",
    "publish",
    "store_cmd",
]
"""Modules of this package that register sub-commands, in the order ``cia --help`` lists them."""

COMMANDS: dict[str, str] = {
    "new": "drafting", "show": "drafting", "check": "drafting", "summary": "drafting",
    "list": "listing",
    "import": "files", "export-json": "files", "schema": "files", "export": "files",
    "migrate": "editions", "templates": "editions",
    "impacts": "impacts",
    "screen": "screening",
    "open": "app", "demo": "app",
    "whoami": "review", "config": "review", "review": "review", "reopen": "review", "signoff": "review",
    "comment": "comments", "comments": "comments",
    "risks": "risks", "risk": "risks",
    "history": "history", "diff": "history",
    "publish": "publish",
    "store": "store_cmd",
}
"""Which module registers each sub-command, so that running one imports only its own module. A command
missing here still works (every module is imported then); a test keeps this table complete."""

_GLOBAL_VALUE_OPTIONS = ("--store", "--templates")

EPILOG = """\
store: assessments live in one JSON file each, in --store DIR, else $CIA_STORE,
else your user data folder; or, for a team, in a PostgreSQL database given as
--store postgresql://USER@HOST/DB (see 'cia store'). Run 'cia' with no command
to open the app.

exit codes: 0 ok (check: ready), 1 not ready / failed, 2 bad usage,
3 no such assessment, 4 unreadable or invalid file, 5 save conflict,
6 refused by the review rules (nothing changed), 7 store unreachable.
"""


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, finding the terminal's width without importing shutil (and with it lzma and
    bz2), which argparse would do for every option added, help or not."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        if width is None:
            from ..text import terminal_columns

            width = terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class _RawHelpFormatter(_HelpFormatter, argparse.RawDescriptionHelpFormatter):
    """The same, keeping the line breaks of the main description and epilog."""


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the arguments, only with the sub-command they name (or every one when they name
    none that is known, or ask for help before naming one)."""
    modules, command = _needed(argv)
    common = argparse.ArgumentParser(add_help=False, formatter_class=_HelpFormatter)
    common.add_argument("--store", metavar="DIR|URL", default=argparse.SUPPRESS,
                        help="folder of assessments, or a postgresql:// URL (default: $CIA_STORE, else your "
                             "user data folder)")
    common.add_argument("--templates", metavar="DIR", action="append", default=argparse.SUPPRESS,
                        help="a folder of the council's own template editions (besides <store>/templates)")

    parser = argparse.ArgumentParser(
        prog="cia",
        description="Write, check and publish council Community Impact Assessments.",
        epilog=EPILOG,
        formatter_class=_RawHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version="%(prog)s " + _version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Command, help_: str) -> argparse.ArgumentParser:
        if command is not None and name != command:
            return _UNUSED  # type: ignore[return-value]  # another command of the same module
        p = sub.add_parser(name, help=help_, description=help_, parents=[common], formatter_class=_HelpFormatter)
        p.set_defaults(func=func)
        return p

    for module in modules:
        importlib.import_module(f"{__name__}.{module}").register(add)
    return parser


class _Unused:
    """What ``add`` gives for a sub-command the arguments do not name: it takes every call a ``register``
    makes on a parser (arguments, groups, nested sub-commands) and builds nothing."""

    def __getattr__(self, name: str) -> Any:
        return self._ignore

    def _ignore(self, *args: Any, **kwargs: Any) -> _Unused:
        return self


_UNUSED = _Unused()


def _needed(argv: list[str] | None) -> tuple[list[str], str | None]:
    """The command modules a parse of ``argv`` needs (the named command's, none for the app, else all), and
    the one command it names when no other command's parser is needed (None: build every command of those
    modules)."""
    if argv is None:
        return COMMAND_MODULES, None
    words = iter(argv)
    for word in words:
        if word == "--":
            break
        if word in _GLOBAL_VALUE_OPTIONS:
            next(words, None)
        elif word in ("-h", "--help"):
            return COMMAND_MODULES, None
        elif not word.startswith("-"):
            module = COMMANDS.get(word)
            return ([module], word) if module else (COMMAND_MODULES, None)
    return [], None  # no command: the app (or --version)


def _version() -> str:
    from .. import __version__

    return __version__


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        from .app import cmd_app

        args.func = cmd_app
    try:
        return _call(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for the user; CIA_DEBUG=1 shows it
        return _report(exc)


def _call(args: argparse.Namespace) -> int:
    """Run the command; then pass on what its stores want the user told, and close them."""
    collecting = gc.isenabled()
    if getattr(args.func, "reads_one", False):
        gc.disable()  # see base.reads_one; switched back on when the command ends, however it ends
    try:
        return args.func(args)
    finally:
        if collecting:
            gc.enable()
        for store in getattr(args, "_opened_stores", []):
            for notice in store.take_notices():
                err(notice)
            store.close()


def _report(exc: Exception) -> int:
    """One plain message on stderr for an error, and its exit code.

    The error classes are imported here, when something went wrong, so that a command that succeeds
    (``cia list`` above all) never pays for importing the modules that define them.
    """
    from pydantic import ValidationError

    from ..config import ConfigError
    from ..identity import UnknownPerson
    from ..refused import Refused
    from ..store import AssessmentFileError, ConflictError, NotFoundError, StoreError, UnavailableError

    if isinstance(exc, ValidationError):
        from ..model import describe_validation_error

        err("invalid value:\n  " + "\n  ".join(describe_validation_error(exc)))
        return EXIT_USAGE
    if isinstance(exc, BrokenPipeError):
        return EXIT_OK
    codes: list[tuple[type[BaseException] | tuple[type[BaseException], ...], int]] = [
        ((UsageError, UnknownPerson), EXIT_USAGE),
        (Refused, EXIT_REFUSED),
        (ConfigError, EXIT_FAIL),
        (NotFoundError, EXIT_NOT_FOUND),
        (AssessmentFileError, EXIT_BAD_FILE),
        (ConflictError, EXIT_CONFLICT),
        (UnavailableError, EXIT_UNAVAILABLE),
        (StoreError, EXIT_FAIL),
    ]
    for kinds, code in codes:
        if isinstance(exc, kinds):
            err(str(exc))
            return code
    if isinstance(exc, OSError):
        err(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        return EXIT_FAIL
    if os.environ.get("CIA_DEBUG"):
        raise exc
    err(f"unexpected error ({type(exc).__name__}: {exc}). Run with CIA_DEBUG=1 for details.")
    return EXIT_FAIL
