"""Time `cia list` and `cia check` on a store of 1,000 realistic assessments.

Run: python benchmarks/bench_store.py [--count 1000] [--keep DIR]

The store is generated from the bundled samples: each assessment is a copy of one
of them with a new id, title, lead and varied content, so file sizes and
completeness match real CIAs. Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cia.model import new_id, now  # noqa: E402
from cia.resources import samples_dir  # noqa: E402
from cia.store import Store, read_file  # noqa: E402

TOPICS = ["Library opening hours", "Household waste sites", "Home to school transport", "Day services",
          "Highways maintenance", "Youth services", "Adult learning", "Carers support", "Care home fees",
          "Rural bus routes", "Country parks", "Digital inclusion"]
LEADS = ["Alex Morgan", "Sam Patel", "Jo Evans", "Chris Hughes", "Priya Shah", "Rhys Jones", "Kim Lee"]


def generate(root: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    samples = [read_file(p) for p in Store(samples_dir()).files()]
    store = Store(root)
    for i in range(count):
        a = samples[i % len(samples)].model_copy(deep=True)
        a.id = new_id()
        a.revision = 0
        a.created = a.updated = now()
        a.header.title = f"{rng.choice(TOPICS)} review {2020 + i % 7} ({i + 1})"
        a.header.leads = [a.header.leads[0].model_copy(update={"name": rng.choice(LEADS)})] if a.header.leads else []
        for section in a.sections:
            for entry in section.entries:
                roll = rng.random()
                if roll < 0.15:
                    entry.status = "not_assessed"
                elif roll < 0.2:
                    entry.risks = [*entry.risks, f"Additional risk noted in review {i}."]
        store.save(a, touch=False)


def timed(cmd: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    args = parser.parse_args()

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cia-bench-"))
    try:
        start = time.perf_counter()
        generate(root, args.count)
        gen = time.perf_counter() - start
        files = list(root.glob("*.json"))
        size = sum(p.stat().st_size for p in files)
        print(f"store: {len(files)} assessments, {size / 1e6:.1f} MB, generated in {gen:.1f} s")

        some_id = sorted(p.stem for p in files)[0]
        cia = [sys.executable, "-m", "cia.cli", "--store", str(root)]
        cold = timed(cia + ["list"], 1)[0]  # no listing cache yet: every file is read and validated
        print(f"{'cia list, cold (builds .index.json)':42s}        {cold * 1000:7.0f} ms")
        runs = {
            "python -c pass (interpreter start)": [sys.executable, "-c", "pass"],
            "cia --help": cia + ["--help"],
            f"cia list ({len(files)} assessments)": cia + ["list"],
            "cia check ID (one assessment)": cia + ["check", some_id],
            "cia show ID": cia + ["show", some_id],
        }
        for label, cmd in runs.items():
            t = timed(cmd, args.repeat)
            print(f"{label:42s} median {statistics.median(t) * 1000:7.0f} ms   min {min(t) * 1000:7.0f} ms")

        # checking every assessment in the store, in one process
        from cia.checks import check

        store = Store(root)
        start = time.perf_counter()
        listing = store.list()
        t_list = time.perf_counter() - start
        start = time.perf_counter()
        findings = 0
        for item in listing.items:
            findings += len(check(store.load(item.id)))
        t_all = time.perf_counter() - start
        print(f"in-process: list {t_list * 1000:.0f} ms; load + check all {len(listing.items)} "
              f"in {t_all * 1000:.0f} ms ({t_all / len(listing.items) * 1000:.2f} ms each, {findings} findings)")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
