"""Time `cia impacts` (the cumulative picture) on a store of 5,000 assessments, whole process.

Run: python benchmarks/bench_impacts.py [--count 5000] [--repeat 7] [--keep DIR]

The store is generated from the bundled samples: each assessment is a copy of one of them with a new id,
title, status and directorate and some of its areas given extra risks (some rated high) or marked not
assessed. The index is built once (a cold `cia list`); then each command is run as its own process and
timed beside two baselines measured in the same run: the interpreter starting (`python -c pass`) and a
warm `cia list`. Figures are printed as milliseconds and as ratios to the baselines; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
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

from cia.resources import samples_dir  # noqa: E402

TOPICS = ["Library opening hours", "Household waste sites", "Home to school transport", "Day services",
          "Highways maintenance", "Youth services", "Adult learning", "Carers support", "Care home fees",
          "Rural bus routes", "Country parks", "Digital inclusion"]
DIRECTORATES = ["Families and Communities", "Economy, Infrastructure and Skills", "Health and Care",
                "Corporate Services"]
STATUSES = ["draft", "draft", "in_review", "approved", "approved", "signed_off"]


def generate(root: Path, count: int, seed: int = 1) -> None:
    """Files written directly (the JSON of the samples, varied): fast enough for 5,000."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    samples = [json.loads(p.read_text("utf-8")) for p in sorted(samples_dir().glob("*.json"))
               if not p.name.startswith(".")]
    for i in range(count):
        data = json.loads(json.dumps(samples[i % len(samples)]))
        data["id"] = f"a{i:05d}"
        data["revision"] = 1
        data["status"] = rng.choice(STATUSES)
        data["updated"] = f"20{20 + i % 6}-0{1 + i % 9}-1{i % 9}T09:00:00Z"
        data["header"]["title"] = f"{rng.choice(TOPICS)} review {2020 + i % 7} ({i + 1})"
        data["header"]["directorate"] = rng.choice(DIRECTORATES)
        data["signoffs"] = []
        for section in data["sections"]:
            for entry in section["entries"]:
                roll = rng.random()
                if roll < 0.1:
                    entry["status"] = "not_assessed"
                elif roll < 0.25:
                    entry["status"] = "assessed"
                    entry["risks"] = [*entry["risks"], {"id": f"r{len(entry['risks']) + 1}",
                                                        "text": f"Additional risk noted in review {i}.",
                                                        "rating": rng.choice(["high", "medium", None]),
                                                        "owner": "", "due": "", "key": False}]
        (root / f"{data['id']}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")


def timed(cmd: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.strip()}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (reused if it exists)")
    args = parser.parse_args()

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cia-bench-impacts-"))
    try:
        if not any(root.glob("*.json")):
            start = time.perf_counter()
            generate(root, args.count)
            print(f"generated {args.count} assessments in {time.perf_counter() - start:.1f} s")
        files = list(root.glob("*.json"))
        print(f"store: {len(files)} assessments, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB")
        cia = [sys.executable, "-m", "cia.cli", "--store", str(root)]
        cold = timed(cia + ["list"], 1)[0]
        print(f"{'cia list, cold (builds the index)':44s}        {cold * 1000:8.0f} ms")

        runs = {
            "python -c pass (baseline: interpreter)": [sys.executable, "-c", "pass"],
            "python -c 'import pydantic' (baseline)": [sys.executable, "-c", "import pydantic"],
            "cia list (baseline: warm listing)": cia + ["list"],
            "cia impacts": cia + ["impacts"],
            "cia impacts --json": cia + ["impacts", "--json"],
            "cia impacts --status approved,signed_off": cia + ["impacts", "--status", "approved,signed_off"],
            "cia impacts --characteristic disability": cia + ["impacts", "--characteristic", "disability"],
            "cia impacts --directorate 'Health and Care'": cia + ["impacts", "--directorate", "Health and Care"],
        }
        medians: dict[str, float] = {}
        for label, cmd in runs.items():
            t = timed(cmd, args.repeat)
            medians[label] = statistics.median(t)
        base_py = medians["python -c pass (baseline: interpreter)"]
        base_list = medians["cia list (baseline: warm listing)"]
        base_pyd = medians["python -c 'import pydantic' (baseline)"]
        print(f"{'':44s} {'median':>8s}   {'× python':>8s}  {'× pydantic':>10s}  {'× cia list':>10s}")
        for label, m in medians.items():
            target = "   target ≤ 300 ms" if label.startswith("cia impacts") else ""
            print(f"{label:44s} {m * 1000:6.0f} ms   {m / base_py:8.1f}  {m / base_pyd:10.2f}  {m / base_list:10.2f}"
                  f"{target}")
        print(f"(target: cia impacts within 300 ms whole-process on {len(files)} assessments, --json included)")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
