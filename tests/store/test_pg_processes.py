"""The PostgreSQL store with real processes: concurrent writers lose nothing, a killed holder blocks nobody,
colleagues' saves are announced, and the server going away loses no edit."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import textwrap

import pytest
from pg_helpers import Relay, new_pg_store, options_of, pg_tcp_url

from cia.model import new_assessment
from cia.store import ConflictError, UnavailableError, open_store

WAIT = 30.0
"""Upper bound for waiting on an event that should come at once (never a pause: the wait ends as it comes)."""

WRITER = textwrap.dedent("""
    import json, sys
    from cia.store import ConflictError, open_store
    url, name, ids, rounds = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4])
    store = open_store(url)
    saved, conflicts = [], 0
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for n in range(rounds):
        target = ids[n % len(ids)]
        while True:
            a = store.load(target)
            mark = f"{name}-{n}"
            a.key_mitigations = [*a.key_mitigations, mark]
            try:
                store.save(a)
            except ConflictError:
                conflicts += 1
                continue
            saved.append([target, mark, a.revision])
            break
    print(json.dumps({"saved": saved, "conflicts": conflicts}), flush=True)
""")


def test_concurrent_writer_processes_lose_no_update(pg_server, request):
    url = new_pg_store(pg_server, request)
    store = open_store(url)
    ids = []
    for i in range(3):
        a = new_assessment(f"Shared {i}")
        store.create(a)
        ids.append(a.id)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, f"w{k}", json.dumps(ids), "12"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for k in range(4)]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    results = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    saved = [s for r in results for s in r["saved"]]
    assert len(saved) == 4 * 12
    for assessment_id in ids:
        final = store.load(assessment_id)
        marks = [m for a_id, m, _ in saved if a_id == assessment_id]
        assert sorted(final.key_mitigations) == sorted(marks)  # every successful save is in the final text
        revisions = sorted(rev for a_id, _, rev in saved if a_id == assessment_id)
        assert revisions == list(range(2, 2 + len(marks)))  # one revision per save, none shared, none skipped
        assert [r.revision for r in store.history(assessment_id)] == [1, *revisions]
    assert sum(r["conflicts"] for r in results) > 0  # they really did collide


HOLDER = textwrap.dedent("""
    import sys
    from cia.store import open_store
    store = open_store(sys.argv[1])
    assert store.acquire_lock(sys.argv[2]) is None
    print("holding", flush=True)
    sys.stdin.readline()
""")


def test_an_open_lock_names_its_holder_and_dies_with_a_killed_process(pg_server, request):
    url = new_pg_store(pg_server, request)
    store = open_store(url)
    a = new_assessment("Held")
    store.create(a)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, url, a.id], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env={**os.environ, "USER": "priya"})
    try:
        assert holder.stdout.readline().strip() == "holding"
        info = store.acquire_lock(a.id)
        assert info is not None and info.user.startswith("priya") and info.pid == holder.pid and info.since
        assert info.describe().startswith("priya") and f" on {info.host} (since " in info.describe()
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=WAIT)
        # the server lets go of the lock when it sees the connection gone: wait for exactly that
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET lock_timeout = '30s'")
            conn.execute("SELECT pg_advisory_lock(%s)", (store._lock_key(a.id),))
            conn.execute("SELECT pg_advisory_unlock(%s)", (store._lock_key(a.id),))
        assert store.acquire_lock(a.id) is None
    finally:
        if holder.poll() is None:
            holder.kill()
        store.close()


def test_a_colleagues_save_is_announced_to_listeners(pg_server, request):
    url = new_pg_store(pg_server, request)
    mine, theirs = open_store(url), open_store(url)
    a = new_assessment("Watched")
    mine.create(a)
    events: queue.Queue = queue.Queue()
    stop = mine.subscribe(events.put)
    try:
        listener = mine._listeners[0]
        assert listener.ready.wait(WAIT)
        b = theirs.load(a.id)
        b.introduction = "their words"
        theirs.save(b)
        event = events.get(timeout=WAIT)
        assert (event.kind, event.id, event.revision) == ("saved", a.id, 2)
        a.introduction = "mine, based on revision 1"
        with pytest.raises(ConflictError):
            mine.save(a)
        theirs.delete(a.id)
        assert events.get(timeout=WAIT).kind == "deleted"
        other = new_pg_store(pg_server, request)  # another schema on the same server: not announced here
        open_store(other).create(new_assessment("Elsewhere"))
        mine.create(new_assessment("Here"))
        event = events.get(timeout=WAIT)
        assert event.kind == "saved" and event.own
    finally:
        stop()
        mine.close()
        theirs.close()


def test_the_server_going_away_keeps_the_edit_and_it_saves_when_back(pg_server, request, pg_login, monkeypatch):
    url = new_pg_store(pg_server, request)
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        role = pg_login()
        schema = options_of(url).split("=", 1)[1]
        conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}")
    port = int(dict(p.split("=") for p in pg_server.split("?", 1)[1].split("&"))["port"])
    relay = Relay(port)
    relay.start()
    monkeypatch.setattr("cia.store.postgres.notify.RETRY_SECONDS", 0.05)
    try:
        via = pg_tcp_url(pg_server, role, options_of(url), port=relay.port)
        store = open_store(via)
        a = new_assessment("Through the relay")
        store.create(a)
        events: queue.Queue = queue.Queue()
        stop = store.subscribe(events.put)
        assert store._listeners[0].ready.wait(WAIT)

        relay.stop()  # the server goes away
        assert events.get(timeout=WAIT).kind == "unreachable"
        a.introduction = "typed while the server was away"
        store.write_recovery(a)
        with pytest.raises(UnavailableError):
            store.save(a)
        assert store.read_recovery(a.id).introduction == "typed while the server was away"

        relay.start()  # and comes back
        assert events.get(timeout=WAIT).kind == "reconnected"
        store.save(a)
        assert store.read_recovery(a.id) is None
        assert open_store(url).load(a.id).introduction == "typed while the server was away"
        stop()
        store.close()
    finally:
        relay.stop()
