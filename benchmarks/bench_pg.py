"""The PostgreSQL store against the folder store on the same data, and concurrent writers on PostgreSQL.

Run: python benchmarks/bench_pg.py [--count 20000] [--duration 60] [--writers 10] [--assessments 50]

Needs a PostgreSQL server: --url, else $CIA_TEST_PG, else one is started with scripts/pg-test-server (and
stopped afterwards). Everything is done in a schema of its own, dropped at the end.

1. A folder store of COUNT generated realistic assessments is copied into PostgreSQL (``cia store copy``).
   Whole ``cia`` processes, warm (the folder's index built, the database's caches warm), the fastest of
   --repeat runs (the least disturbed on a shared machine): ``cia list``, ``cia list --search``, ``cia export-json ID`` (opening one), each on the
   folder and on PostgreSQL, with the ratio PostgreSQL / folder. Opening one is also timed in process.
2. WRITERS processes for DURATION seconds on ASSESSMENTS assessments: each loads a random one, adds a
   mark to it and saves with the revision check, reloading and trying again on a conflict. Saves per
   second, p50/p99 save latency, conflicts, and lost updates (marks missing from the final documents:
   must be 0). The same load on a folder store is the baseline.

Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cia.fsio import atomic_write  # noqa: E402
from cia.model import new_id, now  # noqa: E402
from cia.resources import samples_dir  # noqa: E402
from cia.store import Store, open_store, read_file  # noqa: E402
from cia.store.format import to_json  # noqa: E402

CIA = [sys.executable, "-m", "cia.cli"]
TOPICS = ["Library opening hours", "Household waste sites", "Home to school transport", "Day services",
          "Highways maintenance", "Youth services", "Adult learning", "Carers support", "Care home fees",
          "Rural bus routes", "Country parks", "Digital inclusion"]
LEADS = ["Alex Morgan", "Sam Patel", "Jo Evans", "Chris Hughes", "Priya Shah", "Rhys Jones", "Kim Lee"]
SEARCH = "digital inclusion"


def generate(root: Path, count: int, seed: int = 1) -> list[str]:
    """COUNT assessments made from the samples with new ids, titles, leads and varied areas."""
    rng = random.Random(seed)
    samples = [read_file(p) for p in sorted(samples_dir().glob("*.json"))]
    root.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(count):
        a = samples[i % len(samples)].model_copy(deep=True)
        a.id = new_id()
        a.revision = 1
        a.created = a.updated = now()
        a.header.title = f"{rng.choice(TOPICS)} review {2020 + i % 7} ({i + 1})"
        if a.header.leads:
            a.header.leads = [a.header.leads[0].model_copy(update={"name": rng.choice(LEADS)})]
        for section in a.sections:
            for entry in section.entries:
                if rng.random() < 0.15:
                    entry.status = "not_assessed"
        atomic_write(root / f"{a.id}.json", to_json(a))
        ids.append(a.id)
    return ids


def run_cia(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([*CIA, *args], check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def best_of(args: list[str], env: dict[str, str], repeat: int) -> float:
    """The fastest of ``repeat`` warm runs (on a shared machine the fastest is the least disturbed)."""
    run_cia(args, env)  # warm: the folder's index, the database's caches, the OS page cache
    return min(run_cia(args, env) for _ in range(repeat))


def in_process_open(location: str, ids: list[str], n: int = 200) -> float:
    store = open_store(location)
    rng = random.Random(2)
    picks = [rng.choice(ids) for _ in range(n)]
    store.load(picks[0])
    start = time.perf_counter()
    for i in picks:
        store.load(i)
    took = (time.perf_counter() - start) / n
    store.close()
    return took


WRITER = textwrap.dedent("""
    import json, random, sys, time
    from cia.store import ConflictError, open_store
    location, name, ids, duration, seed = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    store = open_store(location)
    rng = random.Random(seed)
    latencies, marks, conflicts = [], [], 0
    print("ready", flush=True)
    sys.stdin.readline()
    end = time.monotonic() + duration
    n = 0
    while time.monotonic() < end:
        target = rng.choice(ids)
        mark = f"{name}-{n}"
        n += 1
        while True:
            a = store.load(target)
            a.key_mitigations = [*a.key_mitigations, mark]
            start = time.perf_counter()
            try:
                store.save(a)
            except ConflictError:
                conflicts += 1
                continue
            latencies.append(time.perf_counter() - start)
            marks.append([target, mark])
            break
    store.close()
    print(json.dumps({"latencies": latencies, "marks": marks, "conflicts": conflicts}), flush=True)
