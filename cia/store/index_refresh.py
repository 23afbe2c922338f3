"""Keeping the folder store's index up with the files: comparing each file's size and time, reading again
only the files that changed (in worker processes when there are many), and noting cia's own saves and deletes.

A part of :class:`~cia.store.index.Index`, which provides the database (``_run``) and the folder (``root``).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .format import SUFFIX
from .index_schema import _HEAD, _MASK, _ROW_COLUMNS, _SHIFT, _UPSERT, FRESH_MARGIN_NS, PARALLEL_FROM, for_index, unpack

PUT_BATCH = 200
"""Files indexed together (see :meth:`IndexRefresh._put`)."""
COMMIT_EVERY = 1000
"""A long rebuild commits after this many files, so saves by others are not held up for its whole length
(the folder's time is recorded only at the end: a rebuild cut short carries on where it stopped)."""

if TYPE_CHECKING:
    from ..model import Assessment
    from .extract import Extract


class IndexRefresh:
    """Bringing :class:`~cia.store.index.Index` up to date with the folder."""

    def sync(self, *, full: bool = False) -> None:
        self._run(lambda db: self._sync(db, full))

    def _sync(self, db: sqlite3.Connection, full: bool) -> None:
        try:
            dir_mtime = os.stat(self.root).st_mtime_ns
        except OSError:
            return
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if (not full and meta.get("dir_mtime") == str(dir_mtime)
                and int(meta.get("checked_at", "0")) - dir_mtime > FRESH_MARGIN_NS):
            self.last_read = 0
            return
        checked_at = time.time_ns()
        on_disk: dict[str, tuple[int, int]] = {}
        with os.scandir(self.root) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(SUFFIX) and not name.startswith("."):
                    try:
                        st = entry.stat()
                        on_disk[name] = (st.st_mtime_ns, st.st_size)
                    except OSError:
                        on_disk[name] = (0, -1)  # a link to nothing: reported as a problem
        known = {n: (m, s) for n, m, s in db.execute("SELECT name, mtime_ns, size FROM files")}
        removed = [n for n in known if n not in on_disk]
        changed = [(n, m, s) for n, (m, s) in on_disk.items() if known.get(n) != (m, s)]
        self.last_read = 0
        db.execute("BEGIN IMMEDIATE")
        try:
            for name in removed:
                self._delete(db, name)
            batch: list[Extract] = []
            for ex in self._extract(changed):  # put in as they come (from workers while they read the rest)
                batch.append(ex)
                if len(batch) == PUT_BATCH:
                    self._put(db, batch)
                    self.last_read += len(batch)
                    batch = []
                    if self.last_read % COMMIT_EVERY == 0:  # let others write in between
                        db.execute("COMMIT")
                        db.execute("BEGIN IMMEDIATE")
            self._put(db, batch)
            self.last_read += len(batch)
            db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                           [("dir_mtime", str(dir_mtime)), ("checked_at", str(checked_at))])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _extract(self, jobs: list[tuple[str, int, int]]) -> Iterator[Extract]:
        if not jobs:
            return
        from .extract import extract, offer_editions, template_folders

        root = str(self.root)
        offer_editions(root)
        workers = min(os.cpu_count() or 1, 4)
        if len(jobs) >= PARALLEL_FROM and workers > 1:
            import pickle
            import subprocess

            done: set[str] = set()
            try:
                for ex in _in_workers(root, jobs, workers, template_folders()):
                    done.add(ex.name)
                    yield ex
            except (OSError, EOFError, pickle.UnpicklingError, subprocess.SubprocessError):
                pass  # read the rest here instead
            jobs = [job for job in jobs if job[0] not in done]
        for job in jobs:
            yield extract(root, *job)

    def _delete(self, db: sqlite3.Connection, name: str) -> None:
        row = db.execute("DELETE FROM files WHERE name = ? RETURNING fid", (name,)).fetchone()
        if row:
            self._clear(db, row[0])

    @staticmethod
    def _clear(db: sqlite3.Connection, fid: int) -> None:
        row = db.execute("DELETE FROM docs WHERE fid = ? RETURNING texts", (fid,)).fetchone()
        if row is not None:  # the full-text index keeps no copy: it is told each text it drops
            base = fid << _SHIFT
            texts = unpack(row[0])
            db.execute("INSERT INTO texts(texts, rowid, body) VALUES ('delete', ?, ?)",
                       (fid, "\n".join(body for _place, body in texts)))
            db.executemany("INSERT INTO heads(heads, rowid, body) VALUES ('delete', ?, ?)",
                           [(base | i, body) for i, (place, body) in enumerate(texts) if place in _HEAD])
        db.execute("DELETE FROM areas WHERE fid = ?", (fid,))

    def _put(self, db: sqlite3.Connection, extracts: list[Extract]) -> None:
        """Index these extracts, replacing what the index held of their files.

        The full-text index is written last, in one statement for them all: FTS5 writes out what it
        holds in memory whenever another statement begins, and a write per file would cost it dearly."""
        docs: list[tuple[int, str]] = []
        texts: list[tuple[int, str]] = []
        heads: list[tuple[int, str]] = []
        areas: list[tuple] = []
        for ex in extracts:
            fid = db.execute(_UPSERT, (ex.name, ex.mtime_ns, ex.size, int(ex.ok),
                                       *(ex.row[c] for c in _ROW_COLUMNS))).fetchone()[0]
            self._clear(db, fid)
            if ex.texts or ex.packed:
                packed, body, head = ex.packed or for_index(ex.texts)  # packed already by a worker
                docs.append((fid, packed))
                texts.append((fid, body))
                base = fid << _SHIFT
                heads.extend((base | i, text) for i, text in head)
            areas.extend((fid, *a) for a in ex.areas)
        db.executemany("INSERT INTO docs(fid, texts) VALUES (?, ?)", docs)
        db.executemany("INSERT INTO areas VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", areas)
        db.executemany("INSERT INTO heads(rowid, body) VALUES (?, ?)", heads)
        db.executemany("INSERT INTO texts(rowid, body) VALUES (?, ?)", texts)

    def saved(self, path: Path, assessment: Assessment) -> None:
        """A save just wrote ``assessment`` to ``path``: index it without reading the file back."""
        from .extract import from_assessment

        try:
            st = path.stat()
        except OSError:
            return

        def work(db: sqlite3.Connection) -> None:
            db.execute("BEGIN IMMEDIATE")
            try:
                self._put(db, [from_assessment(assessment, path.name, st.st_mtime_ns, st.st_size)])
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

        self._run(work)

    def removed(self, path: Path) -> None:
        def work(db: sqlite3.Connection) -> None:
            db.execute("BEGIN IMMEDIATE")
            self._delete(db, path.name)
            db.execute("COMMIT")

        self._run(work)


