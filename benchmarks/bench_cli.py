"""Whole-process time of the everyday read-only commands, against a pydantic baseline in the same run.

Run: python benchmarks/bench_cli.py [--repeat 9]

Each figure is the fastest of ``--repeat`` runs of a fresh process on a copy of the bundled samples:
``cia check``, ``cia show`` and ``cia list`` beside ``python -c "from pydantic import BaseModel"``
(which every command that loads an assessment has to pay for) and ``python -c pass``. The target for
``check`` and ``show`` is 1.2x the pydantic baseline. Nothing is asserted; the figures are printed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fastest(cmd: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    store = Path(tempfile.mkdtemp(prefix="cia-bench-cli-"))
    try:
        for sample in (ROOT / "cia_store").glob("*.json"):
            shutil.copy2(sample, store / sample.name)
        cia = [sys.executable, "-m", "cia.cli", "--store", str(store)]
        subprocess.run([*cia, "list"], stdout=subprocess.DEVNULL, check=False)  # build the index once

        empty = fastest([sys.executable, "-c", "pass"], args.repeat)
        base = fastest([sys.executable, "-c", "from pydantic import BaseModel"], args.repeat)
        rows = [
            ("cia check cdp2020", fastest([*cia, "check", "cdp2020"], args.repeat), 1.2),
            ("cia show cdp2020", fastest([*cia, "show", "cdp2020"], args.repeat), 1.2),
            ("cia list (warm)", fastest([*cia, "list"], args.repeat), None),
        ]
        print(f"python -c pass                      {empty * 1000:7.1f} ms")
        print(f"baseline: from pydantic import BaseModel {base * 1000:7.1f} ms")
        for name, seconds, target in rows:
            goal = f"target <= {target:.1f}x" if target else ""
            print(f"{name:34} {seconds * 1000:7.1f} ms  {seconds / base:5.2f}x baseline  {goal}")
    finally:
        shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    main()
