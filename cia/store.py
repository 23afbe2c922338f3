"""The assessment store: one readable JSON file per assessment.

- Saves are atomic: write a temporary file in the same folder, fsync, then replace.
  A failed save leaves the previous file untouched.
- Every file carries its schema version; older versions are migrated on load.
- Every save bumps the assessment's revision. Saving over a file somebody else has
  saved since you loaded it raises :class:`ConflictError` instead of overwriting.
- A file that cannot be read is reported with its name and the reason; the rest of
  the store still lists and opens.
- Deleted assessments go to ``.trash/``; recovery copies of unsaved edits live in
  ``.recovery/``; locks of open assessments in ``.locks/``.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from .model import SCHEMA_VERSION, Assessment, describe_validation_error, new_id, now

ENV_VAR = "CIA_STORE"
MAX_FILE_BYTES = 50 * 1024 * 1024
SUFFIX = ".json"
INDEX_NAME = ".index.json"
INDEX_VERSION = 1

from .migrations import MIGRATIONS  # noqa: E402  (upgrade steps: MIGRATIONS[n] turns version n into n+1)


class StoreError(Exception):
    """A problem with a file or the store, with a message fit to show a person."""


class AssessmentFileError(StoreError):
    def __init__(self, path: Path, reason: str, details: list[str] | None = None) -> None:
        self.path = path
        self.reason = reason
        self.details = details or []
        text = f"{path.name}: {reason}"
        if self.details:
            text += "\n" + "\n".join(f"  - {d}" for d in self.details)
        super().__init__(text)


class NotFoundError(StoreError):
    pass


class ConflictError(StoreError):
    """The file changed on disk since this copy was loaded."""

    def __init__(self, path: Path, disk_revision: int, our_revision: int) -> None:
        self.path = path
        self.disk_revision = disk_revision
        self.our_revision = our_revision
        super().__init__(
            f"{path.name} was saved by someone else since you opened it (revision {disk_revision}, "
            f"yours is based on {our_revision}). Your changes were not written over theirs."
        )


def default_store_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("cia", appauthor=False)) / "assessments"


def resolve_store_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """The store folder: ``--store`` if given, else ``$CIA_STORE``, else the user's data directory."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_store_dir()


# --- reading and writing single files ---------------------------------------------------------------


