"""The exception for an action or an edit the review rules do not allow (kept light: the CLI catches it)."""

from __future__ import annotations


class Refused(Exception):
    """An action or an edit the rules do not allow; the message says which rule, and what to do."""
