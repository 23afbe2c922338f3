"""The council template as data: one TOML file per edition, validated into an :class:`Edition`.

An edition declares its header fields (labels, which are required), front sections, categories
(description, prompts, column headings, evidence label) and their areas (name, guiding question,
definition, hint), the cross-cutting first row and its "See first row …" wording, the guidance
shown in the app, its screening questions and the readiness rules that vary between editions.

Shipped: ``2020`` (classic, with front sections, no guiding questions, no Climate Change), ``2021``
(classic, guiding questions, Climate Change; the default) and ``2024`` (protected characteristics
with definitions and a built-in cross-cutting row; a separate Workforce Assessment). A council adds
its own in ``<store>/templates/`` or ``--templates DIR`` (see :mod:`cia.editions.registry`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .files import EditionFile
from .loader import EditionFileError, Problem
from .registry import REGISTRY, TEMPLATES_FOLDER, parse_ref

if TYPE_CHECKING:
    from .schema import (
        AreaDef,
        CategoryDef,
        Columns,
        CrossCutting,
        Edition,
        FirstRowWording,
        FrontSection,
        Guidance,
        HeaderField,
        Screening,
        ScreeningQuestion,
    )

_SCHEMA_NAMES = ("AreaDef", "CategoryDef", "Columns", "CrossCutting", "Edition", "FirstRowWording", "FrontSection",
                 "Guidance", "HeaderField", "Screening", "ScreeningQuestion")

DEFAULT_EDITION = "2021"

# Names of the four point columns in guidance (Guidance.columns is keyed by them).
GROUPS = "groups"
BENEFITS = "benefits"
RISKS = "risks"
MITIGATIONS = "mitigations"


def get_edition(key: str, version: int | None = None) -> Edition:
    """The edition with this id (``"2021"``, or ``"2021@1"``), the latest version unless one is given.

    KeyError names the known editions (or versions); EditionFileError says what is wrong with its file.
    """
    return REGISTRY.get(key, version)


def use_templates(folder: Path | str) -> None:
    """Also offer the council editions in ``folder``."""
    REGISTRY.add_dir(Path(folder))


def use_store(store_root: Path | str) -> None:
    """Also offer the council editions kept with a store (``<store>/templates/``)."""
    REGISTRY.add_store(Path(store_root))


def use_stored(where: str, read) -> None:
    """Also offer the council editions a database store keeps (``read()`` gives (name, TOML) of each, and is
    called when they are first needed); messages name the store ``where``."""
    REGISTRY.add_stored(where, read)


class _Editions(Mapping[str, "Edition"]):
    """Every usable edition by id (its latest version), read when first asked for."""

    def __getitem__(self, key: str) -> Edition:
        try:
            return REGISTRY.get(key)
        except EditionFileError as exc:
            raise KeyError(str(exc)) from None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and REGISTRY.has(key)

    def __iter__(self) -> Iterator[str]:
        return iter(REGISTRY.ids())

    def __len__(self) -> int:
        return len(REGISTRY.ids())

    def __repr__(self) -> str:
        return f"<editions {', '.join(self)}>"


EDITIONS: Mapping[str, "Edition"] = _Editions()


def __getattr__(name: str) -> Any:
    # The edition types (pydantic) are imported on first use, so listing editions stays light;
    # the shipped editions by their old constant names are read on first use.
    if name in _SCHEMA_NAMES:
        from . import schema

        return getattr(schema, name)
    shipped = {"CLASSIC_2020": "2020", "CLASSIC_2021": "2021", "LAYOUT_2024": "2024"}
    if name in shipped:
        return get_edition(shipped[name])
    if name == "CLASSIC_GUIDANCE":
        return get_edition(DEFAULT_EDITION).guidance
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AreaDef",
    "CategoryDef",
    "Columns",
    "CrossCutting",
    "Edition",
    "EditionFile",
    "EditionFileError",
    "FirstRowWording",
    "FrontSection",
    "Guidance",
    "HeaderField",
    "Problem",
    "Screening",
    "ScreeningQuestion",
    "EDITIONS",
    "DEFAULT_EDITION",
    "REGISTRY",
    "TEMPLATES_FOLDER",
    "get_edition",
    "parse_ref",
    "use_store",
    "use_stored",
    "use_templates",
    "GROUPS",
    "BENEFITS",
    "RISKS",
    "MITIGATIONS",
]
