"""The app's list screen on a store of 5,000 assessments, beside the same app on the two bundled samples.

Run: python benchmarks/bench_list_screen.py [--count 5000] [--repeat 5] [--skip-across] [--keep DIR]

The store is generated as ``benchmarks/bench_store.py`` generates it (copies of the samples with their own
ids, titles, leads, statuses, dates and extra texts) and its index is built once beforehand (a warm store,
as a council's is). Each run is a fresh Python process driving the real app headless:

- first screen: from the process starting to the list screen first drawn with its rows (imports included);
- a filter keystroke: a search typed one key at a time, each key sent as the terminal sends it and timed
  until the screen is next drawn showing the results for the text typed so far (polled every millisecond),
  with a pause between keys as a typist's keys arrive; also the CPU of the whole process per key;
- on 5,000 only: the Across assessments screen (F3) until drawn, and its first figure's proposals (Enter).

The baseline is the same app on a store of the two samples, measured in the same run. Figures are medians
over ``--repeat`` runs, printed with their ratios and the targets of the store's issue; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TYPED = ("covid", "digital exclusion", "rural")

APP = """
import asyncio, json, sys, time
T0 = time.perf_counter()
sys.path.insert(0, {root!r})
from cia.store import Store
from cia.ui.app import CiaApp
from textual import events
from textual.widgets import Input

PAINTS = []
_display = CiaApp._display

def display(self, screen, renderable):
    # each time the screen is drawn (headless: the update is composed, then not written to a terminal)
    _display(self, screen, renderable)
    if renderable is not None:
        PAINTS.append((time.perf_counter(), getattr(screen, "results_for", None), screen))

CiaApp._display = display

async def painted(after, results_for):
    # the first time the screen was drawn, after ``after``, showing the results for ``results_for``
    while True:
        for t, shown, _ in PAINTS:
            if t >= after and shown == results_for:
                return t
        await asyncio.sleep(0.001)

async def painted_screen(after, screen):
    # the first time ``screen`` was drawn after ``after``
    while not any(t >= after and drawn is screen for t, _, drawn in PAINTS):
        await asyncio.sleep(0.001)

async def main():
    app = CiaApp(Store({store!r}))
    async with app.run_test(size=(120, 40)) as pilot:
        ready = await painted(T0, "") - T0
        screen = app.screen
        table = screen.query_one("#assessments")
        assert table.row_count, "the list is empty"
        await pilot.pause()
        out = {{"ready": ready, "searches": []}}
        for text in {typed!r}:
            keys = []
            cpu0 = time.process_time()
            for char in text:
                want = (screen.query_one("#filter", Input).value + char).strip()
                t0 = time.perf_counter()
                app.post_message(events.Key("space" if char == " " else char, char))
                while screen.results_for != want:
                    await asyncio.sleep(0.001)
                keys.append(await painted(t0, want) - t0)
                await asyncio.sleep({gap})
            cpu = (time.process_time() - cpu0) / len(text)
            shown, total = table.row_count, screen.listing.count
            out["searches"].append({{"text": text, "keys": keys, "cpu": cpu, "shown": shown, "total": total}})
            screen.query_one("#filter", Input).value = ""
            while screen.results_for != "":
                await asyncio.sleep(0.001)
            await pilot.pause()
        if {across!r}:
            # the Across assessments screen: F3 until its table is drawn, then Enter on the first row's
            # proposals until their list is drawn
            t0 = time.perf_counter()
            app.post_message(events.Key("f3", None))
            while type(app.screen).__name__ != "AcrossScreen" or not app.screen.rows:
                await asyncio.sleep(0.001)
            across = app.screen
            await painted_screen(t0, across)
            out["across"] = time.perf_counter() - t0
            table = across.query_one("#across-table")
            table.focus()
            await pilot.pause()
            t0 = time.perf_counter()
            app.post_message(events.Key("enter", None))
            while type(app.screen).__name__ != "ProposalsScreen" or not app.screen.proposals:
                await asyncio.sleep(0.001)
            await painted_screen(t0, app.screen)
            out["proposals"] = time.perf_counter() - t0
            out["proposals_count"] = len(app.screen.proposals)
    print(json.dumps(out))

