"""Time from process start to the first interactive screen: the cia app beside a bare one-screen Textual app.

Run: python benchmarks/bench_startup.py [--runs 7]

Each measurement is a fresh Python subprocess that imports its app, runs it headless
(``run_test``) and reports the moment the first screen has mounted and refreshed, as
seconds since the process started. The cia app opens the Assessments screen on a copy
of the bundled samples. The script also reports whether python-docx or Jinja2 were
imported by then (they should only load when exporting). Figures are printed; nothing
is asserted.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRELUDE = """
import time
T0 = time.perf_counter()
import asyncio, json, sys
"""
# ready: seconds from the first line of the program to the first screen, as seen on the wall clock;
# cpu: the process's CPU time by then (which says less about the other work on a shared machine).

BARE = PRELUDE + """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    # one screen: a header, some text and a footer (no DataTable: its import and first render would
    # flatter the ratio, since cia's list screen has one)
    def compose(self):
        yield Header()
        yield Static("Assessments")
        yield Footer()

async def main():
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        ready = time.perf_counter() - T0
        cpu = time.process_time()
    print(json.dumps({"ready": ready, "cpu": cpu, "docx": "docx" in sys.modules, "jinja2": "jinja2" in sys.modules,
                      "pydantic": "pydantic" in sys.modules}))

asyncio.run(main())
"""

CIA = PRELUDE + """
sys.path.insert(0, {root!r})
from cia.store import Store
from cia.ui.app import CiaApp

async def main():
    app = CiaApp(Store({store!r}))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "AssessmentsScreen", app.screen
        ready = time.perf_counter() - T0
        cpu = time.process_time()
    print(json.dumps({{"ready": ready, "cpu": cpu, "docx": "docx" in sys.modules, "jinja2": "jinja2" in sys.modules,
                      "pydantic": "pydantic" in sys.modules}}))

asyncio.run(main())
"""


def measure(code: str, env: dict[str, str]) -> dict:
    import time

    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"benchmark app failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="cia-bench-startup-"))
    # as after an install: bytecode and cia's prebuilt validators in place (built by the warm-up runs)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["CIA_CACHE_DIR"] = str(tmp / "cache")
    compileall.compile_dir(str(ROOT / "cia"), quiet=1)
    try:
        sys.path.insert(0, str(ROOT))
        from cia.resources import samples_dir

        store = tmp / "store"
        store.mkdir()
        for sample in samples_dir().glob("*.json"):
            shutil.copy2(sample, store / sample.name)
        programs = {"bare Textual": BARE, "cia": CIA.format(root=str(ROOT), store=str(store))}
        results: dict[str, list[dict]] = {name: [] for name in programs}
        measure(programs["bare Textual"], env)  # warm the bytecode caches once
        measure(programs["cia"], env)
        for _ in range(args.runs):  # interleave so both see the same machine load
            for name, code in programs.items():
                results[name].append(measure(code, env))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"Time to first interactive screen (headless, 120x40), median of {args.runs} runs:")
    medians = {}
    for name, runs in results.items():
        ready = statistics.median(r["ready"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        wall = statistics.median(r["wall"] for r in runs)
        medians[name] = ready
        print(f"  {name:<13} ready {ready * 1000:6.0f} ms  cpu {cpu * 1000:6.0f} ms   (min ready "
              f"{min(r['ready'] for r in runs) * 1000:.0f} ms, process wall {wall * 1000:.0f} ms)")
    pairs = list(zip(results["cia"], results["bare Textual"]))
    ratio = statistics.median(c["ready"] / b["ready"] for c, b in pairs)
    cpu_ratio = statistics.median(c["cpu"] / b["cpu"] for c, b in pairs)
    extra = medians["cia"] - medians["bare Textual"]
    print(f"  cia costs {extra * 1000:+.0f} ms over a bare Textual app: {ratio:.2f}x ready, {cpu_ratio:.2f}x CPU "
          "(median of the run-by-run ratios; target <= 1.3x)")
    cia_runs = results["cia"]
    print(f"  imported at start-up: pydantic {any(r['pydantic'] for r in cia_runs)}, "
          f"python-docx {any(r['docx'] for r in cia_runs)}, Jinja2 {any(r['jinja2'] for r in cia_runs)}")


if __name__ == "__main__":
    main()
