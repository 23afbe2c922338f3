"""The folder store's index: an SQLite database beside the files (``.index/index.sqlite``), for listing and search.

The JSON files stay the source of truth. The index holds one row per file keyed by its name, size and
modification time, with what the listing shows, every area's counts (for ``cia impacts``), and an FTS5
full-text index over every text of the assessment. It is brought up to date before each query: when the
folder has changed since the last check, every file's size and time are compared and only files that changed
are read again (in parallel when there are many). It is rebuilt from the files whenever it is missing,
unreadable, of another version or corrupt, and it is never read in place of a file: opening an assessment
always reads its file.

A change made in place to a file by another program, leaving the folder itself untouched, is seen when the
folder next changes or when a listing asks for a full check (``cia list --rescan``); every cia save, and
every editor or sync tool that replaces files, changes the folder.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .base import Filters, Listing, Match, Problem, Summary
from .format import SUFFIX

if TYPE_CHECKING:
    from ..model import Assessment
    from .extract import AreaStat, Extract
    from .folder import FolderStore

INDEX_DIR = ".index"
"""The index lives in its own folder, so its journal files coming and going never change the store folder's
time, which says whether any assessment file can have changed."""
INDEX_NAME = "index.sqlite"
INDEX_VERSION = 6
FRESH_MARGIN_NS = 1_000_000_000
"""A folder changed less than this long before the last check is checked again (coarse file times)."""
PARALLEL_FROM = 400
"""Re-read this many changed files or more in worker processes."""
MATCHES_SHOWN = 3
PREFIX_FROM = 3
"""Words this long or longer also match longer words they begin; shorter ones match whole words only (a
single letter would otherwise match nearly every text)."""
_SHIFT = 20  # texts of the file with rowid f have FTS rowids f<<20 … f<<20 | 0xFFFFF
_MASK = (1 << _SHIFT) - 1

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files(
    fid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
    ok INTEGER NOT NULL, id TEXT, title TEXT, status TEXT, status_label TEXT, lead TEXT, lead_fold TEXT,
    updated TEXT, done INTEGER, total INTEGER, edition TEXT, directorate TEXT, directorate_fold TEXT, reason TEXT,
    details TEXT);
CREATE INDEX IF NOT EXISTS files_by_updated ON files(ok, updated DESC);
CREATE TABLE IF NOT EXISTS areas(
    fid INTEGER NOT NULL, category TEXT, category_title TEXT, area TEXT, area_name TEXT, status TEXT,
    benefits INTEGER, risks INTEGER, unmitigated INTEGER, high INTEGER);
CREATE INDEX IF NOT EXISTS areas_by_file ON areas(fid);
CREATE INDEX IF NOT EXISTS areas_impact ON areas(category, category_title, area, area_name, status, benefits, risks,
    unmitigated, high, fid);
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5(place UNINDEXED, head, body,
    tokenize="unicode61 remove_diacritics 2");
PRAGMA user_version = {INDEX_VERSION};
"""
_HEAD = frozenset({"Title", "Id", "Status", "Details › Leads › Name"})
"""Texts indexed as the head of an assessment: a search lists assessments matching there first."""
_ROW_COLUMNS = ("id", "title", "status", "status_label", "lead", "lead_fold", "updated", "done", "total",
                "edition", "directorate", "directorate_fold", "reason", "details")
_UPSERT = (
    f"INSERT INTO files(name, mtime_ns, size, ok, {', '.join(_ROW_COLUMNS)}) "
    f"VALUES (?, ?, ?, ?, {', '.join('?' * len(_ROW_COLUMNS))}) "
    "ON CONFLICT(name) DO UPDATE SET mtime_ns=excluded.mtime_ns, size=excluded.size, ok=excluded.ok, "
    + ", ".join(f"{c}=excluded.{c}" for c in _ROW_COLUMNS) + " RETURNING fid"
)


def fts_query(text: str) -> str:
    """The FTS5 query for what a person typed: every word must appear in one text, and the last word of
    each may be the beginning of a longer one (so a filter box matches while typing).

    Each space-separated word is quoted, so the index's own tokenizer splits it exactly as it split the
    texts, and nothing typed is read as query syntax. Empty when nothing was typed.
    """
    return " ".join('"' + word.replace('"', '""') + ('"*' if len(word) >= PREFIX_FROM else '"')
                    for word in text.split())


