"""Whole-process time of the everyday read-only commands, against a pydantic baseline in the same run.

Run: python benchmarks/bench_cli.py [--runs 15]

Each figure is the median of ``--runs`` fresh processes on a copy of the bundled samples: ``cia check``,
``cia show`` and ``cia list`` beside ``python -c "from pydantic import BaseModel"`` (which every command that
loads an assessment has to pay for), a program that defines and validates one pydantic model with a ``Field``
(for scale) and ``python -c pass``. The commands are interleaved, so that each sees the
same load on the machine, and the ratio to the baseline is taken run by run. The target for ``check`` and
``show`` is 1.2x the pydantic baseline. For ``check`` and ``show`` the ratio to the one-model program is
printed too: that program is the floor any program pays that reads data through pydantic models (importing
``pydantic.fields``, ``pydantic.types`` and ``annotated_types`` comes with the first ``Field``), so it says
how much of the time is cia's own. Nothing is asserted; the figures are printed.

As after an install, Python's bytecode and cia's prebuilt validators (:mod:`cia.prebuilt`) are in place
before measuring (the first run after an install or a change of the code builds them once); ``--cold`` measures
with the validators built in every process instead.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = "from pydantic import BaseModel, Field\nclass M(BaseModel):\n    x: int = Field(0, ge=0)\nM(x=1)"


def once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one process; CPU time says less about the other work on the machine."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cold", action="store_true", help="no prebuilt validators (CIA_NO_CACHE=1)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="cia-bench-cli-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["CIA_CACHE_DIR"] = str(tmp / "cache")
    if args.cold:
        env["CIA_NO_CACHE"] = "1"
    try:
        store = tmp / "store"
        store.mkdir()
        for sample in (ROOT / "cia_store").glob("*.json"):
            shutil.copy2(sample, store / sample.name)
        compileall.compile_dir(str(ROOT / "cia"), quiet=1)
        cia = [sys.executable, "-m", "cia.cli", "--store", str(store)]
        programs = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "baseline": [sys.executable, "-c", "from pydantic import BaseModel"],
            # what any program pays that defines one model with a Field() and validates it (pydantic.fields,
            # pydantic.types and annotated_types load then), for scale: cia defines 30 such classes
            "one pydantic model": [sys.executable, "-c", FLOOR],
            "cia check cdp2020": [*cia, "check", "cdp2020"],
            "cia show cdp2020": [*cia, "show", "cdp2020"],
            "cia list (warm)": [*cia, "list"],
        }
        for cmd in programs.values():  # bytecode, the index, the prebuilt validators
            once(cmd, env)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in programs}
        for _ in range(args.runs):
            for name, cmd in programs.items():
                times[name].append(once(cmd, env))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    targets = {"cia check cdp2020": 1.2, "cia show cdp2020": 1.2}
    mode = "validators built in each process" if args.cold else "prebuilt validators in place"
    print(f"Whole process, median of {args.runs} interleaved runs ({mode}); wall clock and CPU time:")
    for name in programs:
        label = 'baseline: from pydantic import BaseModel' if name == "baseline" else name
        line = f"  {label:42}"
        for i, kind in ((0, "wall"), (1, "cpu")):
            ms = statistics.median(t[i] for t in times[name]) * 1000
            line += f" {kind} {ms:6.1f} ms"
            if name != "baseline":
                ratio = statistics.median(t[i] / b[i] for t, b in zip(times[name], times["baseline"]))
                line += f" {ratio:4.2f}x"
        if name in targets:
            line += f"  (target <= {targets[name]:.1f}x)"
        print(line)
        if name in targets:  # against what reading through any pydantic model costs
            line = f"  {'  against one pydantic model (the floor)':42}"
            for i, kind in ((0, "wall"), (1, "cpu")):
                ratio = statistics.median(t[i] / f[i] for t, f in zip(times[name], times["one pydantic model"]))
                line += f" {kind} {'':9} {ratio:4.2f}x"
            print(line)
    print("  (the floor: any program that reads through a pydantic model with a Field pays for pydantic.fields,\n"
          "   pydantic.types and annotated_types, and for building one validator)")


if __name__ == "__main__":
    main()
