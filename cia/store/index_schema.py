"""The folder store's index: where it lives, its version, its SQLite schema, and the full-text query syntax.

See :mod:`cia.store.index` for what the index is and how it is kept up to date.
"""

from __future__ import annotations

INDEX_DIR = ".index"
"""The index lives in its own folder, so its journal files coming and going never change the store folder's
time, which says whether any assessment file can have changed."""
INDEX_NAME = "index.sqlite"
INDEX_VERSION = 12
"""Raised whenever what the index keeps of a file changes, how a file is read included: an index of another
version is built again from the files."""
FRESH_MARGIN_NS = 1_000_000_000
"""A folder changed less than this long before the last check is checked again (coarse file times)."""
PARALLEL_FROM = 400
"""Re-read this many changed files or more in worker processes."""
MATCHES_SHOWN = 3
PREFIX_FROM = 3
"""Words this long or longer also match longer words they begin; shorter ones match whole words only (a
single letter would otherwise match nearly every text)."""
_SHIFT = 20  # head text i of the file with rowid f has the rowid f<<20 | i in ``heads`` (i < 0x100000)
_MASK = (1 << _SHIFT) - 1

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files(
    fid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
    ok INTEGER NOT NULL, id TEXT, title TEXT, status TEXT, status_label TEXT, lead TEXT, lead_fold TEXT,
    updated TEXT, done INTEGER, total INTEGER, edition TEXT, directorate TEXT, directorate_fold TEXT, reason TEXT,
    details TEXT, title_fold TEXT);
CREATE INDEX IF NOT EXISTS files_by_updated ON files(ok, updated DESC, name);
CREATE TABLE IF NOT EXISTS areas(
    fid INTEGER NOT NULL, category TEXT, category_title TEXT, area TEXT, area_name TEXT, status TEXT,
    benefits INTEGER, risks INTEGER, unmitigated INTEGER, high INTEGER);
CREATE INDEX IF NOT EXISTS areas_by_file ON areas(fid);
CREATE INDEX IF NOT EXISTS areas_impact ON areas(category, area, area_name, category_title, benefits, risks,
    unmitigated, high, fid) WHERE status = 'assessed' AND (benefits > 0 OR risks > 0);
CREATE TABLE IF NOT EXISTS docs(fid INTEGER PRIMARY KEY, texts TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5(body, content='', columnsize=0,
    tokenize="unicode61 remove_diacritics 2");
CREATE VIRTUAL TABLE IF NOT EXISTS heads USING fts5(body, content='', columnsize=0,
    tokenize="unicode61 remove_diacritics 2");
PRAGMA user_version = {INDEX_VERSION};
"""
# Every text of a file is kept once, in ``docs`` (its [place, text] pairs, in the assessment's order), and
# all of them are indexed together for full-text search in ``texts``, one row per file under the file's
# rowid, which keeps no copy (contentless): a search finds the assessments holding every word, and where
# they are is read from ``docs``. The head texts are also in ``heads``, one row each, to list first the
# assessments whose title, id, status or lead holds every word.
_HEAD = frozenset({"Title", "Id", "Status", "Details › Leads › Name"})
"""Texts indexed as the head of an assessment: a search lists assessments matching there first."""
_ROW_COLUMNS = ("id", "title", "status", "status_label", "lead", "lead_fold", "updated", "done", "total",
                "edition", "directorate", "directorate_fold", "reason", "details", "title_fold")
_UPSERT = (
    f"INSERT INTO files(name, mtime_ns, size, ok, {', '.join(_ROW_COLUMNS)}) "
    f"VALUES (?, ?, ?, ?, {', '.join('?' * len(_ROW_COLUMNS))}) "
    "ON CONFLICT(name) DO UPDATE SET mtime_ns=excluded.mtime_ns, size=excluded.size, ok=excluded.ok, "
    + ", ".join(f"{c}=excluded.{c}" for c in _ROW_COLUMNS) + " RETURNING fid"
)


def fts_query(text: str) -> str:
    """The FTS5 query for what a person typed: every word must appear in the assessment, and the last
    piece of each may be the beginning of a longer word (so a filter box matches while typing).

    Each space-separated word is quoted, so the index's own tokenizer splits it exactly as it split the
    texts, and nothing typed is read as query syntax. Empty when nothing was typed.
    """
    return " ".join('"' + word.replace('"', '""') + ('"*' if len(word) >= PREFIX_FROM else '"')
                    for word in text.split())


_PACKED = "\x1d"


def pack(texts: list[tuple[str, str]]) -> str:
    """A file's texts as one string for ``docs``: joined by control characters that clean text never holds
    (JSON when one does appear, in a place name of an edition say)."""
    joined = "\x1e".join(f"{place}\x1f{body}" for place, body in texts)
    if joined.count("\x1f") == len(texts) and joined.count("\x1e") == len(texts) - 1 and _PACKED not in joined:
        return _PACKED + joined
    import json

    return json.dumps(texts, ensure_ascii=False)


def unpack(text: str) -> list[tuple[str, str]]:
    if text.startswith(_PACKED):
        return [tuple(part.split("\x1f", 1)) for part in text[1:].split("\x1e")] if len(text) > 1 else []  # type: ignore[misc]
    import json

    return [tuple(t) for t in json.loads(text)]  # type: ignore[misc]


def for_index(texts: list[tuple[str, str]]) -> tuple[str, str, list[tuple[int, str]]]:
    """What the index writes of a file's texts: the packed texts (``docs``), all of them as one body
    (``texts``), and the head texts by their number (``heads``)."""
    kept = texts[:_MASK]
    return (pack(kept), "\n".join(body for _place, body in kept),
            [(i, body) for i, (place, body) in enumerate(kept) if place in _HEAD])