class Index:
    def __init__(self, store: FolderStore) -> None:
        self.store = store
        self.root = store.root
        self.path = store.root / INDEX_DIR / INDEX_NAME
        self.db: sqlite3.Connection | None = None
        self.in_memory = False
        self.last_read = 0
        """How many files the last check read again (0 when nothing had changed)."""

    # --- the database -------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if self.db is not None:
            return self.db
        try:
            self.path.parent.mkdir(exist_ok=True)
            db = sqlite3.connect(self.path, timeout=15, isolation_level=None, check_same_thread=False)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, INDEX_VERSION):
                db.close()
                self._remove_files()
                db = sqlite3.connect(self.path, timeout=15, isolation_level=None, check_same_thread=False)
            try:
                db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.DatabaseError:
                pass  # a file system without shared memory: the default journal works too
            db.execute("PRAGMA synchronous=OFF")  # the index is rebuilt from the files; it needs no fsync
            db.executescript(_SCHEMA)
        except (sqlite3.DatabaseError, OSError):
            # corrupt: rebuild; a folder we cannot write: keep the index in memory for this process
            try:
                db.close()  # type: ignore[possibly-undefined]
            except Exception:
                pass
            if self.path.exists() and os.access(self.root, os.W_OK):
                self._remove_files()
                return self._open_after_removal()
            db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            db.executescript(_SCHEMA)
            self.in_memory = True
        self.db = db
        return db

    def _open_after_removal(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=15, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            db.executescript(_SCHEMA)
        except (sqlite3.DatabaseError, OSError):
            db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            db.executescript(_SCHEMA)
            self.in_memory = True
        self.db = db
        return db

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except OSError:
                pass

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def _run(self, work: Any) -> Any:
        """Run ``work(db)``; a corrupt database is removed, rebuilt from the files, and asked again once."""
        try:
            return work(self._open())
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                raise
            self.close()
            self._remove_files()
            self._sync(self._open(), True)
            return work(self._open())

    # --- keeping up with the files -----------------------------------------------------------------

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
        from .extract import extract, extract_many, offer_editions, template_folders

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

    # --- answering -----------------------------------------------------------------------------------

    def listing(self, filters: Filters) -> Listing:
        return self._run(lambda db: self._listing(db, filters))

    def _where(self, filters: Filters) -> tuple[str, list[Any], str]:
        clauses, params = ["f.ok = 1"], []
        if filters.status:
            clauses.append("f.status = ?")
            params.append(filters.status)
        if filters.statuses:
            clauses.append(f"f.status IN ({', '.join('?' * len(filters.statuses))})")
            params.extend(filters.statuses)
        if filters.lead:
            clauses.append("instr(f.lead_fold, ?) > 0")
            params.append(filters.lead.casefold())
        if filters.edition:
            clauses.append("f.edition = ?")
            params.append(filters.edition)
        if filters.directorate.strip():
            clauses.append("f.directorate_fold = ?")
            params.append(filters.directorate.strip().casefold())
        if filters.updated_since:
            since = filters.updated_since
            if since.tzinfo is None:
                since = since.replace(tzinfo=timezone.utc)
            clauses.append("f.updated >= ?")
            params.append(since.astimezone(timezone.utc).isoformat())
        query = fts_query(filters.search) if filters.search else ""
        return " AND ".join(clauses), params, query

    def _listing(self, db: sqlite3.Connection, filters: Filters) -> Listing:
        where, params, query = self._where(filters)
        columns = "f.fid, f.name, f.id, f.title, f.status, f.status_label, f.lead, f.updated, f.done, f.total, f.edition"
        try:
            if query:
                # every assessment with a text holding all the words; those whose title, id or lead holds
                # them first, then newest first (ranking every matching text would cost more than it tells)
                hits = (f"SELECT DISTINCT rowid >> {_SHIFT} FROM texts WHERE texts MATCH ?")
                order = f"SELECT f.fid FROM files f WHERE {where} AND f.fid IN ({hits}) ORDER BY " \
                        f"f.fid IN ({hits}) DESC, f.updated DESC"
                fids = [r[0] for r in db.execute(order, [*params, query, "{head} : (" + query + ")"])]
                total = len(fids)
                page = fids if filters.limit is None else fids[: filters.limit]
                rank = {fid: i for i, fid in enumerate(page)}
                rows = sorted(db.execute(f"SELECT {columns} FROM files f WHERE f.fid IN "
                                         "(SELECT value FROM json_each(?))", (json.dumps(page),)),
                              key=lambda r: rank[r[0]])
            else:
                total = db.execute(f"SELECT count(*) FROM files f WHERE {where}", params).fetchone()[0]
                limit = f" LIMIT {int(filters.limit)}" if filters.limit is not None else ""
                rows = db.execute(f"SELECT {columns} FROM files f WHERE {where} ORDER BY f.updated DESC{limit}",
                                  params).fetchall()
        except sqlite3.OperationalError as exc:
            if query and ("fts5" in str(exc).lower() or "syntax" in str(exc).lower()):
                return Listing([], self._problems(db), 0)  # a query FTS cannot read matches nothing
            raise
        matches = self._matches(db, query, [r[0] for r in rows]) if query and filters.with_matches else {}
        root = self.root
        items = [Summary(id=r[2], title=r[3], status=r[4], lead=r[6], updated=_time(r[7]), done=r[8], total=r[9],
                         path=root / r[1], edition=r[10], status_label=r[5], matches=matches.get(r[0], ()))
                 for r in rows]
        return Listing(items, self._problems(db), total)

    def _matches(self, db: sqlite3.Connection, query: str, fids: list[int]) -> dict[int, tuple[Match, ...]]:
        """The best few matching texts of each assessment, with the words marked."""
        # in the order the texts come in the assessment (title and details first); ranking them costs more
        sql = (f"SELECT place, snippet(texts, -1, '[[', ']]', '…', 12) FROM texts "
               f"WHERE texts MATCH ? AND rowid BETWEEN ? AND ? LIMIT {MATCHES_SHOWN}")
        out = {}
        for fid in fids:
            found = db.execute(sql, (query, fid << _SHIFT, (fid << _SHIFT) | _MASK)).fetchall()
            out[fid] = tuple(Match(place, " ".join(snippet.split())) for place, snippet in found)
        return out

    def matches(self, assessment_id: str, search: str) -> tuple[Match, ...]:
        query = fts_query(search)
        if not query:
            return ()

        def work(db: sqlite3.Connection) -> tuple[Match, ...]:
            row = db.execute("SELECT fid FROM files WHERE name = ?", (f"{assessment_id}{SUFFIX}",)).fetchone()
            if row is None:
                return ()
            try:
                return self._matches(db, query, [row[0]]).get(row[0], ())
            except sqlite3.OperationalError:
                return ()

        return self._run(work)

    def _problems(self, db: sqlite3.Connection) -> list[Problem]:
        return [Problem(self.root / name, reason or "cannot be read", tuple((details or "").splitlines()))
                for name, reason, details in
                db.execute("SELECT name, reason, details FROM files WHERE ok = 0 ORDER BY name")]

    def area_stats(self, filters: Filters, *, with_impact: bool = False) -> list[AreaStat]:
        from .extract import AreaStat

        def work(db: sqlite3.Connection) -> list[AreaStat]:
            where, params, query = self._where(filters)
            if with_impact:
                where += " AND a.status = 'assessed' AND (a.benefits > 0 OR a.risks > 0)"
            sql = ("SELECT f.id, a.category, a.category_title, a.area, a.area_name, a.status, a.benefits, a.risks, "
                   f"a.unmitigated, a.high FROM areas a JOIN files f ON f.fid = a.fid WHERE {where}")
            if query:
                sql += f" AND f.fid IN (SELECT rowid >> {_SHIFT} FROM texts WHERE texts MATCH ?)"
                params = [*params, query]
            return [AreaStat(*row) for row in db.execute(sql + " ORDER BY f.id, a.rowid", params)]

        return self._run(work)


    # --- cia impacts ----------------------------------------------------------------------------------

    _IMPACT = "a.status = 'assessed' AND (a.benefits > 0 OR a.risks > 0)"

    def impact_totals(self, filters: Filters) -> tuple[int, list[tuple]]:
        """(assessments matching ``filters``, rows of (category, category title, area, area name, areas,
        benefits, risks, unmitigated, high)) over the areas assessed with a benefit or risk, added up in
        the database. Call :meth:`sync` first."""

        def work(db: sqlite3.Connection) -> tuple[int, list[tuple]]:
            where, params, query = self._where(filters)
            if query:
                where += f" AND f.fid IN (SELECT rowid >> {_SHIFT} FROM texts WHERE texts MATCH ?)"
                params = [*params, query]
            count = db.execute(f"SELECT count(*) FROM files f WHERE {where}", params).fetchone()[0]
            # areas are only kept for readable files: with no filter the join is not needed
            source = "areas a" if where == "f.ok = 1" else f"areas a JOIN files f ON f.fid = a.fid WHERE {where} AND"
            rows = db.execute(
                "SELECT a.category, a.category_title, a.area, a.area_name, count(*), sum(a.benefits), sum(a.risks), "
                f"sum(a.unmitigated), sum(a.high) FROM {source}{' WHERE' if where == 'f.ok = 1' else ''} "
                f"{self._IMPACT} GROUP BY a.category, a.category_title, a.area, a.area_name", params).fetchall()
            return count, rows

        return self._run(work)

    def impact_proposals(self, filters: Filters, areas: list[tuple[str, str, str]] | None = None) -> list[tuple]:
        """Rows of (id, title, status, status label, updated, file name, category, area, area name, benefits,
        risks, unmitigated, high), only for the (category, area, area name) given (all if None)."""

        def work(db: sqlite3.Connection) -> list[tuple]:
            where, params, query = self._where(filters)
            if query:
                where += f" AND f.fid IN (SELECT rowid >> {_SHIFT} FROM texts WHERE texts MATCH ?)"
                params = [*params, query]
            if areas is not None:
                if not areas:
                    return []
                where += (" AND (a.category, a.area, a.area_name) IN (SELECT json_extract(value, '$[0]'), "
                          "json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?))")
                params = [*params, json.dumps([list(k) for k in areas])]
            return db.execute(
                "SELECT f.id, f.title, f.status, f.status_label, f.updated, f.name, a.category, a.area, a.area_name, "
                f"a.benefits, a.risks, a.unmitigated, a.high FROM areas a JOIN files f ON f.fid = a.fid WHERE {where} "
                f"AND {self._IMPACT}", params).fetchall()

        return self._run(work)


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


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """A damaged or foreign database file (rebuild it), not a busy or misused one (never delete those)."""
    if isinstance(exc, (sqlite3.OperationalError, sqlite3.IntegrityError, sqlite3.ProgrammingError,
                        sqlite3.InterfaceError)):
        text = str(exc).lower()
        return "malformed" in text or "not a database" in text or "no such table" in text or "no such column" in text
    return True


def _time(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


# --- the folder store's hooks ---------------------------------------------------------------------------


def index_of(store: FolderStore) -> Index:
    if store._index is None:
        store._index = Index(store)
    return store._index


def list_folder(store: FolderStore, filters: Filters) -> Listing:
    index = index_of(store)
    if filters.refresh or index.db is None:
        index.sync(full=filters.rescan)
    return index.listing(filters)


def note_saved(store: FolderStore, path: Path, assessment: Assessment) -> None:
    """A save wrote ``assessment`` to ``path`` (only if the index is open: otherwise the next sync sees it)."""
    if store._index is not None and store._index.db is not None:
        try:
            store._index.saved(path, assessment)
        except (sqlite3.Error, OSError):
            pass  # the index is only a shortcut; the next listing compares the files again


def note_removed(store: FolderStore, path: Path) -> None:
    if store._index is not None and store._index.db is not None:
        try:
            store._index.removed(path)
        except (sqlite3.Error, OSError):
            pass


def close_index(store: FolderStore) -> None:
    if store._index is not None:
        store._index.close()
