"""The folder store's open-lock and save lock are operating-system locks held by real processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cia.model import new_assessment
from cia.store import BusyError, Store
from cia.store import folder_locks

HOLD = """
import sys
from cia.store import Store
from cia.store.locks import FileLock
store = Store(sys.argv[1])
what, ident = sys.argv[2], sys.argv[3]
if what == "open":
    assert store.acquire_lock(ident) is None
else:
    assert FileLock(store.lock_dir / f"{ident}.saving").try_acquire({"pid": 0})
print("held", flush=True)
sys.stdin.readline()
"""


def hold(store: Store, what: str, ident: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(store.root), what, ident],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def finish(proc: subprocess.Popen, kill: bool = False) -> None:
    if kill:
        proc.send_signal(signal.SIGKILL)
    else:
        proc.stdin.write("\n")
        proc.stdin.flush()
    proc.wait()


def test_open_lock_names_the_holder_until_it_dies(store):
    a = new_assessment("Locked")
    store.create(a)
    proc = hold(store, "open", a.id)
    try:
        holder = store.acquire_lock(a.id)
        assert holder is not None and holder.pid == proc.pid and holder.host == socket.gethostname()
        assert store.lock_holder(a.id) == holder
        store.release_lock(a.id)  # not ours: left alone
        assert store.lock_holder(a.id) == holder
    finally:
        finish(proc, kill=True)
    # killed: the system dropped its lock, nothing to take over or wait for
    assert store.lock_holder(a.id) is None
    assert store.acquire_lock(a.id) is None
    store.release_lock(a.id)
    assert not (store.lock_dir / f"{a.id}.lock").exists()


def test_a_lock_file_nobody_holds_is_not_a_lock(store):
    a = new_assessment("Stale")
    store.create(a)
    store.lock_dir.mkdir(parents=True, exist_ok=True)
    (store.lock_dir / f"{a.id}.lock").write_text(json.dumps(
        {"user": "x", "host": "another-machine", "pid": 1, "since": "last year"}))
    assert store.lock_holder(a.id) is None
    assert store.acquire_lock(a.id) is None


def test_a_save_in_progress_elsewhere_is_waited_for_then_refused_and_a_killed_one_never_blocks(store, monkeypatch):
    a = new_assessment("Busy")
    store.create(a)
    monkeypatch.setattr(folder_locks, "SAVE_WAIT_SECONDS", 0.05)
    proc = hold(store, "save", a.id)
    try:
        with pytest.raises(BusyError, match="being saved by another program"):
            store.save(a)
        assert store.load(a.id).revision == 1
    finally:
        finish(proc, kill=True)
    # the killed saver left its lock file behind: it blocks nothing
    assert (store.lock_dir / f"{a.id}.saving").exists()
    store.save(a)
    assert store.load(a.id).revision == 2
    assert not (store.lock_dir / f"{a.id}.saving").exists()


def test_stray_temporary_files_of_killed_saves_are_removed_by_the_next_save(store):
    a = new_assessment("Tmp")
    path = store.create(a)
    stray = path.with_name(f".{path.name}.abc123.tmp")
    stray.write_text("half a save")
    other = path.with_name(".otherid.json.zzz.tmp")
    other.write_text("not ours")
    store.save(a)
    assert not stray.exists() and other.exists()
    assert os.listdir(store.root).count(path.name) == 1
