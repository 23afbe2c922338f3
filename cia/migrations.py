"""Upgrades of the file format: each step turns a version-n document (a plain dict, as read from JSON) into a
version n+1 document, losing nothing.

The store's file-format code calls :func:`upgrade` on every file it reads; the steps are pure functions of the
dict, so they are easy to test on any file.

Version 2 (this wave):
- risks become records ``{id, text, rating, owner, due, key}`` and mitigations ``{id, text, answers}``; the
  texts are kept exactly and in order, with ids ``r1, r2 …`` / ``m1, m2 …`` within each area;
- ``status`` may also be ``signed_off``; ``comments`` and ``trail`` are added (empty).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from .model import SCHEMA_VERSION

Migration = Callable[[dict], dict]


class MigrationError(ValueError):
    """A document that cannot be upgraded, with a message fit to show a person."""


def v1_to_v2(data: dict) -> dict:
    """Schema 1 → 2: risks and mitigations as records; comments and an audit trail."""
    out = copy.deepcopy(data)
    sections = out.get("sections")
    if isinstance(sections, list):
        for section in sections:
            entries = section.get("entries") if isinstance(section, dict) else None
            if not isinstance(entries, list):
                continue
            for entry in entries:
                if not isinstance(entry, dict):
                    continue
                for field, prefix, extra in (("risks", "r", {}), ("mitigations", "m", {"answers": []})):
                    points = entry.get(field)
                    if isinstance(points, list):
                        entry[field] = [
                            {"id": f"{prefix}{i}", "text": p, **copy.deepcopy(extra)} if isinstance(p, str) else p
                            for i, p in enumerate(points, start=1)
                        ]
    out.setdefault("comments", [])
    out.setdefault("trail", [])
    out["schema_version"] = 2
    return out


MIGRATIONS: dict[int, Migration] = {1: v1_to_v2}
"""MIGRATIONS[n] turns a version-n document into a version n+1 document."""


def upgrade(data: dict) -> dict:
    """Bring a document of any known version up to :data:`SCHEMA_VERSION` (the input is not changed)."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise MigrationError("not a cia assessment (no schema_version)")
    if version > SCHEMA_VERSION:
        raise MigrationError(
            f"written by a newer version of cia (schema version {version}); this version reads up to "
            f"{SCHEMA_VERSION}. Upgrade cia to open it."
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationError(f"unknown schema version {version} (this version reads {SCHEMA_VERSION})")
        data = step(data)
        version += 1
        data["schema_version"] = version
    return data
