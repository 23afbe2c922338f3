"""The council template as data.

An :class:`Edition` is a version of the template: its categories in order, the
areas of each, the guidance text and which header fields it requires. The
default edition is the 2021 classic template; the 2024 layout (protected
characteristics and a separate workforce table) is a second edition built from
the same types.
"""

from __future__ import annotations

from .base import AreaDef, CategoryDef, Edition, Guidance
from .economy import ECONOMY
from .environment import ENVIRONMENT
from .guidance import BENEFITS, CLASSIC_GUIDANCE, GROUPS, MITIGATIONS, RISKS
from .health_and_care import HEALTH_AND_CARE
from .localities import LOCALITIES
from .psed import PSED_2021, PSED_2024
from .workforce import WORKFORCE_2024

CLASSIC_2021 = Edition(
    key="2021",
    title="Community Impact Assessment (2021 template)",
    description="Classic template: PSED, Health and Care, Economy, Environment (with Climate Change) and "
    "Localities/Communities, with guiding questions under each area.",
    categories=(PSED_2021, HEALTH_AND_CARE, ECONOMY, ENVIRONMENT, LOCALITIES),
    guidance=CLASSIC_GUIDANCE,
    required_header=("title", "sponsor", "leads", "date_completed"),
    labels={
        "title": "Name of Proposal",
        "sponsor": "Project Sponsor",
        "leads": "Project Manager or Lead",
        "author": "Author",
        "date_completed": "Date Completed",
        "decision": "Decision",
        "directorate": "Directorate",
    },
)

LAYOUT_2024 = Edition(
    key="2024",
    title="Community Impact Assessment (2024 layout)",
    description="Newer layout: a protected characteristics table opening with cross-cutting themes, and a "
    "separate Workforce Assessment table.",
    categories=(PSED_2024, WORKFORCE_2024),
    guidance=CLASSIC_GUIDANCE,
    required_header=("title", "author", "date_completed"),
    front_sections=False,
    labels={
        "title": "Name of Proposal",
        "sponsor": "Project Sponsor",
        "leads": "Project Manager or Lead",
        "author": "Author",
        "date_completed": "Date",
        "decision": "Decision",
        "directorate": "Directorate",
    },
)

EDITIONS: dict[str, Edition] = {e.key: e for e in (CLASSIC_2021, LAYOUT_2024)}
DEFAULT_EDITION = CLASSIC_2021.key


def get_edition(key: str) -> Edition:
    """The edition with this key; KeyError names the known ones."""
    try:
        return EDITIONS[key]
    except KeyError:
        raise KeyError(f"unknown template edition {key!r} (known: {', '.join(EDITIONS)})") from None


__all__ = [
    "AreaDef",
    "CategoryDef",
    "Edition",
    "Guidance",
    "EDITIONS",
    "DEFAULT_EDITION",
    "CLASSIC_2021",
    "LAYOUT_2024",
    "get_edition",
    "GROUPS",
    "BENEFITS",
    "RISKS",
    "MITIGATIONS",
]
