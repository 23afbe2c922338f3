"""Economy."""

from __future__ import annotations

from .base import AreaDef, CategoryDef

ECONOMY = CategoryDef(
    key="economy",
    title="Economy",
    short_title="Economy",
    description=(
        "Use this section to determine how the proposal will impact on the economy of Staffordshire and the "
        "income of residents."
    ),
    areas=(
        AreaDef(
            "economic_growth",
            "Economic Growth",
            question="Will the proposal promote the county as a “go to” location for business, and make it easy "
            "for businesses to start up, innovate and expand?",
            hint="Business start-up, investment, innovation and expansion.",
        ),
        AreaDef(
            "poverty_and_income",
            "Poverty and Income",
            question="Will the proposal have an impact on income? Will it reduce the gap between high and low "
            "earners?",
            hint="Household income, charges, the gap between high and low earners.",
        ),
        AreaDef(
            "workplace_health_and_environments",
            "Workplace Health and Environments",
            question="Will the proposal impact on working conditions and the health of Staffordshire's workforce?",
            hint="Working conditions, pay and the health of the workforce, including providers' staff.",
        ),
        AreaDef(
            "access_to_jobs",
            "Access to jobs/ Good quality jobs",
            question="Will the proposal create the right conditions for increased employment in more and better "
            "jobs?",
            hint="Numbers and quality of jobs, skills, routes into work.",
        ),
    ),
)
