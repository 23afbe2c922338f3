"""What an import did, for the person who ran it: printed by ``cia import``, shown by the app."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    source: str
    edition: str = ""
    edition_title: str = ""
    edition_how: str = ""
    """How the edition was recognised ("recorded in the document by cia", "from the layout")."""
    header_fields: list[str] = field(default_factory=list)
    front_sections: list[str] = field(default_factory=list)
    placed: dict[str, list[str]] = field(default_factory=dict)
    """Category title -> template areas placed, in order."""
    extra: list[tuple[str, str]] = field(default_factory=list)
    """(category title, area name) of rows that are not template areas."""
    na: list[tuple[str, str, str]] = field(default_factory=list)
    """(category title, area name, reason as written)."""
    references: int = 0
    points: int = 0
    evidence_items: int = 0
    evidence_links: int = 0
    lines: list[tuple[str, str, int]] = field(default_factory=list)
    """(category, area, number of impact lines) for rows that pair groups with their own impacts."""
    continued_rows: int = 0
    rejoined_points: int = 0
    repeated_headers: int = 0
    typed_bullets: int = 0
    na_cells: int = 0
    template_text: int = 0
    signoffs: int = 0
    executive_summary: bool = False
    key_risks: int = 0
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    """(where, text) of everything that could not be placed; also kept in the assessment's import notes."""
    warnings: list[str] = field(default_factory=list)

    @property
    def areas_placed(self) -> int:
        return sum(len(v) for v in self.placed.values())

    def lines_text(self) -> list[str]:
        out = [f"Imported {self.source}"]
        how = f" ({self.edition_how})" if self.edition_how else ""
        out.append(f"  edition: {self.edition_title or self.edition}{how}")
        if self.header_fields:
            out.append(f"  header: {', '.join(self.header_fields)}")
        if self.front_sections:
            out.append(f"  front sections: {', '.join(self.front_sections)}")
        out.append(f"  areas placed: {self.areas_placed} ({self.points} points, {self.references} "
                   f"\"see first row\" reference{'s' if self.references != 1 else ''})")
        for title, names in self.placed.items():
            out.append(f"    {title}: {len(names)}")
        if self.extra:
            out.append(f"  extra areas: {len(self.extra)}")
            out.extend(f"    {title}: {name}" for title, name in self.extra)
        else:
            out.append("  extra areas: none")
        out.append(f"  N/A rows: {len(self.na)}")
        for title, name, reason in self.na:
            out.append(f"    {title}: {name}" + (f" — “{reason}”" if reason else ""))
        if self.lines:
            out.append("  rows with impact lines side by side: "
                       + "; ".join(f"{t} › {a} ({n} lines)" for t, a, n in self.lines))
        out.append(f"  evidence: {self.evidence_items} item{'s' if self.evidence_items != 1 else ''}, "
                   f"{self.evidence_links} link{'s' if self.evidence_links != 1 else ''}")
        if self.signoffs:
            out.append(f"  sign-offs: {self.signoffs}")
        if self.executive_summary:
            out.append("  executive summary: read from the Checklist and Executive Summary")
        if self.key_risks:
            out.append(f"  key risks: {self.key_risks}")
        layout = []
        if self.repeated_headers:
            layout.append(f"{self.repeated_headers} repeated header row{'s' if self.repeated_headers != 1 else ''} "
                          "skipped")
        if self.continued_rows:
            layout.append(f"{self.continued_rows} row{'s' if self.continued_rows != 1 else ''} split across "
                          "pages re-joined")
        if self.rejoined_points:
            layout.append(f"{self.rejoined_points} sentence{'s' if self.rejoined_points != 1 else ''} cut by a "
                          "page break re-joined")
        if self.typed_bullets:
            layout.append(f"{self.typed_bullets} typed bullet{'s' if self.typed_bullets != 1 else ''} removed")
        if self.na_cells:
            layout.append(f"{self.na_cells} cell{'s' if self.na_cells != 1 else ''} saying only N/A read as empty")
        if self.template_text:
            layout.append(f"{self.template_text} paragraph{'s' if self.template_text != 1 else ''} of template "
                          "wording skipped")
        if layout:
            out.append("  layout: " + "; ".join(layout))
        for warning in self.warnings:
            out.append(f"  note: {warning}")
        if self.unplaced:
            out.append(f"  not placed ({len(self.unplaced)}; kept in the assessment's import notes):")
            for where, text in self.unplaced:
                short = text if len(text) <= 100 else text[:99] + "…"
                out.append(f"    {where}: {short}")
        else:
            out.append("  not placed: nothing")
        return out

    def text(self) -> str:
        return "\n".join(self.lines_text())

    def notes_text(self) -> str:
        """The unplaced text as the assessment keeps it (``Assessment.import_notes``)."""
        if not self.unplaced:
            return ""
        head = f"Not placed when {self.source} was imported:"
        return head + "\n\n" + "\n\n".join(f"[{where}] {text}" for where, text in self.unplaced)
