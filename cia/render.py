"""Plain-text views of an assessment and its findings, for the terminal (``cia show``, ``cia check``)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from .checks import DETAILS, FRONT, SIGNOFF, Finding
from .model import AREA_STATUS_LABELS, FIELD_LABELS, STATUS_LABELS, Assessment
from .store import Summary
from .text import terminal_columns

def _width() -> int:
    return max(60, min(terminal_columns(100), 120))


_TEXTWRAP_SPACES = ("\t", "\r", "\x0b", "\x0c")
"""The whitespace besides spaces (and the line breaks split on) that textwrap rewrites. (It also drops what
ends a line if that is whitespace of any kind: a paragraph that ends so is left to textwrap.)"""


def _wrap(text: str, indent: str, width: int, bullet: str = "") -> list[str]:
    lines: list[str] = []
    first_prefix = indent + bullet
    rest_prefix = indent + " " * len(bullet)
    for i, para in enumerate(text.split("\n")):
        if not para.strip():
            lines.append("")
            continue
        prefix = first_prefix if i == 0 else rest_prefix
        if (len(prefix) + len(para) <= width and not para[-1].isspace()
                and not any(c in para for c in _TEXTWRAP_SPACES)):
            lines.append(prefix + para)  # what textwrap gives for a paragraph that fits, without its work
            continue
        lines.extend(
            textwrap.wrap(
                para,
                width=width,
                initial_indent=first_prefix if i == 0 else rest_prefix,
                subsequent_indent=rest_prefix,
                break_long_words=True,
                break_on_hyphens=False,
            )
            or [first_prefix]
        )
    return lines


def show(a: Assessment, width: int | None = None) -> str:
    """The whole assessment as readable text."""
    w = width or _width()
    h = a.header
    out: list[str] = []
    title = a.title or "(untitled)"
    out += [title, "=" * min(len(title), w), ""]
    done, total = a.completeness()
    out.append(f"Status: {STATUS_LABELS.get(a.status, a.status)}   Areas done: {done}/{total}   "
               f"Template: {a.template.title}   Id: {a.id}")
    out.append("")
    rows = [(spec.label, value.replace("\n", "; ")) for spec, value in a.template.header_rows(h)
            if spec.key != "title"]
    if h.engagement.took_place is None:
        engagement = "not stated"
    else:
        engagement = "Yes" if h.engagement.took_place else "No"
        if h.engagement.details:
            engagement += f" – {h.engagement.details}"
    rows.append(("Engagement/consultation", engagement))
    for label, value in rows:
        if value:
            out.extend(_wrap(value, "", w, f"{label}: "))
    if a.template.front_sections:
        for heading, text in (("Introduction", a.introduction), ("Summary of assessment", a.summary)):
            out += ["", heading, "-" * len(heading)]
            out.extend(_wrap(text, "", w) if text else ["(not written)"])
        heading = "Summary of key mitigations / recommendations"
        out += ["", heading, "-" * len(heading)]
        if a.key_mitigations:
            for point in a.key_mitigations:
                out.extend(_wrap(point, "", w, "• "))
        else:
            out.append("(none listed)")
    for section in a.sections:
        category = a.category(section.key)
        if category is None:
            continue
        heading = category.title
        done, total = a.completeness(section.key)
        out += ["", f"{heading}  [{done}/{total}]", "=" * len(heading)]
        for entry in section.entries:
            name = a.area_name(section.key, entry)
            status = AREA_STATUS_LABELS[entry.status]
            out.append("")
            out.append(f"{name}" + (" (extra area)" if entry.extra else "") + f" — {status}")
            if entry.status == "na":
                if entry.na_reason:
                    out.extend(_wrap(entry.na_reason, "    ", w))
                continue
            if entry.status == "not_assessed" and not entry.has_content:
                continue
            for field in ("groups", "benefits", "risks", "mitigations"):
                if field == "groups" and category.groups_column is None:
                    continue
                points = entry.points(field)  # type: ignore[arg-type]
                ref = a.refers_to_first_row(entry, field)
                if not points and not ref:
                    continue
                out.append(f"  {FIELD_LABELS[field]}:")
                if ref:
                    out.extend(_wrap(a.template.first_row_sentence(section.key, field), "    ", w, "→ "))
                for point in points:
                    out.extend(_wrap(point, "    ", w, "• "))
        if category.has_evidence:
            out += ["", "Evidence base:"]
            if section.evidence:
                for item in section.evidence:
                    text = item.citation
                    if item.date:
                        text += f" ({item.date})"
                    if item.url:
                        text += f" {item.url}"
                    out.extend(_wrap(text, "  ", w, "• "))
            else:
                out.append("  (none given)")
    if a.signoffs:
        out += ["", "Sign-off", "--------"]
        for s in a.signoffs:
            out.append(" – ".join(x for x in (s.name, s.role, s.date, s.decision) if x))
    return "\n".join(out) + "\n"


SCREENING_GROUP = "screening"
"""The group of the screening's findings (kept at the Details location, the screening's answers being part of
the header), printed under their own heading as the app shows them on their own step."""


def group_of(f: Finding) -> str:
    if f.location.section == DETAILS and f.location.field == "screening":
        return SCREENING_GROUP
    return f.location.section


def group_title(a: Assessment, section: str) -> str:
    if section == SCREENING_GROUP:
        return "Screening"
    if section == DETAILS:
        return "Details"
    if section == FRONT:
        return "Introduction and summary"
    if section == SIGNOFF:
        return "Sign-off"
    category = a.category(section)
    return category.title if category else section


def findings_text(a: Assessment, findings: list[Finding], width: int | None = None) -> str:
    """Findings grouped by step/category, errors first within each group, then a verdict."""
    w = width or _width()
    if not findings:
        return f"{a.title or a.id}: ready — no findings.\n"
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(group_of(f), []).append(f)
    out: list[str] = []
    for section, items in groups.items():
        title = group_title(a, section)
        out += [title, "-" * len(title)]
        for f in sorted(items, key=lambda f: f.level != "error"):
            tag = "ERROR  " if f.level == "error" else "warning"
            out.extend(_wrap(f"{f.where}: {f.message}", "  ", w, f"{tag} "))
        out.append("")
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    verdict = "not ready" if errors else "ready"
    out.append(f"{a.title or a.id}: {verdict} — {errors} error{'s' if errors != 1 else ''}, "
               f"{warnings} warning{'s' if warnings != 1 else ''}.")
    return "\n".join(out) + "\n"


def listing_table(items: Iterable[Summary]) -> str:
    rows = [("ID", "TITLE", "STATUS", "LEAD", "UPDATED", "DONE")]
    for s in items:
        rows.append((
            s.id,
            _cut(s.title, 48),
            STATUS_LABELS.get(s.status, s.status),
            _cut(s.lead or "—", 24),
            s.updated.strftime("%Y-%m-%d %H:%M"),
            f"{s.done}/{s.total}",
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows) + "\n"


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