def migrate(data: dict, path: Path) -> dict:
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise AssessmentFileError(path, "not a cia assessment (no schema_version)")
    if version > SCHEMA_VERSION:
        raise AssessmentFileError(
            path,
            f"written by a newer version of cia (schema version {version}); this version reads up to "
            f"{SCHEMA_VERSION}. Upgrade cia to open it.",
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise AssessmentFileError(path, f"unknown schema version {version} (this version reads {SCHEMA_VERSION})")
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data


def _looks_truncated(text: str) -> bool:
    """True when the text ends inside a string or with brackets still open."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
    return in_string or depth > 0


def parse_bytes(raw: bytes, path: Path) -> Assessment:
    """Parse and validate a file's bytes, migrating older schema versions."""
    if len(raw) > MAX_FILE_BYTES:
        raise AssessmentFileError(path, f"too large ({len(raw) / 1e6:.0f} MB; at most {MAX_FILE_BYTES // 10**6} MB)")
    if not raw.strip():
        raise AssessmentFileError(path, "the file is empty")
    if b"\x00" in raw[:4096]:
        raise AssessmentFileError(path, "not a text file (it contains binary data)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AssessmentFileError(path, f"not UTF-8 text (bad byte at position {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if _looks_truncated(text):
            reason = "the JSON ends before it is complete: the file looks truncated"
        else:
            reason = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise AssessmentFileError(path, reason) from None
    if not isinstance(data, dict):
        raise AssessmentFileError(path, "not a cia assessment (the file holds a JSON " + type(data).__name__ + ")")
    data = migrate(data, path)
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        raise AssessmentFileError(path, "not a valid assessment", describe_validation_error(exc)) from None


def read_file(path: Path) -> Assessment:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AssessmentFileError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise AssessmentFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    return parse_bytes(raw, path)


def to_json(assessment: Assessment) -> str:
    return assessment.model_dump_json(indent=2) + "\n"


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _file_mode(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def _file_mode(path: Path) -> int:
    """Keep an existing file's permissions; new files get the usual 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


# --- the store ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """One line of the store listing."""

    id: str
    title: str
    status: str
    lead: str
    updated: datetime
    done: int
    total: int
    path: Path
    edition: str


@dataclass(frozen=True)
class Problem:
    """A file in the store that could not be read."""

    path: Path
    reason: str
    details: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        return f"{self.path.name}: {self.reason}"


@dataclass(frozen=True)
class Listing:
    items: list[Summary]
    problems: list[Problem]


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        return f"{self.user} on {self.host} (since {self.since})"


def summarise(assessment: Assessment, path: Path) -> Summary:
    done, total = assessment.completeness()
    leads = assessment.header.leads
    lead = leads[0].name if leads else assessment.header.author
    return Summary(
        id=assessment.id,
        title=assessment.title or "(untitled)",
        status=assessment.status,
        lead=lead,
        updated=assessment.updated,
        done=done,
        total=total,
        path=path,
        edition=assessment.edition,
    )


def _summary_to_json(s: Summary) -> dict:
    return {"id": s.id, "title": s.title, "status": s.status, "lead": s.lead, "updated": s.updated.isoformat(),
            "done": s.done, "total": s.total, "edition": s.edition}


def _summary_from_json(d: dict, path: Path) -> Summary:
    return Summary(id=str(d["id"]), title=str(d["title"]), status=str(d["status"]), lead=str(d["lead"]),
                   updated=datetime.fromisoformat(d["updated"]), done=int(d["done"]), total=int(d["total"]),
                   path=path, edition=str(d["edition"]))


class Store:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    # paths
    def path_for(self, assessment_id: str) -> Path:
        return self.root / f"{assessment_id}{SUFFIX}"

    @property
    def trash_dir(self) -> Path:
        return self.root / ".trash"

    @property
    def recovery_dir(self) -> Path:
        return self.root / ".recovery"

    @property
    def lock_dir(self) -> Path:
        return self.root / ".locks"

    def files(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir() if p.suffix == SUFFIX and not p.name.startswith("."))

    # reading
    @property
    def index_path(self) -> Path:
        return self.root / INDEX_NAME

    def list(self) -> Listing:
        """Every assessment's summary, newest first, and every file that could not be read.

        Summaries are cached in ``.index.json`` keyed by each file's size and modification time, so
        listing a large store reads only the files that changed. The cache is only ever a shortcut:
        if it is missing, stale or unreadable the files themselves are read.
        """
        cache = self._read_index()
        fresh: dict[str, dict] = {}
        items: list[Summary] = []
        problems: list[Problem] = []
        for path in self.files():
            try:
                st = path.stat()
            except OSError:
                continue
            stamp = [st.st_mtime_ns, st.st_size]
            cached = cache.get(path.name)
            if cached and cached.get("stamp") == stamp:
                try:
                    items.append(_summary_from_json(cached["summary"], path))
                    fresh[path.name] = cached
                    continue
                except (KeyError, TypeError, ValueError):
                    pass
            try:
                assessment = read_file(path)
            except AssessmentFileError as exc:
                problems.append(Problem(path, exc.reason, tuple(exc.details)))
                continue
            except StoreError as exc:  # vanished between listing and reading
                problems.append(Problem(path, str(exc)))
                continue
            if assessment.id != path.stem:
                problems.append(Problem(path, f"holds assessment {assessment.id!r}; rename it to "
                                              f"{assessment.id}{SUFFIX} or import it"))
                continue
            summary = summarise(assessment, path)
            items.append(summary)
            fresh[path.name] = {"stamp": stamp, "summary": _summary_to_json(summary)}
        if fresh != cache:
            self._write_index(fresh)
        items.sort(key=lambda s: s.updated, reverse=True)
        return Listing(items, problems)

    def _read_index(self) -> dict[str, dict]:
        try:
            data = json.loads(self.index_path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def _write_index(self, entries: dict[str, dict]) -> None:
        if not self.root.is_dir():
            return
        try:
            atomic_write(self.index_path, json.dumps({"version": INDEX_VERSION, "entries": entries}))
        except OSError:
            pass  # a read-only store still lists; it just cannot keep the shortcut

    def resolve_id(self, ref: str) -> str:
        """An exact id, or a unique prefix of one."""
        ref = ref.strip()
        if not ref:
            raise NotFoundError("no assessment id given")
        if self.path_for(ref).is_file() and "/" not in ref and "\\" not in ref:
            return ref
        matches = [p.stem for p in self.files() if p.stem.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFoundError(f"no assessment {ref!r} in {self.root}")
        raise NotFoundError(f"{ref!r} matches {len(matches)} assessments ({', '.join(matches[:5])}); give more of the id")

    def load(self, ref: str) -> Assessment:
        assessment_id = self.resolve_id(ref)
        return read_file(self.path_for(assessment_id))

    def exists(self, assessment_id: str) -> bool:
        return self.path_for(assessment_id).is_file()

    # writing
    def disk_revision(self, assessment_id: str) -> int | None:
        """The revision of the file on disk, None if there is none or it cannot be read."""
        path = self.path_for(assessment_id)
        try:
            data = json.loads(path.read_bytes())
            rev = data.get("revision") if isinstance(data, dict) else None
            return rev if isinstance(rev, int) else None
        except (OSError, ValueError):
            return None

    def save(self, assessment: Assessment, *, force: bool = False, touch: bool = True) -> Path:
        """Write an assessment atomically and bump its revision.

        Raises :class:`ConflictError` (writing nothing) if the file on disk has a later revision than
        the one this copy was loaded at, unless ``force``. A file on disk that cannot be read is kept
        beside the new one as ``<id>.json.unreadable-<time>`` rather than overwritten.
        """
        path = self.path_for(assessment.id)
        # Validate the whole document before touching anything on disk.
        candidate = assessment.model_copy(deep=True)
        if touch:
            candidate.updated = now()
        with _save_mutex(path):
            disk = None
            if path.exists():
                disk = self.disk_revision(assessment.id)
                if disk is None:
                    stamp = now().strftime("%Y%m%dT%H%M%S")
                    os.replace(path, path.with_name(f"{path.name}.unreadable-{stamp}"))
                elif disk > assessment.revision and not force:
                    raise ConflictError(path, disk, assessment.revision)
            # a forced save still moves past every revision anyone has seen, so theirs cannot pass it silently
            candidate.revision = max(assessment.revision, disk or 0) + 1
            payload = to_json(candidate)
            Assessment.model_validate_json(payload)
            atomic_write(path, payload)
        assessment.revision = candidate.revision
        assessment.updated = candidate.updated
        self.clear_recovery(assessment.id)
        return path

    def create(self, assessment: Assessment) -> Path:
        if self.exists(assessment.id):
            raise StoreError(f"an assessment with id {assessment.id} already exists in {self.root}")
        return self.save(assessment)

    def import_file(self, source: Path, *, new_id_on_clash: bool = False, replace: bool = False) -> Assessment:
        """Copy an assessment file into the store, validating it first; the source is never changed.

        If the store already holds an assessment with the same id: with ``new_id_on_clash`` the file is
        imported as a copy under a new id; with ``replace`` it replaces the stored one (an edited
        ``export-json``), unless the stored one was saved again after the file was exported, which raises
        :class:`ConflictError`.
        """
        assessment = read_file(source)
        if self.exists(assessment.id):
            if replace:
                self.save(assessment)  # conflict-checked against the revision the file was exported at
                return assessment
            if not new_id_on_clash:
                raise StoreError(
                    f"{source.name}: the store already holds assessment {assessment.id}; "
                    "use --replace to update it from this file, or --new-id to import it as a copy"
                )
            assessment.id = new_id()
        assessment.revision = max(assessment.revision - 1, 0)
        self.save(assessment, force=True, touch=False)
        return assessment

    def duplicate(self, ref: str) -> Assessment:
        original = self.load(ref)
        copy = original.model_copy(deep=True)
        copy.id = new_id()
        copy.header.title = f"Copy of {original.title}" if original.title else "Copy"
        copy.status = "draft"
        copy.signoffs = []
        copy.revision = 0
        copy.created = copy.updated = now()
        self.save(copy)
        return copy

    def delete(self, ref: str) -> Path:
        """Move an assessment to the store's trash folder; returns where it went."""
        assessment_id = self.resolve_id(ref)
        path = self.path_for(assessment_id)
        self.trash_dir.mkdir(parents=True, exist_ok=True)
        target = self.trash_dir / f"{assessment_id}-{now().strftime('%Y%m%dT%H%M%S')}{SUFFIX}"
        os.replace(path, target)
        self.clear_recovery(assessment_id)
        return target

    # recovery copies of unsaved edits
    def recovery_path(self, assessment_id: str) -> Path:
        return self.recovery_dir / f"{assessment_id}{SUFFIX}"

    def write_recovery(self, assessment: Assessment) -> None:
        atomic_write(self.recovery_path(assessment.id), to_json(assessment))

    def read_recovery(self, assessment_id: str) -> Assessment | None:
        path = self.recovery_path(assessment_id)
        if not path.is_file():
            return None
        try:
            return read_file(path)
        except StoreError:
            return None

    def clear_recovery(self, assessment_id: str) -> None:
        try:
            self.recovery_path(assessment_id).unlink()
        except FileNotFoundError:
            pass

    def recoveries(self) -> list[str]:
        if not self.recovery_dir.is_dir():
            return []
        return sorted(p.stem for p in self.recovery_dir.glob(f"*{SUFFIX}"))

    # locks: who has an assessment open for editing
    def _lock_path(self, assessment_id: str) -> Path:
        return self.lock_dir / f"{assessment_id}.lock"

    def lock_holder(self, assessment_id: str) -> LockInfo | None:
        """Who else has this assessment open, if anyone (stale locks of dead local processes are ignored)."""
        path = self._lock_path(assessment_id)
        try:
            data = json.loads(path.read_text("utf-8"))
            info = LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if info.host == socket.gethostname():
            if info.pid == os.getpid():
                return None
            if not _pid_alive(info.pid):
                return None
        return info

    def acquire_lock(self, assessment_id: str) -> LockInfo | None:
        """Take the lock; returns the other holder instead (taking nothing) if someone else has it."""
        holder = self.lock_holder(assessment_id)
        if holder is not None:
            return holder
        info = {
            "user": _user(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": now().isoformat(),
        }
        atomic_write(self._lock_path(assessment_id), json.dumps(info))
        return None

    def release_lock(self, assessment_id: str) -> None:
        path = self._lock_path(assessment_id)
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("pid") == os.getpid() and data.get("host") == socket.gethostname():
                path.unlink()
        except (OSError, ValueError, AttributeError):
            pass


def _user() -> str:
    for var in ("USER", "USERNAME", "LOGNAME"):
        if os.environ.get(var):
            return os.environ[var]
    return "unknown"


SAVE_WAIT_SECONDS = 5.0
STALE_SAVE_LOCK_SECONDS = 30.0


@contextmanager
def _save_mutex(path: Path) -> Iterator[None]:
    """Hold ``<file>.saving`` while checking the revision and replacing the file.

    Creating the file with O_EXCL works the same on every platform and on network shares; a lock left by
    a process that died mid-save is taken over once it is older than any save could take.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(f".{path.name}.saving")
    deadline = time.monotonic() + SAVE_WAIT_SECONDS
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            os.close(fd)
            break
        except FileExistsError:
            try:
                if time.time() - lock.stat().st_mtime > STALE_SAVE_LOCK_SECONDS:
                    lock.unlink()
                    continue
            except FileNotFoundError:
                continue
            if time.monotonic() > deadline:
                raise StoreError(f"{path.name} is being saved by another program; try again in a moment") from None
            time.sleep(0.02)
    try:
        yield
    finally:
        try:
            lock.unlink()
        except FileNotFoundError:
            pass


def _pid_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would send Ctrl+C there; treat the holder as present
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True
