"""Health and Care."""

from __future__ import annotations

from .base import AreaDef, CategoryDef

HEALTH_AND_CARE = CategoryDef(
    key="health_and_care",
    title="Health and Care",
    short_title="Health and Care",
    description=(
        "Use this section to determine how the proposal will impact on resident's health and wellbeing, and "
        "whether the proposal will impact on the demands for, or access to health and care services. Please "
        "consider the Care Act 2014 and the Health and Social Care Act 2012."
    ),
    areas=(
        AreaDef(
            "mental_health_and_wellbeing",
            "Mental Health and Wellbeing",
            question="Will the proposal impact on the mental health and wellbeing of residents or services that "
            "support those with Mental Health issues?",
            hint="Isolation, stress, access to support and self-help, services for people with mental health needs.",
        ),
        AreaDef(
            "healthy_lifestyles",
            "Healthy Lifestyles",
            question="Will the proposal promote independence and personal responsibility, helping people to make "
            "positive choices around physical activity, healthy food and nutrition, smoking, problematic alcohol "
            "and substance use, and sexual health?",
            hint="Physical activity, diet, smoking, alcohol and substance use, sexual health.",
        ),
        AreaDef(
            "accidents_and_falls_prevention",
            "Accidents and Falls Prevention",
            question="Does the proposal reduce or increase the risk of: falls in older people, childhood "
            "accidents, road accidents, or workplace accidents?",
            hint="Falls in older people, childhood, road and workplace accidents.",
        ),
        AreaDef(
            "access_to_social_care",
            "Access to Social Care",
            hint="Demand for, eligibility for and ease of reaching adult and children's social care.",
        ),
        AreaDef(
            "independent_living",
            "Independent Living",
            question="Will the proposal impact on people's ability to live independently in their own home, with "
            "care and support from family, friends, and the community?",
            hint="Living at home with support from family, friends and the community.",
        ),
        AreaDef(
            "safeguarding",
            "Safeguarding",
            question="Will the proposal ensure effective safeguarding for the most vulnerable in our communities?",
            hint="Children and adults at risk; referrals, vetting, information sharing.",
        ),
    ),
)
