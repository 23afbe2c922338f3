"""The council's guidance as Markdown, chosen for where the user is (shown by F1). No Textual here."""

from __future__ import annotations

from ..editions import BENEFITS, GROUPS, MITIGATIONS, RISKS, CategoryDef
from ..checks import DETAILS, FRONT, Location
from ..model import FIELD_LABELS, Assessment
from .fields import EVIDENCE, REVIEW

_KEYS = """\
## Keys

- **F1** this guidance · **ctrl+s** save · **ctrl+p** command palette (go to a step, review actions)
- **F2** the list of steps · **Escape** back · **ctrl+q** quit (asks first if anything is unsaved)
- **Tab** / **shift+Tab** move between fields; every button also works with the mouse.
"""


def _bullets(lines: tuple[str, ...] | list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _please_note(a: Assessment | None) -> str:
    from ..editions import DEFAULT_EDITION, get_edition

    guidance = a.template.guidance if a else get_edition(DEFAULT_EDITION).guidance
    return "## Please note\n\n" + _bullets(guidance.please_note) + "\n"


def _columns(a: Assessment, category: CategoryDef, only: str | None = None) -> str:
    """The guidance for each column, headed the way the category's table heads it."""
    guidance = a.template.guidance
    parts = ["## What each column means\n"]
    for column in (GROUPS, BENEFITS, RISKS, MITIGATIONS):
        if column == GROUPS and category.groups_column is None:
            continue
        if (only and column != only) or not guidance.columns.get(column):
            continue
        heading = category.column_heading(column) or FIELD_LABELS[column]
        parts.append(f"**{heading}**\n\n" + " ".join(guidance.columns[column]) + "\n")
    return "\n".join(parts)


def guidance_markdown(a: Assessment | None, where: Location | None) -> str:
    """Guidance for where the user is: None for the list of assessments, else a location — a step
    (DETAILS, FRONT, EVIDENCE, REVIEW or a category key) or an area (its category and area key)."""
    from ..editions import DEFAULT_EDITION, get_edition

    if a is None:
        completing = get_edition(DEFAULT_EDITION).guidance.completing
        text = "# Community Impact Assessments\n\n" + "\n\n".join(completing) + "\n\n"
        text += _please_note(None)
        text += "\n## This screen\n\nType to search every text of every assessment (the best match first). "
        text += "**Enter** opens the highlighted assessment; "
        text += "**ctrl+n** starts a new one; **ctrl+o** imports a JSON file; **ctrl+d** duplicates; "
        text += "**Delete** moves one to the store's trash (after you confirm); **F3** shows the impacts "
        text += "across assessments (each characteristic and area, its proposals, benefits and risks).\n\n" + _KEYS
        return text

    guidance = a.template.guidance
    assert where is not None
    section = where.section
    if section == DETAILS and where.field == "screening":
        spec = a.template.screening
        text = f"# {spec.title}\n\n" + (spec.intro + "\n\n" if spec.intro else "")
        text += ("Answer each question (the drop-down: Yes, No or Don't know) and tick the groups that could be "
                 "affected. The outcome below the questions follows your answers. **Record the decision** records "
                 "it with your name and the time.\n\n- *A full assessment is needed*: the groups named become "
                 "areas to assess in the steps that follow.\n- *Not needed*: say why; the screening is then "
                 "submitted, approved and signed off on the Review step like an assessment, and its one-page "
                 "record exports from this step.\n\n")
        return text + _KEYS
    if section == DETAILS:
        text = "# Details\n\n" + "\n\n".join(guidance.completing[2:4]) + "\n\n"
        text += "Fields marked * are required by the " + a.template.title + ".\n\n"
        return text + _please_note(a) + "\n" + _KEYS
    if section == FRONT and where.field != "executive_summary":
        text = "# Introduction & summary\n\n"
        text += ("- **Introduction**: what the proposal is, that this document is a CIA on it, and which "
                 "decision or meeting it supports.\n- **Summary of assessment**: the overall impact, the main "
                 "benefits and the main risks identified.\n- **Key mitigations / recommendations**: the "
                 "overarching recommendations that mitigate the risks, one point each.\n\n")
        return text + _please_note(a) + "\n" + _KEYS
    if a.category(section) is not None and where.area is None and where.field is None:
        category = a.category(section)
        if category is None:
            return "# Unknown section\n\nThis section is not part of the template."
        instruction = f"*{guidance.categories_instruction}*\n\n" if guidance.categories_instruction else ""
        text = f"# {category.title}\n\n{instruction}{category.description or category.hint}\n\n"
        if category.prompts:
            text += f"**{category.prompts_intro or 'Please consider:'}**\n\n" + _bullets(category.prompts) + "\n\n"
        text += _columns(a, category) + "\n" + _please_note(a)
        cc = category.cross_cutting
        text += ("\n## This screen\n\n- **Enter** (or a double click) opens the highlighted area\n"
                 "- **n** marks it N/A, asking first if it has points (press again to undo)\n"
                 "- **a** adds an extra area; **r** renames and **Delete** removes one you added\n"
                 + (f"- the **+ First row** button adds the \"{cc.name}\" first row\n" if cc and cc.optional else "")
                 + "\n" + _KEYS)
        return text
    if where.area is not None:
        section_key, area_key = section, where.area
        category = a.category(section_key)
        entry = a.section(section_key).entry(area_key)
        if category is None or entry is None:
            return guidance_markdown(a, Location(REVIEW))
        name = a.area_name(section_key, entry)
        area = a.area_def(section_key, entry)
        text = f"# {category.short_title} › {name}\n\n"
        question = a.area_question(section_key, entry)
        if question:
            text += f"*{question}*\n\n"
        if area is not None and area.description:
            text += f"{name}: {area.description}\n\n"
        if area is not None and area.hint:
            text += f"{area.hint}\n\n"
        text += _columns(a, category) + "\n" + _please_note(a)
        text += ("\n## Editing points\n\nEach point is one bullet in the document.\n\n"
                 "- **Enter** starts a new point (splitting the point at the cursor)\n"
                 "- **ctrl+n** adds a point to the list you are in\n"
                 "- **ctrl+r** removes the point you are in (Backspace in an empty point does too)\n"
                 "- **alt+↑ / alt+↓** move the point up or down\n"
                 "- **ctrl+t** cycles the status: not started → assessed → N/A\n"
                 "- **ctrl+f** says the first row's points apply to the list you are in (PSED)\n"
                 "- **ctrl+↓ / ctrl+↑** go to the next or previous area\n"
                 "- **Escape** goes back to the table (and saves)\n\n")
        if category.cross_cutting is not None and entry.key != category.cross_cutting.key:
            text += ("**Same as first row**: tick a column to say the cross-cutting first row applies here "
                     "too (\"See first row …\"); then add only what is specific to this row.\n\n")
        return text + _KEYS
    if section == EVIDENCE:
        text = "# Evidence base\n\n*Evidence used / likelihood / size of impact*\n\n" + guidance.evidence + "\n\n"
        text += ("Each item is one citation (publisher, year, title), with a link where there is one and the date "
                 "it was published or gathered.\n\n**a** adds an item, **Enter** edits the highlighted one, "
                 "**Delete** removes it (after asking).\n\n")
        return text + _please_note(a) + "\n" + _KEYS
    text = "# Review & export\n\n" + guidance.submitting + "\n\n"
    text += ("Every finding is listed by section: **errors** must be fixed before the CIA is ready; **warnings** "
             "are worth a look. Select a finding to jump to the field it is about.\n\n"
             "The **executive summary** goes into the Checklist and Executive Summary. While it is empty, a draft "
             "is written from the assessment; edit it and your text is kept. **Use the drafted text** (or the "
             "palette's *Reset the executive summary*) goes back to the draft.\n\n"
             "**a** adds a sign-off, **Enter** edits the highlighted one, **Delete** removes it (after asking). "
             "The palette (**ctrl+p**) also offers the report paragraph and the export.\n\n")
    return text + _please_note(a) + "\n" + _KEYS