""")


def writers(location: str, ids: list[str], count: int, duration: float) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, location, f"w{k}", json.dumps(ids), str(duration),
                               str(k)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
             for k in range(count)]
    for p in procs:
        line = p.stdout.readline().strip()
        if line != "ready":
            raise SystemExit(f"a writer did not start: {line!r}")
    start = time.perf_counter()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    results = [json.loads(p.communicate(timeout=duration + 120)[0]) for p in procs]
    elapsed = time.perf_counter() - start
    latencies = sorted(x for r in results for x in r["latencies"])
    marks = [tuple(m) for r in results for m in r["marks"]]
    store = open_store(location)
    present = set()
    for assessment_id in ids:
        present.update((assessment_id, m) for m in store.load(assessment_id).key_mitigations)
    store.close()
    lost = sum(1 for m in marks if m not in present)
    return {"saves": len(marks), "per_second": len(marks) / elapsed, "elapsed": elapsed,
            "p50": latencies[len(latencies) // 2] if latencies else 0.0,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0.0,
            "conflicts": sum(r["conflicts"] for r in results), "lost": lost}


def pg_server(url: str | None) -> tuple[str, bool]:
    url = url or os.environ.get("CIA_TEST_PG")
    if url:
        return url, False
    out = subprocess.run([str(ROOT / "scripts" / "pg-test-server"), "start"], check=True, capture_output=True,
                         text=True).stdout
    return out.strip().split("=", 1)[1].strip("'"), True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20000, help="assessments to list, search and open")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds the concurrent writers run")
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--assessments", type=int, default=50, help="assessments the writers share")
    parser.add_argument("--url", help="PostgreSQL server (default: $CIA_TEST_PG, else a throwaway one)")
    parser.add_argument("--skip-listing", action="store_true", help="only the concurrent writers")
    args = parser.parse_args()

    import psycopg

    server, started = pg_server(args.url)
    schema = "bench_" + secrets.token_hex(4)
    sep = "&" if "?" in server else "?"
    url = f"{server}{sep}options={quote(f'-c search_path={schema}')}"
    work = Path(tempfile.mkdtemp(prefix="cia-bench-pg-"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(work / "xdg")}
    try:
        subprocess.run([*CIA, "--store", url, "store", "init"], check=True, stdout=subprocess.DEVNULL, env=env)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; PostgreSQL: "
              f"{psycopg.connect(server).info.server_version}")
        if not args.skip_listing:
            folder = work / "folder"
            start = time.perf_counter()
            ids = generate(folder, args.count)
            print(f"generated {args.count} assessments in {time.perf_counter() - start:.1f} s "
                  f"({sum(p.stat().st_size for p in folder.glob('*.json')) / 1e6:.0f} MB)")
            start = time.perf_counter()
            subprocess.run([*CIA, "store", "copy", str(folder), url], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=env)
            print(f"cia store copy folder -> PostgreSQL: {time.perf_counter() - start:.1f} s")
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
            one = ids[len(ids) // 2]
            print(f"\nwhole process, warm, best of {args.repeat}     folder      PostgreSQL  ratio")
            for label, argv in (("cia list", ["list"]), (f"cia list --search '{SEARCH}'", ["list", "--search", SEARCH]),
                                ("cia export-json ID (open one)", ["export-json", one])):
                f = best_of(["--store", str(folder), *argv], env, args.repeat)
                p = best_of(["--store", url, *argv], env, args.repeat)
                print(f"  {label:<36} {f * 1000:7.0f} ms  {p * 1000:7.0f} ms  {p / f:5.2f}x")
            f = in_process_open(str(folder), ids)
            p = in_process_open(url, ids)
            print(f"  {'open one, in process (load)':<36} {f * 1000:7.2f} ms  {p * 1000:7.2f} ms  {p / f:5.2f}x")

        print(f"\n{args.writers} writer processes for {args.duration:g} s on {args.assessments} assessments "
              "(load, add a mark, save with the revision check; reload and retry on a conflict)")
        results = {}
        for label, location in (("folder", str(work / "writers")), ("PostgreSQL", url)):
            store = open_store(location)
            shared = []
            for i in range(args.assessments):
                a = read_file(samples_dir() / "cx2024.json")
                a.id = f"w{i:03d}-{new_id()[:6]}"
                a.key_mitigations = []
                a.revision = 0
                store.save(a)
                shared.append(a.id)
            store.close()
            results[label] = r = writers(location, shared, args.writers, args.duration)
            print(f"  {label:<11} {r['saves']:6d} saves  {r['per_second']:7.1f} saves/s  p50 {r['p50'] * 1000:6.1f} ms"
                  f"  p99 {r['p99'] * 1000:6.1f} ms  conflicts {r['conflicts']:5d}  lost updates {r['lost']}")
        f, p = results["folder"], results["PostgreSQL"]
        print(f"  PostgreSQL / folder: saves/s {p['per_second'] / f['per_second']:.2f}x, "
              f"p50 {p['p50'] / f['p50']:.2f}x, p99 {p['p99'] / f['p99']:.2f}x")
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
        shutil.rmtree(work, ignore_errors=True)
        if started:
            subprocess.run([str(ROOT / "scripts" / "pg-test-server"), "stop"], check=False)


if __name__ == "__main__":
    main()
