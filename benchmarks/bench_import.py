"""Time `cia import FILE.docx` as a person meets it, beside a python-docx baseline measured in the same run.

    python benchmarks/bench_import.py [--runs N]

Cases: the council-layout 2020 CIA built from the transcribed example (tests/docx_fixtures.py) and cia's
own export of the largest sample (cdp2020). Measured, each as the median over the runs after a warm-up:

- whole process: `cia --store DIR import FILE.docx` from interpreter start to exit (imports, safe
  opening, reading, placing every row, the report, the atomic save), a fresh store each run;
- baseline process: a fresh interpreter that opens the same file with python-docx and reads the text of
  every paragraph and table cell (no placing, no saving) — the least any importer must do;
- in one warm process: reading the document into an assessment (cia) and the baseline's read.

Each figure is printed with its ratio to the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

BASELINE = """
import sys
from docx import Document
d = Document(sys.argv[1])
n = sum(len(p.text) for p in d.paragraphs)
n += sum(len(c.text) for t in d.tables for r in t.rows for c in r.cells)
"""


def documents(folder: Path) -> dict[str, Path]:
    from docx_fixtures import CDP2020, build, load

    from cia.export import export_documents
    from cia.store import read_file

    council = build(load(CDP2020), folder / "council-2020.docx")
    exported = export_documents(read_file(ROOT / "cia_store" / "cdp2020.json"), folder, summary=False)[0]
    return {"council 2020 layout": council, "cia export (cdp2020)": exported}


def median_time(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from docx import Document

    from cia.docx_import import read_docx
    from cia.docx_import import match

    cia = [str(Path(sys.executable).with_name("cia"))]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, path in documents(folder).items():
            counter = iter(range(10_000))

            def process() -> None:
                store = folder / f"store-{next(counter)}"
                subprocess.run([*cia, "--store", str(store), "import", str(path)], check=True,
                               stdout=subprocess.DEVNULL)

            def baseline_process() -> None:
                subprocess.run([sys.executable, "-c", BASELINE, str(path)], check=True)

            def warm() -> None:
                match._match_area.cache_clear()
                match._is_template_text.cache_clear()
                read_docx(path)

            def baseline_warm() -> None:
                d = Document(str(path))
                sum(len(p.text) for p in d.paragraphs) + sum(
                    len(c.text) for t in d.tables for r in t.rows for c in r.cells)

            base_p = median_time(baseline_process, args.runs)
            ours_p = median_time(process, args.runs)
            base_w = median_time(baseline_warm, args.runs)
            ours_w = median_time(warm, args.runs)
            print(f"{name} ({path.stat().st_size // 1024} KB)")
            print(f"  whole process  cia import {ours_p * 1000:6.0f} ms   baseline {base_p * 1000:6.0f} ms"
                  f"   ratio {ours_p / base_p:.2f}")
            print(f"  warm, in memory  read    {ours_w * 1000:6.0f} ms   baseline {base_w * 1000:6.0f} ms"
                  f"   ratio {ours_w / base_w:.2f}")


if __name__ == "__main__":
    main()
