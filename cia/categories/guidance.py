"""The council's guidance for completing a CIA, as printed in the classic template."""

from __future__ import annotations

from .base import Guidance

GROUPS = "Which groups will be affected"
BENEFITS = "Benefits"
RISKS = "Risks"
MITIGATIONS = "Mitigations / Recommendations"

CLASSIC_GUIDANCE = Guidance(
    completing=(
        "A CIA will help you to identify the potential impacts, risks and benefits of your proposed policy, "
        "service or project. Doing this at an early stage enables engagement and research to be undertaken to "
        "identify actions that will either lessen the risk or maximise the benefits. The assessment will also "
        "help you to identify mitigating factors whereby risks may be balanced out to an extent by the benefits.",
        "This Template should be used to support the development of a proposal during the planning stage, "
        "therefore supporting the council's approach of Achieving Commissioning Excellence.",
        "A good CIA will involve input from more than one person. A Project Team should be identified with "
        "different, but relevant expertise to ensure that a full range of views are considered.",
        "Engagement and/or consultation should take place with appropriate and representative groups of people "
        "that are most likely to be affected. This must then be used to help shape the design/outcomes of the "
        "project. Please note that due to the publication of CIAs, it is advisable not to record personal "
        "details of members of the public, such as names or addresses.",
        "Once completed, the main findings from your CIA should be transferred to the 'Checklist and Executive "
        "Summary' template. Then both documents need to be approved/signed off by the appropriate people. "
        "Depending on the size of your project, this could be your manager, project lead, sponsor or SLT.",
        "For CIAs that are going to Cabinet, only the 'Checklist and Executive Summary' will be uploaded as part "
        "of the Cabinet Papers. The full CIA document will be uploaded as a Background Paper.",
    ),
    columns={
        GROUPS: (
            "Which groups of people will be impacted by the proposed policy, service or project? This could be "
            "people in a particular area, a street, or a group of people with similar characteristics e.g. older "
            "people, young people or people with care needs.",
            "Also consider staff, residents and other external stakeholders.",
        ),
        BENEFITS: (
            "Think about the impact the proposal may have on each of the different category areas and identify "
            "the benefits of each decision.",
        ),
        RISKS: (
            "Think about the impact the proposal may have on each of the different category areas, and identify "
            "the risks associated with the proposal.",
        ),
        MITIGATIONS: (
            "Set out any recommendations as to how the benefits will be maximised and the risks minimised.",
            "Also highlight any trade-offs that may occur.",
        ),
    },
    please_note=(
        "Potential impacts should not be included if it is considered highly unlikely that they would occur.",
        "Where no major impacts have been identified, please state N/A.",
        "Due to the publication of CIAs, it is advisable not to record personal details of members of the "
        "public, such as names or addresses.",
    ),
    evidence=(
        "How certain are you about the assessment of each potential impact, and what evidence have you used to "
        "arrive at the decision? E.g. Data – population trends data, census data, service data. Research – "
        "national, regional, local research. Engagement/ Consultation – with partners, the public, the "
        "voluntary sector."
    ),
    categories_instruction=(
        "Use the following template to highlight the impacts of your proposal on each of the following "
        "categories: The Public Sector Equality Duty (PSED), Health and Care, the Economy, the Environment, and "
        "Localities/ Communities."
    ),
    submitting=(
        "Now transfer the main findings of this assessment to the 'Checklist and Executive Summary' template. "
        "Then both documents need to be approved/signed off by the appropriate people. For CIAs that are going "
        "to Cabinet, only the 'Checklist and Executive Summary' will be submitted as part of the Cabinet Papers. "
        "The Full CIA document will be submitted as a Background Paper."
    ),
)
