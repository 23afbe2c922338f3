"""Real crash injection and real concurrency on the folder store: forked processes, SIGKILL, no timing."""

from __future__ import annotations

import os
import random

import pytest

from cia.model import new_assessment
from cia.store import ConflictError, Store
from cia.store import folder_locks

from store_procs import Child

KILLS = 50
ROUNDS = 12
WRITERS = 4
OPENERS = 3


def leftovers(store: Store) -> list[str]:
    names = os.listdir(store.root)
    locks = os.listdir(store.lock_dir) if store.lock_dir.is_dir() else []
    return [n for n in names if n.endswith(".tmp")] + [n for n in locks if n.endswith(".saving")]


def intact(store: Store, ident: str) -> int:
    """The file loads and holds exactly one save's content: the text written with that revision."""
    a = store.load(ident)
    assert a.introduction.startswith(f"revision {a.revision} "), (a.revision, a.introduction[:40])
    body = a.introduction.split(" ", 2)[2]
    assert body == body[0] * len(body)  # one save's text, not a mixture of two
    return a.revision


@pytest.fixture
def quick_busy(monkeypatch):
    """A save that found a lock still held would fail fast instead of waiting: 'succeeds at once'."""
    monkeypatch.setattr(folder_locks, "SAVE_WAIT_SECONDS", 0.5)


def test_saves_killed_at_random_moments_leave_old_or_new_and_block_nothing(store, quick_busy):
    a = new_assessment("Crash")
    a.introduction = "revision 1 a"
    store.create(a)
    rng = random.Random(8)

    def saver(child: Child) -> None:
        s = Store(store.root)
        mine = s.load(a.id)
        n = 0
        while True:
            n += 1
            letter = "abcdefghij"[n % 10]
            mine.introduction = f"revision {mine.revision + 1} " + letter * rng.randint(1, 30_000)
            s.save(mine)
            if n % 3 == 0:
                s.list()  # the index is written too, and killed in the middle of that as well
            child.send(b".")

    for _ in range(KILLS):
        child = Child(saver)
        assert len(child.read(rng.randint(1, 3))) >= 1
        child.kill()  # somewhere in the next save
        before = intact(store, a.id)
        b = store.load(a.id)
        b.introduction = f"revision {b.revision + 1} z"
        store.save(b)  # at once: no lock or temporary file of the killed save is in the way
        assert intact(store, a.id) == before + 1
        assert leftovers(store) == []
        assert [s.id for s in store.list().items] == [a.id]


def _race_round(store: Store, ident: str, round_no: int) -> list[bytes]:
    def writer(n: int):
        def work(child: Child) -> None:
            s = Store(store.root)
            mine = s.load(ident)
            child.send(b"L")
            child.wait_go()
            mine.introduction = f"round {round_no} writer {n}"
            try:
                s.save(mine)
                child.send(b"W")
            except ConflictError:
                child.send(b"C")
            except Exception:
                child.send(b"E")
                raise
        return work

    children = [Child(writer(n)) for n in range(WRITERS)]
    for c in children:
        assert c.read() == b"L"
    for c in children:
        c.go()
    results = [c.read() for c in children]
    for c in children:
        assert c.join() == 0
    return results


def _killed_holder_leftovers(store: Store, ident: str) -> None:
    """A process that dies holding the save lock, with a temporary file half written."""
    from cia.store.locks import FileLock

    def hold(child: Child) -> None:
        FileLock(store.lock_dir / f"{ident}.saving").try_acquire({"pid": os.getpid()})
        (store.root / f".{ident}.json.dead{os.getpid()}.tmp").write_text("half")
        child.send(b"H")
        child.wait_go()

    c = Child(hold)
    assert c.read() == b"H"
    c.kill()


def test_several_processes_saving_the_same_revision_exactly_one_wins(store, quick_busy):
    a = new_assessment("Race")
    store.create(a)
    for round_no in range(ROUNDS):
        if round_no % 2:
            _killed_holder_leftovers(store, a.id)
        before = store.disk_revision(a.id)
        results = _race_round(store, a.id, round_no)
        assert sorted(results) == [b"C"] * (WRITERS - 1) + [b"W"], results
        winner = results.index(b"W")
        saved = store.load(a.id)
        assert saved.introduction == f"round {round_no} writer {winner}"  # the winner's text, nobody else's
        assert saved.revision == before + 1


def test_processes_opening_at_once_exactly_one_holds_the_open_lock(store):
    a = new_assessment("Open")
    store.create(a)
    for _ in range(ROUNDS):
        def opener(child: Child) -> None:
            s = Store(store.root)
            child.send(b"R")
            child.wait_go()
            holder = s.acquire_lock(a.id)
            child.send(b"H" if holder is None else b"O")
            child.wait_go()  # hold it until everyone has tried
            s.close()

        children = [Child(opener) for _ in range(OPENERS)]
        for c in children:
            assert c.read() == b"R"
        for c in children:
            c.go()
        results = [c.read() for c in children]
        assert sorted(results) == [b"H"] + [b"O"] * (OPENERS - 1), results
        holder = store.lock_holder(a.id)
        assert holder is not None and holder.pid == children[results.index(b"H")].pid
        # the holder is killed, not closed: its lock goes with it
        children[results.index(b"H")].kill()
        for c in children:
            if c.pid:
                c.go()
                assert c.join() == 0
        assert store.lock_holder(a.id) is None
