"""Localities / Communities."""

from __future__ import annotations

from .base import AreaDef, CategoryDef

LOCALITIES = CategoryDef(
    key="localities_communities",
    title="Localities / Communities",
    short_title="Localities",
    description=(
        "Use this section to identify the impact of the proposal on communities. How will the proposal "
        "strengthen community capacity to create safer and stronger communities? It is important to recognise "
        "the different localities and communities your proposal may impact upon and identify any communities "
        "that could be more adversely impacted than others. Strategic Delivery Managers (SDMs) have a great "
        "deal of knowledge about their relevant locality and they must be engaged with as part of your Project "
        "Team at an early stage of the process."
    ),
    areas=(
        AreaDef(
            "community_development",
            "Community Development/ Capacity",
            question="Will the proposal affect opportunities to work with communities and strengthen or reduce "
            "community capacity?",
            hint="Community groups, the voluntary sector, local capacity.",
        ),
        AreaDef(
            "crime_community_safety",
            "Crime/ Community Safety",
            question="Will the proposal support a joint approach to responding to crime and addressing the causes "
            "of crime?",
            hint="Crime, anti-social behaviour, feeling safe.",
        ),
        AreaDef(
            "educational_attainment",
            "Educational Attainment and Training",
            question="Will the proposal support school improvement and help to provide access to a good "
            "education? Will the proposal support the improved supply of skills to employers and the "
            "employability of residents?",
            hint="Schools, skills, training and employability.",
        ),
        AreaDef(
            "leisure_and_culture",
            "Leisure and Culture",
            question="Will the proposal encourage people to participate in social and leisure activities that "
            "they enjoy?",
            hint="Libraries, arts, sport, social activities.",
        ),
        AreaDef(
            "volunteering",
            "Volunteering",
            question="Will the proposal impact on opportunities for volunteering?",
            hint="Opportunities for residents to volunteer; support for volunteers.",
        ),
        AreaDef(
            "best_start",
            "Best Start",
            question="Will the proposal impact on parental support (pre or postnatally), which helps to ensure "
            "that children are school-ready and have high aspirations, utilising a positive parenting approach?",
            hint="Support for parents before and after birth; school readiness.",
        ),
        AreaDef(
            "rural_communities",
            "Rural Communities",
            question="Will the proposal specifically impact on rural communities?",
            hint="Access to services, transport and connectivity in rural areas.",
        ),
    ),
)
