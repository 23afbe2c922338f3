"""A council's own template edition for tests: the 2024 layout plus a Carers characteristic, as a council
publishes it (``cia templates publish``), and a second one like it under another id."""

from __future__ import annotations

SHIRE = """\
id = "shire-2024"
version = 1
title = "Shire template: 2024 plus Carers"
extends = "2024"

[[categories]]
key = "psed"

[[categories.areas]]
key = "carers"
name = "Carers"
definition = "people who look after a family member, partner or friend who needs help"
kind = "protected_characteristic"
"""

CABINET_MEMBER = """\
[[header]]
key = "cabinet_member"
label = "Cabinet Member"
required = true
after = "author"
"""
"""A header field the council adds after the author."""


def with_header(edition: str, header: str = CABINET_MEMBER) -> str:
    """The edition with ``header`` added after its ``extends`` line."""
    return edition.replace('extends = "2024"\n', f'extends = "2024"\n\n{header}', 1)


def other(edition: str) -> str:
    """The same edition under another id and title (the Vale's)."""
    return edition.replace("shire-2024", "vale-2024").replace("Shire template", "Vale template")
