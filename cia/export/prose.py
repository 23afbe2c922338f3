"""Prose drafted from an assessment with Jinja2 templates (``templates/*.txt.j2``).

Templates run in a sandboxed environment with StrictUndefined: a template can only
read the plain data it is given (strings, numbers, lists, dicts built here, never model
objects), and a misspelt name is an error rather than a silent blank.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..model import APPROVED_STATUSES, STATUS_LABELS, Assessment
from .common import forced_draft
from ..resources import templates_dir
from ..text import shorten
from . import figures

EXECUTIVE_SUMMARY_TEMPLATE = "executive_summary.txt.j2"
REPORT_PARAGRAPH_TEMPLATE = "community_impact_paragraph.txt.j2"

POINT_WIDTH = 400
"""Longest point quoted in a summary (longer ones are cut with an ellipsis)."""
MAIN_POINTS = 6
NOT_ASSESSED_LISTED = 6


class ProseError(Exception):
    """A prose template is missing or broken; the message names it."""


def join_and(items: Iterable[Any]) -> str:
    """"a", "a and b", "a, b and c"."""
    items = [str(i) for i in items if str(i)]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def counted(n: int, word: str, plural: str | None = None) -> str:
    """"1 area", "3 areas", "no areas"."""
    many = plural or (word + "s")
    if n == 0:
        return f"no {many}"
    return f"{n} {word if n == 1 else many}"


@lru_cache(maxsize=4)
def _environment(folder: str):  # type: ignore[no-untyped-def]
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["join_and"] = join_and
    env.filters["counted"] = counted
    return env


def environment():  # type: ignore[no-untyped-def]
    """The sandboxed Jinja2 environment over the templates folder."""
    return _environment(str(Path(templates_dir())))


_BLANK_RUNS = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Trailing spaces removed, runs of blank lines collapsed to one, ends trimmed."""
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip()


def render(name: str, context: dict[str, Any]) -> str:
    from jinja2 import TemplateError, TemplateNotFound

    try:
        template = environment().get_template(name)
        return tidy(template.render(**context))
    except TemplateNotFound:
        raise ProseError(f"the prose template {name} is missing from {templates_dir()}") from None
    except TemplateError as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise ProseError(f"the prose template {name} could not be used{where}: {exc.message or exc}") from None


def _short(points: list[str]) -> list[str]:
    return [shorten(p, POINT_WIDTH) for p in points]


def context(a: Assessment) -> dict[str, Any]:
    """Everything the prose templates may use, as plain data."""
    rows = figures.summary_checklist(a)
    t = figures.totals(a)
    risks, more_risks = figures.main_points(a, "risks", MAIN_POINTS)
    if a.key_mitigations:
        mitigations, from_author = list(a.key_mitigations), True
    else:
        mitigations, _ = figures.main_points(a, "mitigations", MAIN_POINTS)
        from_author = False
    eng = a.header.engagement
    return {
        "title": a.header.title or "this proposal",
        "has_title": bool(a.header.title),
        "decision": a.header.decision,
        "status": a.status,
        "status_label": STATUS_LABELS.get(a.status, a.status),
        "is_draft": a.status not in APPROVED_STATUSES or forced_draft(),
        "category_titles": [r.title for r in rows],
        "categories": [
            {
                "key": r.key,
                "title": r.title,
                "areas": r.areas,
                "assessed": r.assessed,
                "not_applicable": r.not_applicable,
                "not_assessed": r.not_assessed,
                "with_impacts": r.with_impacts,
                "benefits": r.benefits,
                "risks": r.risks,
                "unmitigated": r.unmitigated,
                "evidence": r.evidence,
            }
            for r in rows
        ],
        "totals": {
            "categories": t.categories,
            "areas": t.areas,
            "assessed": t.assessed,
            "not_applicable": t.not_applicable,
            "not_assessed": t.not_assessed,
            "with_impacts": t.with_impacts,
            "with_benefits": t.with_benefits,
            "with_risks": t.with_risks,
            "benefits": t.benefits,
            "risks": t.risks,
            "unmitigated": t.unmitigated,
        },
        "not_assessed_areas": t.not_assessed_areas[:NOT_ASSESSED_LISTED],
        "more_not_assessed": max(0, len(t.not_assessed_areas) - NOT_ASSESSED_LISTED),
        "author_summary": a.summary,
        "main_risks": _short(risks),
        "more_risks": more_risks,
        "key_mitigations": _short(mitigations),
        "mitigations_from_author": from_author,
        "engagement": {
            "stated": eng.took_place is not None,
            "took_place": bool(eng.took_place),
            "details": " ".join(eng.details.split()),
        },
    }


def executive_summary(a: Assessment) -> str:
    return render(EXECUTIVE_SUMMARY_TEMPLATE, context(a))


def report_paragraph(a: Assessment) -> str:
    return render(REPORT_PARAGRAPH_TEMPLATE, context(a))
