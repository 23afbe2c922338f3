"""Who is acting: the name and role every recorded action carries.

``$CIA_USER`` / ``$CIA_ROLE`` override the ``name`` / ``role`` settings (``cia config set name "…"``).
There are no accounts or passwords: a person says who they are, and the record shows it.
"""

from __future__ import annotations

import os

from typing import TYPE_CHECKING

from . import config

if TYPE_CHECKING:
    from .model import Actor

USER_VAR = "CIA_USER"
ROLE_VAR = "CIA_ROLE"
HOW_TO_SET = 'cia config set name "Your Name" and cia config set role "Your role" (or set CIA_USER / CIA_ROLE)'


class UnknownPerson(Exception):
    """Nobody has said who they are, and the action must record it."""


def current() -> Actor:
    """The acting person; name and role may be empty when nothing is set."""
    from .model import SHORT_MAX, Actor

    name = os.environ.get(USER_VAR) or config.get("name") or ""
    role = os.environ.get(ROLE_VAR) or config.get("role") or ""
    return Actor(name=" ".join(name.split())[:SHORT_MAX], role=" ".join(role.split())[:SHORT_MAX])


def source() -> dict[str, str]:
    """Where the name and role come from (for ``cia whoami``)."""
    out = {}
    for key, var in (("name", USER_VAR), ("role", ROLE_VAR)):
        if os.environ.get(var):
            out[key] = f"${var}"
        elif config.get(key):
            out[key] = str(config.path())
        else:
            out[key] = "not set"
    return out


def require() -> Actor:
    """The acting person, who must have a name (every review action records who took it)."""
    actor = current()
    if not actor.name:
        raise UnknownPerson(f"cia does not know who you are, and this action records it. Run {HOW_TO_SET}.")
    return actor
