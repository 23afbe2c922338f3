"""Workforce Assessment: the 2024 layout's separate table for council staff."""

from __future__ import annotations

from .base import AreaDef, CategoryDef

WORKFORCE_2024 = CategoryDef(
    key="workforce",
    title="Workforce Assessment",
    short_title="Workforce",
    description="Identify the impact of the proposal on council staff, considering each of the protected "
    "characteristics.",
    area_column="Who will be affected – consider the following protected characteristics: age, disability, "
    "gender reassignment, marriage & civil partnership, pregnancy & maternity, race, religion or belief, sex and "
    "sexual orientation",
    groups_column=None,
    has_evidence=False,
    areas=(
        AreaDef(
            "scc_staff",
            "SCC employees across Staffordshire",
            hint="Staff affected, considering each protected characteristic: roles, skills, training, wellbeing.",
            kind="staff",
        ),
    ),
)
