"""Who is acting, and the review workflow: ``whoami``, ``config``, ``review``, ``signoff``, ``reopen``."""

from __future__ import annotations

import argparse

from .base import EXIT_FAIL, EXIT_OK, Adder, UsageError, add_id, open_store


def cmd_whoami(args: argparse.Namespace) -> int:
    from .. import identity

    actor = identity.current()
    if not actor.name:
        print(f"cia does not know who you are. Run {identity.HOW_TO_SET}.")
        return EXIT_FAIL
    print(actor.display())
    sources = identity.source()
    print(f"name from {sources['name']}; role from {sources['role']}")
    return EXIT_OK


def cmd_config(args: argparse.Namespace) -> int:
    from .. import config

    if args.action in (None, "list"):
        values = config.load()
        print(f"Settings file: {config.path()}")
        for key, help_ in config.KEYS.items():
            print(f"  {key} = {values[key]!r}" if key in values else f"  {key} (not set): {help_}")
        return EXIT_OK
    if args.action == "path":
        print(config.path())
        return EXIT_OK
    if not args.key:
        raise UsageError(f"say which setting: cia config {args.action} KEY ({', '.join(config.KEYS)})")
    if args.key not in config.KEYS:
        raise UsageError(f"there is no setting {args.key!r} (settings: {', '.join(config.KEYS)})")
    if args.action == "get":
        value = config.get(args.key)
        if value is None:
            return EXIT_FAIL
        print(value)
        return EXIT_OK
    if args.action == "unset":
        config.unset(args.key)
        print(f"{args.key} removed from {config.path()}")
        return EXIT_OK
    if args.value is None:
        raise UsageError(f"give the value: cia config set {args.key} \"…\"")
    path = config.set(args.key, args.value)
    print(f"{args.key} = {config.get(args.key)!r} (saved in {path})")
    return EXIT_OK


def _status_and_actions(a, actor) -> str:
    from ..workflow import available, status_label

    lines = [f"{a.title or a.id}: {status_label(a.status)} (revision {a.revision})"]
    for t, refused in available(a, actor):
        mark = "  " if refused is None else "  (not now) "
        lines.append(f"{mark}cia review {a.id} {t.action}: {t.description}" if t.action != "reopen"
                     else f"{mark}cia reopen {a.id} --reason \"…\": {t.description}")
        if refused:
            lines.append("      " + refused.splitlines()[0])
    from ..register import key_risks

    chosen = key_risks(a)
    if chosen.proposed and chosen.rows:
        lines.append(f"No key risks are flagged: the summary proposes {len(chosen.rows)}. Confirm them with "
                     f"cia risk {a.id} LOCATION --key (cia risks {a.id} lists them).")
    open_n = sum(c.is_open for c in a.comments)
    if open_n:
        lines.append(f"{open_n} open comment{'s' if open_n != 1 else ''} (cia comments {a.id} --open)")
    return "\n".join(lines)


def cmd_review(args: argparse.Namespace) -> int:
    from .. import identity, workflow

    store = open_store(args)
    a = store.load(args.id)
    if args.action is None:
        print(_status_and_actions(a, identity.current()))
        return EXIT_OK
    actor = identity.require()
    event = workflow.apply(a, args.action, actor, args.note or "")
    store.save(a)
    print(workflow.done_message(a, args.action))
    if event.warnings:
        n = len(event.warnings)
        print(f"{n} warning{'s' if n != 1 else ''} recorded with the submission:")
        for w in event.warnings:
            print(f"  - {w}")
    return EXIT_OK


def cmd_reopen(args: argparse.Namespace) -> int:
    from .. import identity, workflow

    store = open_store(args)
    a = store.load(args.id)
    actor = identity.require()
    workflow.apply(a, "reopen", actor, args.reason or "")
    store.save(a)
    print(workflow.done_message(a, "reopen"))
    return EXIT_OK


def cmd_signoff(args: argparse.Namespace) -> int:
    from .. import identity, workflow
    from ..model import SignOff

    store = open_store(args)
    a = store.load(args.id)
    actor = identity.require()
    workflow.record_signoff(a, SignOff(name=args.name, role=args.role or "", date=args.date or "",
                                       decision=args.decision or ""), actor)
    store.save(a)
    n = len(a.signoffs)
    print(f"Sign-off by {args.name} recorded ({n} in all). Close it with: cia review {a.id} signoff")
    return EXIT_OK


def register(add: Adder) -> None:
    p = add("whoami", cmd_whoami, "who cia records as acting (name and role)")

    p = add("config", cmd_config, "show or change your settings (name, role, store)")
    p.add_argument("action", nargs="?", choices=["list", "get", "set", "unset", "path"])
    p.add_argument("key", nargs="?", help="name, role or store")
    p.add_argument("value", nargs="?")

    p = add("review", cmd_review,
            "review workflow: submit, return (request changes), approve, signoff (close); no action: status")
    add_id(p)
    p.add_argument("action", nargs="?", choices=["submit", "return", "approve", "signoff"])
    p.add_argument("--note", metavar="TEXT", help="a note recorded with the action in the audit trail")

    p = add("reopen", cmd_reopen, "start a new draft of an approved or signed-off assessment (the signed one is kept)")
    add_id(p)
    p.add_argument("--reason", required=True, metavar="TEXT", help="why it is reopened (kept in the audit trail)")

    p = add("signoff", cmd_signoff, "record a sign-off of an approved assessment (shown in the summary)")
    add_id(p)
    p.add_argument("--name", required=True)
    p.add_argument("--role")
    p.add_argument("--date")
    p.add_argument("--decision", help='e.g. "Approved"')
