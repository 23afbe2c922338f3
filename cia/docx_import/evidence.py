"""Evidence paragraphs as evidence items: the citation as written, its link, and its date.

- A link covering the citation (cia's exports, and authors who link the title): the link text is the
  citation, its target the address, and a "(…)" after it the date.
- A web address printed after the citation (the 2020 CIA: "Publisher, Year. Title https://…"): the
  address is the item's link and is taken out of the citation.
- No link at all: the paragraph is the citation; a web address at its very end becomes the link.
- In cia's own exports, further links inside a citation were written "[label](address)" and are
  written that way again; in other documents a further link's address is reported (never dropped).

A date is read only where a link marks where the citation ends: without one, "Survey (March 2021)"
stays the citation as written.
"""

from __future__ import annotations

import re

from .reader import Para
from .report import ImportReport
from .match import is_template_text
from .wording import URL_RE, fix_url, looks_like_url, norm, strip_typed_bullet

NO_EVIDENCE = "No evidence base has been given."
_DATE_AFTER = re.compile(r"^\s*\(([^()]*)\)\s*$")


def _item(text: str, links: list[tuple[str, str]], cia_export: bool) -> tuple[str, str, str, list[tuple[str, str]]]:
    """(citation, url, date, links not kept) for one paragraph."""
    links = [(label, target) for label, target in links if target and not target.startswith("#")]
    if not links:
        m = URL_RE.search(text)
        if m and m.end() >= len(text.rstrip(". ")) - 1:
            return (text[:m.start()] + text[m.end():]).strip(), fix_url(m.group(0).rstrip(".,;)")), "", []
        return text, "", "", []
    # the link that is the item's own address: a link covering the citation, else a printed address
    own = None
    for i, (label, _target) in enumerate(links):
        pos = text.find(label)
        if pos == 0 and (text == label or _DATE_AFTER.match(text[len(label):])):
            own = i
            break
    if own is not None:
        label, target = links[own]
        m = _DATE_AFTER.match(text[len(label):])
        return label, target, m.group(1).strip() if m else "", []
    # cia prints an item's own address after its citation only when the citation has links of its own;
    # otherwise a web address at the end of a cia citation is part of the citation's text
    labelled = any(label != target for label, target in links)
    for i in range(len(links) - 1, -1, -1):
        if cia_export and not labelled:
            break
        label, _target = links[i]
        pos = text.rfind(label)
        if looks_like_url(label) and pos >= 0:
            after = text[pos + len(label):]
            if not after.strip() or _DATE_AFTER.match(after):
                own = i
                break
    citation, url, date = text, "", ""
    if own is not None:
        label, url = links[own]
        pos = citation.rfind(label)
        after = citation[pos + len(label):]
        m = _DATE_AFTER.match(after)
        date = m.group(1).strip() if m else ""
        citation = citation[:pos].rstrip()
    lost: list[tuple[str, str]] = []
    for i, (label, target) in enumerate(links):
        if i == own or label == target or target in citation:
            continue
        if cia_export and label in citation:
            citation = citation.replace(label, f"[{label}]({target})", 1)
        else:
            lost.append((label, target))
    return citation, url, date, lost


def evidence_items(paras: list[Para], where: str, report: ImportReport, *, cia_export: bool = False) -> list[object]:
    from pydantic import ValidationError

    from ..model import EvidenceItem

    items = []
    for p in paras:
        text = p.text.strip()
        if not text or text == NO_EVIDENCE:
            continue
        text, typed = strip_typed_bullet(text)
        report.typed_bullets += typed
        if norm(text).startswith("evidence base") and len(text) < 120:
            continue
        if is_template_text(text):
            report.template_text += 1
            continue
        citation, url, date, lost = _item(text, p.links, cia_export)
        url = fix_url(url) if url else url
        for label, target in lost:
            report.unplaced.append((f"{where} (a further link in one evidence item)", f"{label}: {target}"))
        try:
            item = EvidenceItem(citation=citation, url=url, date=date)
        except ValidationError:
            report.warnings.append(f"{where}: the link {url!r} is not a web address; it is kept in the citation")
            item = EvidenceItem(citation=f"{citation} ({url})" if citation else url, date=date)
        items.append(item)
        report.evidence_items += 1
        report.evidence_links += bool(item.url)
    return items
