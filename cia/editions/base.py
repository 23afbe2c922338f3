"""What every model of an edition file is built on: the frozen base and the lengths and shapes of its text."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Key = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9_]*$")]
EditionId = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-.]*$")]
Short = Annotated[str, StringConstraints(max_length=500)]
Long = Annotated[str, StringConstraints(max_length=5_000)]


class _Frozen(BaseModel):
    # no ``from __future__ import annotations`` in this module: see cia.model.fields.Strict
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
