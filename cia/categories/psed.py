"""Public Sector Equality Duty: the nine protected characteristics and staff."""

from __future__ import annotations

from .base import AreaDef, CategoryDef

DESCRIPTION = (
    "Use this section to identify if the proposal will impact on our legal obligations under the Equality Act "
    "2010 for both residents and staff. In summary, those subject to the general equality duty must have due "
    "regard to the need to: Eliminate unlawful discrimination, harassment and victimisation, advance equality "
    "of opportunity between different groups and foster good relations between different groups."
)

PROMPTS = (
    "Who is currently using the service, across the protected characteristics?",
    "What do we know about their experiences and outcomes?",
    "What relevant information is available from the Census and population trends data?",
    "What were the findings of the engagement/consultation?",
    "Is there any relevant national, regional and/or local sources of research/evidence available?",
    "Is there any relevant information from partners or voluntary, community, social enterprise organisations?",
    "What is the analysis of the impact on those with relevant protected characteristics?",
)

MARRIAGE_NOTE = (
    "The duty to have due regard to the need to eliminate discrimination also covers marriage and civil "
    "partnerships in relation to employment issues."
)

CROSS_CUTTING = AreaDef(
    key="cross_cutting",
    name="All / multiple protected characteristics",
    hint="Impacts shared by all or several characteristics. Other rows can point back to this row "
    "(\"See first row …\") and add only what is specific to them.",
    kind="cross_cutting",
    optional=True,
)

# The classic order, as printed in the 2020 and 2021 templates.
CLASSIC_AREAS = (
    CROSS_CUTTING,
    AreaDef("race", "Race", kind="protected_characteristic",
            hint="People defined by race, colour, nationality (including citizenship), ethnic or national origins."),
    AreaDef("disability", "Disability", kind="protected_characteristic",
            hint="Physical, sensory and learning disabilities, mental illness, long-term conditions, neurodiversity."),
    AreaDef("sex", "Sex", kind="protected_characteristic", hint="Men and women, boys and girls."),
    AreaDef("age", "Age", kind="protected_characteristic", hint="Older and younger people; name the age ranges affected."),
    AreaDef("religion_or_belief", "Religion or Belief", kind="protected_characteristic",
            hint="Any religious or philosophical belief, including a lack of belief."),
    AreaDef("gender_reassignment", "Gender Reassignment", kind="protected_characteristic",
            hint="People proposing to undergo, undergoing or who have undergone a process of gender reassignment."),
    AreaDef("sexual_orientation", "Sexual Orientation", kind="protected_characteristic",
            hint="Whether a person is attracted to their own sex, the opposite sex or both."),
    AreaDef("pregnancy_and_maternity", "Pregnancy and Maternity", kind="protected_characteristic",
            hint="Women who are pregnant or have recently had a baby, including breastfeeding mothers."),
    AreaDef("marriage_and_civil_partnership", "Marriage and Civil Partnership", kind="protected_characteristic",
            hint="Applies to employment: people who are married or in a civil partnership should not be "
            "treated differently at work."),
    AreaDef("scc_staff", "Impact on SCC Staff", kind="staff",
            hint="Council staff affected by the proposal: roles, working patterns, training, wellbeing."),
)

PSED_2021 = CategoryDef(
    key="psed",
    title="Public Sector Equality Duty (PSED)",
    short_title="PSED",
    description=DESCRIPTION,
    prompts_intro="Please consider:",
    prompts=PROMPTS,
    area_column="Protected Characteristics",
    areas=CLASSIC_AREAS,
    notes=(MARRIAGE_NOTE,),
)

# The 2024 layout: a built-in cross-cutting row, then the characteristics alphabetically with definitions,
# and no groups column. Staff move to the separate Workforce Assessment table.
AREAS_2024 = (
    AreaDef(
        "cross_cutting",
        "Cross Cutting themes",
        description="impacts that affect all or multiple protected characteristics and health and care need",
        hint="Impacts shared by all or several characteristics, and on health and care need.",
        kind="cross_cutting",
    ),
    AreaDef("age", "Age", description="older and younger people", kind="protected_characteristic"),
    AreaDef(
        "disability",
        "Disability",
        description="people who are living with different conditions and disabilities, such as: mental illnesses, "
        "long term conditions, Autism and other neurodiverse conditions, learning disabilities, sensory "
        "impairment and physical disabilities.",
        kind="protected_characteristic",
    ),
    AreaDef("gender_reassignment", "Gender reassignment",
            description="those people in the process of transitioning from one sex to another",
            kind="protected_characteristic"),
    AreaDef("marriage_and_civil_partnership", "Marriage & Civil Partnership",
            description="people who are married or in a civil partnership should not be treated differently at work",
            kind="protected_characteristic"),
    AreaDef("pregnancy_and_maternity", "Pregnancy & Maternity",
            description="women who are pregnant or who have recently had a baby, including breast feeding mothers",
            kind="protected_characteristic"),
    AreaDef("race", "Race",
            description="people defined by their race, colour, and nationality (including citizenship) ethnic or "
            "national origins",
            kind="protected_characteristic"),
    AreaDef("religion_or_belief", "Religion or Belief",
            description="people with any religious or philosophical belief, including a lack of belief. A belief "
            "should affect a person's life choices or the way they live for it to be considered",
            kind="protected_characteristic"),
    AreaDef("sex", "Sex", description="men or women", kind="protected_characteristic"),
    AreaDef("sexual_orientation", "Sexual orientation",
            description="whether a person's sexual attraction is towards their own sex, the opposite sex or to "
            "both sexes",
            kind="protected_characteristic"),
)

PSED_2024 = CategoryDef(
    key="psed",
    title="Protected Characteristics",
    short_title="Protected characteristics",
    description="Identify the impact of the proposal on people with each of the protected characteristics "
    "under the Equality Act 2010.",
    area_column="Protected Characteristics",
    groups_column=None,
    has_evidence=False,
    areas=AREAS_2024,
)
