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

__all__ = [
    "APPROVED_STATUSES",
    "AREA_STATUS_LABELS", "FIELD_LABELS", "LEADS_MAX", "POINT_MAX", "POINTS_MAX", "SCHEMA_VERSION", "SHORT_MAX", "SIGNOFFS_MAX", "STATUS_LABELS",
    "TEXT_MAX", "URL_MAX", "AreaEntry", "AreaStatus", "Assessment", "CategorySection", "Engagement", "EvidenceItem",
    "FirstRowRefs", "Header", "Line", "Person", "Point", "PointField", "Points", "RefField", "SignOff", "Status",
    "Strict", "Text", "Time", "Url", "as_utc", "ValidationError", "describe_validation_error", "new_assessment", "new_id", "now",
    "ANSWER_LABELS", "OUTCOME_LABELS", "ScreeningAnswer", "ScreeningRecord", "Action", "Actor", "Comment", "Reply", "TrailEvent", "RATING_LABELS", "RATING_RANK", "RATINGS", "Mitigation",
    "Rating", "Risk", "is_real_risk", "ImpactLine",
]
