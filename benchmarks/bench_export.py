"""Time the Word exports beside a plain python-docx baseline writing the same tables.

    python benchmarks/bench_export.py [--runs N]

Measures, for the largest bundled sample (cdp2020) and for a synthetic assessment three times
its size (every category's areas and evidence repeated three times):

- full CIA, built in memory (the figure compared with the baseline);
- full CIA written to disk (export_documents(full=True, summary=False): build, fsync, rename);
- both documents written to disk;
- baseline: plain python-docx (Document(), add_heading, add_table, cell.text, add_paragraph with the
  "List Bullet" style by name) writing the same category tables, saved in memory.

Figures are medians over the runs, after one warm-up run (imports and template caches).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cia.model import AreaEntry, Assessment  # noqa: E402
from cia.store import read_file  # noqa: E402

TARGET_SECONDS = 1.0
TARGET_RATIO = 1.5


def largest_sample() -> Assessment:
    return read_file(ROOT / "cia_store" / "cdp2020.json")


def tripled(a: Assessment) -> Assessment:
    """A copy with every category's areas (as extra areas) and evidence repeated: three times the content."""
    big = a.model_copy(deep=True)
    for section in big.sections:
        originals = list(section.entries)
        for copy in (2, 3):
            for entry in originals:
                data = entry.model_dump()
                data.update(key=f"extra_{entry.key}_{copy}"[:80], extra=True,
                            name=f"{big.area_name(section.key, entry)} ({copy})",
                            question=big.area_question(section.key, entry))
                section.entries.append(AreaEntry.model_validate(data))
        section.evidence = list(section.evidence) * 3
    big.key_mitigations = list(big.key_mitigations) * 3
    return big


def baseline(a: Assessment) -> bytes:
    """The same category tables written the plain python-docx way."""
    from docx import Document

    doc = Document()
    doc.add_heading("Community Impact Assessment", 1)
    for section in a.sections:
        category = a.category(section.key)
        if category is None:
            continue
        doc.add_heading(category.title, 2)
        fields = (["groups"] if category.groups_column else []) + ["benefits", "risks", "mitigations"]
        columns = [category.area_column] + ([category.groups_column] if category.groups_column else []) + [
            "Benefits", "Risks", "Mitigations / Recommendations"]
        table = doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, columns):
            cell.text = name
        for entry in section.entries:
            cells = table.add_row().cells
            cells[0].text = a.area_name(section.key, entry)
            question = a.area_question(section.key, entry)
            if question:
                cells[0].add_paragraph(question)
            for cell, field in zip(cells[1:], fields):
                points = entry.points(field)  # type: ignore[arg-type]
                if entry.status == "na":
                    cell.text = "N/A"
                    continue
                for i, point in enumerate(points):
                    if i == 0:
                        cell.paragraphs[0].text = point
                        cell.paragraphs[0].style = "List Bullet"
                    else:
                        cell.add_paragraph(point, style="List Bullet")
        for item in section.evidence:
            doc.add_paragraph(f"{item.citation} {item.url}".strip(), style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def timed(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def count(a: Assessment) -> str:
    rows = sum(len(s.entries) for s in a.sections)
    points = sum(len(e.groups) + len(e.benefits) + len(e.risks) + len(e.mitigations)
                 for s in a.sections for e in s.entries)
    return f"{rows} rows, {points} points"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)

    from cia.export import export_documents
    from cia.export.full import build_full

    sample = largest_sample()
    cases = [("cdp2020 sample", sample), ("synthetic 3x", tripled(sample))]
    print(f"Word export benchmark (median of {args.runs} runs; seconds)")
    worst_ratio = 0.0
    slowest = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for label, a in cases:
            full_mem = timed(lambda a=a: build_full(a), args.runs)
            full_disk = timed(lambda a=a: export_documents(a, out, full=True, summary=False), args.runs)
            both_disk = timed(lambda a=a: export_documents(a, out), args.runs)
            base = timed(lambda a=a: baseline(a), args.runs)
            ratio = full_mem / base
            worst_ratio = max(worst_ratio, ratio)
            slowest = max(slowest, full_disk) if label.endswith("sample") else slowest
            print(f"\n{label} ({count(a)})")
            print(f"  full CIA, in memory          {full_mem:8.3f}")
            print(f"  full CIA, written to disk    {full_disk:8.3f}")
            print(f"  both documents, to disk      {both_disk:8.3f}")
            print(f"  plain python-docx baseline   {base:8.3f}")
            print(f"  ratio full CIA / baseline    {ratio:8.2f}x")
    print(f"\nTargets: realistic CIA under {TARGET_SECONDS:.1f} s (measured {slowest:.3f} s); "
          f"at most {TARGET_RATIO}x the baseline (worst {worst_ratio:.2f}x).")
    ok = slowest < TARGET_SECONDS and worst_ratio <= TARGET_RATIO
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