asyncio.run(main())
"""


def app_run(store: Path, typed: tuple[str, ...], gap: float, across: bool = False) -> dict:
    code = APP.format(root=str(ROOT), store=str(store), typed=typed, gap=gap, across=across)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"the app failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def line(label: str, seconds: float, ratio: float | None = None, target: str = "") -> None:
    text = f"  {label:60s} {seconds * 1000:8.1f} ms"
    if ratio is not None:
        text += f"   {ratio:5.2f}×"
    if target:
        text += f"   target {target}"
    print(text, flush=True)


def main() -> None:
    from bench_store import generate
    from cia.store import Store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--gap", type=float, default=0.1, help="seconds between keys (a typist's pace)")
    parser.add_argument("--skip-across", action="store_true", help="do not time the Across assessments screen")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (the store is reused)")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cia-bench-list-"))
    try:
        big, two = work / f"store{args.count}", work / "two"
        if not (big / f"a{args.count - 1:07d}.json").exists():
            t = time.perf_counter()
            generate(big, args.count)
            print(f"generated {args.count:,} assessments in {time.perf_counter() - t:.1f} s")
        if not two.exists():
            generate(two, 2)
        for root in (big, two):
            s = Store(root)
            s.list()  # the index built once, as a council's store has it
            s.close()
        small_runs, big_runs = [], []
        for _ in range(args.repeat):  # interleaved, so both sides meet the same load on the machine
            small_runs.append(app_run(two, TYPED, args.gap))
            big_runs.append(app_run(big, TYPED, args.gap, across=not args.skip_across))

        def keys(runs: list[dict]) -> list[float]:
            return [k for r in runs for s in r["searches"] for k in s["keys"]]

        def cpu(runs: list[dict]) -> float:
            return statistics.median(s["cpu"] for r in runs for s in r["searches"])

        small_ready = statistics.median(r["ready"] for r in small_runs)
        big_ready = statistics.median(r["ready"] for r in big_runs)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
        print(f"\nthe list screen, {args.repeat} runs each, medians ({args.count:,} assessments beside 2; "
              f"load average {load} on {os.cpu_count()} cores)")
        line("first screen on the 2 samples (baseline)", small_ready)
        line(f"first screen on {args.count:,} (÷ on 2)", big_ready, big_ready / small_ready, "≤ 1.3×")
        sk, bk = keys(small_runs), keys(big_runs)
        line("filter keystroke on 2, until drawn (baseline)", statistics.median(sk))
        line(f"filter keystroke on {args.count:,}, until drawn (÷ on 2)", statistics.median(bk),
             statistics.median(bk) / statistics.median(sk), "≤ 30 ms")
        line(f"filter keystroke on {args.count:,}, 90th percentile", sorted(bk)[int(len(bk) * 0.9)])
        line(f"filter keystroke on {args.count:,}, slowest", max(bk))
        line(f"first keystroke on {args.count:,}", statistics.median(r["searches"][0]["keys"][0] for r in big_runs))
        line("CPU per keystroke on 2 (baseline)", cpu(small_runs))
        line(f"CPU per keystroke on {args.count:,} (÷ on 2)", cpu(big_runs), cpu(big_runs) / cpu(small_runs))
        if not args.skip_across:
            line(f"Across assessments (F3) on {args.count:,}, until drawn",
                 statistics.median(r["across"] for r in big_runs))
            line(f"its first row's {big_runs[0]['proposals_count']:,} proposals (Enter), until drawn",
                 statistics.median(r["proposals"] for r in big_runs))
        for s in big_runs[0]["searches"]:
            print(f"  '{s['text']}': {s['total']:,} matches, {s['shown']:,} rows in the table")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
