"""Environment, including Climate Change (added in the 2021 template)."""

from __future__ import annotations

from .base import AreaDef, CategoryDef

ENVIRONMENT = CategoryDef(
    key="environment",
    title="Environment",
    short_title="Environment",
    description=(
        "Use this section to identify the impact of the proposal on the physical environment. How does the "
        "proposal support the utilisation and maintenance of Staffordshire's built and natural environments, "
        "thereby improving health and wellbeing and strengthening community assets?"
    ),
    areas=(
        AreaDef(
            "built_environment",
            "Built Environment/ Land Use",
            question="Will the proposal impact on the built environment and land use?",
            hint="Buildings, development, land use and public spaces.",
        ),
        AreaDef(
            "rural_environment",
            "Rural Environment",
            question="Will the proposal impact on the rural natural environment or on access to open spaces?",
            hint="Countryside, green spaces, footpaths and access to them.",
        ),
        AreaDef(
            "air_water_land_quality",
            "Air, Water and Land Quality",
            question="Will the proposal affect air quality (e.g. vehicle, industrial or domestic emissions), "
            "drinking water quality or land quality (e.g. contamination)?",
            hint="Emissions, drinking water, contamination.",
        ),
        AreaDef(
            "waste_and_recycling",
            "Waste and Recycling",
            question="Will the proposal affect waste (e.g. disposal) and recycling?",
            hint="Waste created or avoided, disposal and recycling.",
        ),
        AreaDef(
            "agriculture_and_food",
            "Agriculture and Food Production",
            question="Will the proposal affect the production of healthy, affordable and culturally acceptable "
            "food?",
            hint="Farming, local food, affordable and culturally acceptable food.",
        ),
        AreaDef(
            "transport",
            "Transport",
            question="Will the proposal affect the ability of people/ communities/ business to travel? Will the "
            "proposal impact on walking/ cycling opportunities?",
            hint="Journeys, travel times and costs, walking and cycling.",
        ),
        AreaDef(
            "noise",
            "Noise",
            question="Will the proposal cause disruptive noise?",
            hint="Construction, traffic or operational noise.",
        ),
        AreaDef(
            "climate_change",
            "Climate Change",
            question="Does this proposal have any Climate Change implications?",
            hint="Carbon emissions, energy use, resilience to a changing climate.",
        ),
    ),
)
