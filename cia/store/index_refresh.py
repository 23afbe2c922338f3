"""Keeping the folder store's index up with the files: comparing each file's size and time, reading again
only the files that changed (in worker processes when there are many), and noting cia's own saves and deletes.

A part of :class:`~cia.store.index.Index`, which provides the database (``_run``) and the folder (``root``).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .format import SUFFIX
from .index_schema import _HEAD, _MASK, _ROW_COLUMNS, _SHIFT, _UPSERT, FRESH_MARGIN_NS, PARALLEL_FROM

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
        extracts = self._extract(changed)
        self.last_read = len(extracts)
        db.execute("BEGIN IMMEDIATE")
        try:
            for name in removed:
                self._delete(db, name)
            for ex in extracts:
                self._put(db, ex)
            db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                           [("dir_mtime", str(dir_mtime)), ("checked_at", str(checked_at))])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _extract(self, jobs: list[tuple[str, int, int]]) -> list[Extract]:
        from .extract import extract, offer_editions, template_folders

        if not jobs:
            return []
        root = str(self.root)
        offer_editions(root)
        workers = min(os.cpu_count() or 1, 4)
        if len(jobs) >= PARALLEL_FROM and workers > 1:
            try:
                return _in_workers(root, jobs, workers, template_folders())
            except (OSError, EOFError, pickle.UnpicklingError, subprocess.SubprocessError):
                pass  # read them here instead
        return [extract(root, *job) for job in jobs]

    def _delete(self, db: sqlite3.Connection, name: str) -> None:
        row = db.execute("DELETE FROM files WHERE name = ? RETURNING fid", (name,)).fetchone()
        if row:
            self._clear(db, row[0])

    @staticmethod
    def _clear(db: sqlite3.Connection, fid: int) -> None:
        db.execute("DELETE FROM texts WHERE rowid BETWEEN ? AND ?", (fid << _SHIFT, (fid << _SHIFT) | _MASK))
        db.execute("DELETE FROM areas WHERE fid = ?", (fid,))

    def _put(self, db: sqlite3.Connection, ex: Extract) -> None:
        fid = db.execute(_UPSERT, (ex.name, ex.mtime_ns, ex.size, int(ex.ok),
                                   *(ex.row[c] for c in _ROW_COLUMNS))).fetchone()[0]
        self._clear(db, fid)
        base = fid << _SHIFT
        db.executemany("INSERT INTO texts(rowid, place, head, body) VALUES (?, ?, ?, ?)",
                       [(base | i, place, *((body, None) if place in _HEAD else (None, body)))
                        for i, (place, body) in enumerate(ex.texts[:_MASK])])
        db.executemany("INSERT INTO areas VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(fid, *a) for a in ex.areas])

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
                self._put(db, from_assessment(assessment, path.name, st.st_mtime_ns, st.st_size))
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


def _in_workers(root: str, jobs: list[tuple[str, int, int]], workers: int, folders: tuple[str, ...]) -> list:
    """Read files in worker processes (``python -m cia.store.extract``): plain subprocesses, so whatever
    program uses the store (the app, a script) is never forked or re-imported."""
    chunks = [jobs[i::workers] for i in range(workers)]
    procs = [subprocess.Popen([sys.executable, "-m", "cia.store.extract"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) for _ in chunks]
    try:
        for proc, chunk in zip(procs, chunks):
            proc.stdin.write(pickle.dumps((root, chunk, folders)))
            proc.stdin.close()
        out = []
        for proc in procs:
            data = proc.stdout.read()
            if proc.wait() != 0:
                raise subprocess.SubprocessError("an index worker failed")
            out.extend(pickle.loads(data))
        return out
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
