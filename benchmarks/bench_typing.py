"""CPU per keystroke in the area editor, beside a bare Textual TextArea typed into the same way.

Run: python benchmarks/bench_typing.py [--keys 200] [--size-mb 2]

Each side is a fresh Python subprocess running its app headless: the keys of a sentence are sent one at a
time, each followed by waiting until the app has handled it (as a typist's keys arrive), and the CPU time
of the whole process over all the keys is divided by their number. Half way the cia typist stops for three seconds, so the
autosave and the recovery copy of the large assessment run, and the slowest key includes the first one
after them. The cia side types into a point of an
area of an assessment padded to about ``--size-mb`` megabytes with realistic text (long points in every
other area), so the checks and saves that follow a key see a large assessment. Also printed: the slowest single
key (wall clock, as the user waits for it) and how many times each app laid its screen out. Figures are
printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DRIVER = """
import asyncio, json, sys, time
sys.path.insert(0, {root!r})
from textual import events

TEXT = "Older residents may find the new booking system harder to use without help "

async def type_keys(app, target, n):
    # One key every GAP seconds, as a fast typist's keys arrive; each key's latency is the time until the
    # field shows it (polled every millisecond, which costs both sides the same).
    keys = (TEXT * (n // len(TEXT) + 1))[:n]
    layouts = 0
    screen = app.screen
    original = screen._refresh_layout
    def counting(*args, **kwargs):
        nonlocal layouts
        layouts += 1
        return original(*args, **kwargs)
    screen._refresh_layout = counting
    slowest = 0.0
    cpu = 0.0
    cpu0 = time.process_time()
    for i, char in enumerate(keys):
        if i == len(keys) // 2:
            # the typist stops for a moment: the autosave and the recovery copy run (their CPU is not
            # counted as the keys'), and the next key is timed like any other
            cpu += time.process_time() - cpu0
            await asyncio.sleep({rest})
            cpu0 = time.process_time()
        before = len(target.text)
        t0 = time.perf_counter()
        app.post_message(events.Key("space" if char == " " else char, char))
        while len(target.text) == before and time.perf_counter() - t0 < 5:
            await asyncio.sleep(0.001)
        slowest = max(slowest, time.perf_counter() - t0)
        await asyncio.sleep({gap})
    cpu += time.process_time() - cpu0
    return {{"cpu_per_key": cpu / len(keys), "slowest": slowest, "layouts": layouts, "keys": len(keys)}}
"""

BARE = DRIVER + """
from textual.app import App
from textual.widgets import TextArea

class Bare(App):
    def compose(self):
        yield TextArea(soft_wrap=True)

async def main():
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.query_one(TextArea).focus()
        await pilot.pause()
        print(json.dumps(await type_keys(app, app.query_one(TextArea), {keys})))

asyncio.run(main())
"""

CIA = DRIVER + """
from cia.checks import Location
from cia.store import Store
from cia.ui.app import CiaApp

async def main():
    app = CiaApp(Store({store!r}), "big")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
        screen = app.screen
        await screen.show_step("psed")
        screen.open_area(Location("psed", "age", "risks", 0))
        for _ in range(3):
            await pilot.pause()
        area = app.screen
        point = area.query_one("#risks").rows[0]
        point.focus()
        point.move_cursor(point.document.end)
        await pilot.pause()
        result = await type_keys(app, point, {keys})
        await app.workers.wait_for_complete()
        print(json.dumps(result))

asyncio.run(main())
"""


def big_assessment(store_dir: Path, megabytes: float) -> int:
    """A copy of the 2020 sample, its other areas padded with long points until the file is about this size
    (the area typed into, PSED › Age, keeps its own few points, as an area being written has)."""
    sys.path.insert(0, str(ROOT))
    from cia.resources import samples_dir
    from cia.store import Store

    a = Store(samples_dir()).load("cdp2020")
    a.id = "big"
    a.revision = 0
    paragraph = ("Residents in rural parishes rely on the mobile library and on community transport; the change "
                 "of timetable reduces the number of visits and the time spent at each stop. ") * 4
    entries = [e for s in a.sections for e in s.entries if (s.key, e.key) != ("psed", "age")]
    i = 0
    target = int(megabytes * 1_000_000)
    store = Store(store_dir)
    while True:
        for entry in entries:
            if entry.status == "assessed":
                entry.set_points("benefits", entry.points("benefits") + [f"{paragraph} ({i})"])
                i += 1
        size = len(a.model_dump_json())
        if size >= target:
            break
    store.create(a)
    return size


def measure(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"benchmark app failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--size-mb", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--gap", type=float, default=0.03, help="seconds between keys (default 0.03)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cia-bench-typing-") as tmp:
        size = big_assessment(Path(tmp), args.size_mb)
        programs = {"bare TextArea": BARE.format(root=str(ROOT), keys=args.keys, gap=args.gap, rest=0),
                    "cia area editor": CIA.format(root=str(ROOT), keys=args.keys, store=tmp, gap=args.gap, rest=3.0)}
        results: dict[str, list[dict]] = {name: [] for name in programs}
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            for name, code in programs.items():
                results[name].append(measure(code))

    print(f"Typing {args.keys} keys, one at a time (assessment of {size / 1e6:.1f} MB), best of {args.runs} runs:")
    best = {name: min(runs, key=lambda r: r["cpu_per_key"]) for name, runs in results.items()}
    for name, r in best.items():
        slowest = max(x["slowest"] for x in results[name])
        print(f"  {name:<16} {r['cpu_per_key'] * 1000:6.2f} ms CPU per key   slowest key {slowest * 1000:5.0f} ms"
              f"   {r['layouts']} layouts")
    ratio = best["cia area editor"]["cpu_per_key"] / best["bare TextArea"]["cpu_per_key"]
    print(f"  cia per keystroke: {ratio:.2f}x a bare TextArea (target 1.5x or less)")


if __name__ == "__main__":
    main()