def _in_workers(root: str, jobs: list[tuple[str, int, int]], workers: int, folders: tuple[str, ...]) -> Iterator:
    """Read files in worker processes (``python -m cia.store.extract``): plain subprocesses, so whatever
    program uses the store (the app, a script) is never forked or re-imported. Extracts are yielded as the
    workers send them, a batch at a time; a worker that fails raises SubprocessError after what it sent."""
    import pickle
    import queue
    import subprocess
    import sys
    import threading

    import os
    from pathlib import Path

    chunks = [jobs[i::workers] for i in range(workers)]
    # the workers run this very copy of cia: its folder first on their path, and never the current folder
    # (-P), which may hold another copy (a checkout of cia, a folder named cia)
    here = str(Path(__file__).resolve().parent.parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p))
    procs = [subprocess.Popen([sys.executable, "-P", "-m", "cia.store.extract"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env) for _ in chunks]
    batches: queue.Queue = queue.Queue(maxsize=64)

    def read(proc: subprocess.Popen) -> None:
        try:
            while True:
                batches.put(pickle.load(proc.stdout))
        except EOFError:
            batches.put(proc.wait() == 0)
        except Exception:  # a damaged stream: the worker's files are read here instead
            batches.put(False)

    try:
        for proc, chunk in zip(procs, chunks):
            proc.stdin.write(pickle.dumps((root, chunk, folders)))
            proc.stdin.close()
        readers = [threading.Thread(target=read, args=(proc,), daemon=True) for proc in procs]
        for reader in readers:
            reader.start()
        running, failed = len(procs), False
        while running:
            item = batches.get()
            if item is True or item is False:
                running -= 1
                failed = failed or not item
            else:
                yield from item
        if failed:
            raise subprocess.SubprocessError("an index worker failed")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stdout.close()
