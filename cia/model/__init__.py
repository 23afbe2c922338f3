"""The assessment model: everything the council template asks for, as pydantic v2 models.

Structure is validated here (types, lengths, enums, unknown fields); whether an
assessment is *ready* is the job of :mod:`cia.checks`. A draft that is
incomplete is perfectly valid: it must always be saveable.

The package is split by responsibility; every name is importable from ``cia.model``.
"""

from __future__ import annotations

from pydantic import ValidationError

from .areas import AreaEntry, CategorySection, EvidenceItem, FirstRowRefs, ImpactLine
from .assessment import Assessment, SignOff, _ensure_areas, _in_template_order, new_assessment
from .errors import _location, describe_validation_error
from .fields import (
    APPROVED_STATUSES,
    AREA_STATUS_LABELS,
    FIELD_LABELS,
    LEADS_MAX,
    POINT_MAX,
    POINTS_MAX,
    SCHEMA_VERSION,
    SHORT_MAX,
    SIGNOFFS_MAX,
    STATUS_LABELS,
    TEXT_MAX,
    URL_MAX,
    AreaStatus,
    Line,
    Point,
    PointField,
    Points,
    RefField,
    Status,
    Strict,
    Text,
    Time,
    Url,
    as_utc,
    new_id,
    now,
)
from .header import Engagement, Header, Person
from .review import Action, Actor, Comment, Reply, TrailEvent
from .screening import ANSWER_LABELS, OUTCOME_LABELS, ScreeningAnswer, ScreeningRecord
from .risks import RATING_LABELS, RATING_RANK, RATINGS, Mitigation, Rating, Risk, is_real_risk



def _model_classes() -> list[type[Strict]]:
    """Every model class of this package, in a fixed order."""
    out: list[type[Strict]] = []
    todo = [Strict]
    while todo:
        for sub in todo.pop(0).__subclasses__():
            if sub.__module__.startswith(__name__ + ".") and sub not in out:
                out.append(sub)
                todo.append(sub)
    return sorted(out, key=lambda c: (c.__module__, c.__qualname__))


from ..prebuilt import install as _install_prebuilt  # noqa: E402

_install_prebuilt("model", _model_classes())

__all__ = [
    "APPROVED_STATUSES",
    "AREA_STATUS_LABELS", "FIELD_LABELS", "LEADS_MAX", "POINT_MAX", "POINTS_MAX", "SCHEMA_VERSION", "SHORT_MAX", "SIGNOFFS_MAX", "STATUS_LABELS",
    "TEXT_MAX", "URL_MAX", "AreaEntry", "AreaStatus", "Assessment", "CategorySection", "Engagement", "EvidenceItem",
    "FirstRowRefs", "Header", "Line", "Person", "Point", "PointField", "Points", "RefField", "SignOff", "Status",
    "Strict", "Text", "Time", "Url", "as_utc", "ValidationError", "describe_validation_error", "new_assessment", "new_id", "now",
    "ANSWER_LABELS", "OUTCOME_LABELS", "ScreeningAnswer", "ScreeningRecord", "Action", "Actor", "Comment", "Reply", "TrailEvent", "RATING_LABELS", "RATING_RANK", "RATINGS", "Mitigation",
    "Rating", "Risk", "is_real_risk", "ImpactLine",
]
