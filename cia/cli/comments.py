"""Comments: ``cia comment ID LOCATION "text"``, ``--reply N``, ``--resolve N``; ``cia comments ID``."""

from __future__ import annotations

import argparse
import json

from .base import EXIT_OK, Adder, UsageError, add_id, open_store


def _when(dt) -> str:
    return dt.strftime("%d %b %Y %H:%M").lstrip("0")


def cmd_comment(args: argparse.Namespace) -> int:
    from .. import comments, identity

    store = open_store(args)
    a = store.load(args.id)
    actor = identity.require()
    try:
        if args.resolve is not None:
            if args.location or args.text:
                raise UsageError("--resolve N takes no location or text (use --note for a resolution note)")
            c = comments.resolve(a, args.resolve, actor, args.note or "")
            store.save(a)
            print(f"Comment {c.n} resolved.")
            return EXIT_OK
        if args.reply is not None:
            number, text = args.reply
            if not number.isdigit():
                raise UsageError("give the comment's number and the reply: cia comment ID --reply N \"text\"")
            if args.location or args.text:
                raise UsageError("--reply N \"text\" takes no location")
            c = comments.reply(a, int(number), text, actor)
            store.save(a)
            print(f"Reply added to comment {c.n}.")
            return EXIT_OK
        if not args.location or args.text is None:
            raise UsageError("give a location and the text: cia comment ID psed/race/risks/1 \"text\" "
                             "(cia check ID prints the locations)")
        c = comments.add(a, args.location, args.text, actor)
    except comments.CommentError as exc:
        raise UsageError(str(exc)) from None
    store.save(a)
    print(f"Comment {c.n} added on {comments.where(a, c)}.")
    return EXIT_OK


def cmd_comments(args: argparse.Namespace) -> int:
    from .. import comments

    a = open_store(args).load(args.id)
    items = [c for c in a.comments if c.is_open] if args.open else list(a.comments)
    if args.json:
        print(json.dumps([{
            "n": c.n, "location": c.location, "where": comments.where(a, c), "text": c.text,
            "author": c.by.name, "role": c.by.role, "at": c.at.isoformat(),
            "status": "open" if c.is_open else "resolved",
            "resolved_by": c.resolved_by.name if c.resolved_by else None,
            "resolved_role": c.resolved_by.role if c.resolved_by else None,
            "resolved_at": c.resolved_at.isoformat() if c.resolved_at else None,
            "resolution": c.resolution,
            "replies": [{"author": r.by.name, "role": r.by.role, "at": r.at.isoformat(), "text": r.text}
                        for r in c.replies],
        } for c in items], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not items:
        print("No open comments." if args.open else "No comments.")
        return EXIT_OK
    for c in items:
        state = "open" if c.is_open else "resolved"
        print(f"{c.n}. [{state}] {comments.where(a, c)}  ({c.location})")
        print(f"   {c.by.display()}, {_when(c.at)}: {c.text}")
        for r in c.replies:
            print(f"   ↳ {r.by.display()}, {_when(r.at)}: {r.text}")
        if c.resolved:
            who = c.resolved_by.display() if c.resolved_by else "someone"
            note = f": {c.resolution}" if c.resolution else ""
            print(f"   resolved by {who}, {_when(c.resolved_at) if c.resolved_at else ''}{note}")
    return EXIT_OK


def register(add: Adder) -> None:
    p = add("comment", cmd_comment,
            "comment on a place in an assessment, answer a comment (--reply N) or resolve one (--resolve N)")
    add_id(p)
    p.add_argument("location", nargs="?", help="where, as cia check prints it: psed/race/risks/1, details/title …")
    p.add_argument("text", nargs="?", help="the comment")
    p.add_argument("--resolve", type=int, metavar="N", help="resolve comment N")
    p.add_argument("--reply", nargs=2, metavar=("N", "TEXT"), help="answer comment N")
    p.add_argument("--note", metavar="TEXT", help="with --resolve: how it was resolved")

    p = add("comments", cmd_comments, "list the comments on an assessment")
    add_id(p)
    p.add_argument("--open", action="store_true", help="only the open ones")
    p.add_argument("--json", action="store_true", help="machine-readable output")
