"""Which editions there are: the ones shipped with cia, and a council's own.

Shipped editions are ``data/<id>.toml`` in this package (older versions, if any, ``data/<id>@<version>.toml``).
A council's editions are ``*.toml`` files in ``<store>/templates/`` or a folder given with ``--templates``;
several files may hold versions of the same edition, and each assessment names the version it follows,
so publishing a new version never changes an existing assessment.

Files are read when first needed: looking up a shipped edition reads only its own file. What each file says it
is (id, version, title) is read by :mod:`cia.editions.files`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .files import SHIPPED_DIR, EditionFile, describe, describe_stored, shipped_names, with_problem
from .loader import EditionFileError, Problem

if TYPE_CHECKING:
    from .schema import Edition

TEMPLATES_FOLDER = "templates"
"""The folder of a store that holds the council's own editions."""

StoredEditions = Callable[[], "list[tuple[str, str]]"]
"""Reads the council editions a database store keeps: (name, TOML text) for each, name ``id@version``."""


def parse_ref(ref: str) -> tuple[str, int | None]:
    """``"2024@1"`` → ("2024", 1); ``"2024"`` → ("2024", None)."""
    ident, sep, version = ref.partition("@")
    if not sep:
        return ident, None
    try:
        return ident, int(version)
    except ValueError:
        raise KeyError(f"{ref!r} is not an edition reference (use ID or ID@VERSION)") from None


class Registry:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._dirs: list[Path] = []
        self._scanned: dict[Path, tuple[int, list[EditionFile]]] = {}
        """Each council folder's files, with the folder's modification time when it was read."""
        self._shipped: dict[str, list[EditionFile]] = {}
        self._loaded: dict[tuple[str, int], Edition] = {}
        self._loaded_from: dict[tuple[str, int], Path | str] = {}
        """Where each loaded edition came from: its folder, or the database store (by its name)."""
        self._loading: set[str] = set()
        self._stores: dict[str, StoredEditions] = {}
        """Database stores whose tables hold council editions, by their name in messages."""
        self._stored: dict[str, list[EditionFile]] = {}

    # --- where to look ---------------------------------------------------------------------------------

    def add_dir(self, folder: Path) -> None:
        """Also use the council editions in ``folder`` (a missing folder simply has none)."""
        folder = Path(folder).expanduser().resolve()
        with self._lock:
            if folder not in self._dirs:
                self._dirs.append(folder)
            else:
                self._fresh(folder)

    def add_store(self, store_root: Path) -> None:
        self.add_dir(Path(store_root) / TEMPLATES_FOLDER)

    def add_stored(self, where: str, read: StoredEditions) -> None:
        """Also use the council editions a database store keeps (``read`` is called when they are first
        needed, and again after :meth:`refresh`)."""
        with self._lock:
            self._stores[where] = read
            self._forget_stored(where)

    @property
    def dirs(self) -> list[Path]:
        return list(self._dirs)

    def reset(self) -> None:
        """Forget the council folders and everything read (tests, and a store switched in the app)."""
        with self._lock:
            self._dirs.clear()
            self._stores.clear()
            self._stored.clear()
            self._scanned.clear()
            self._shipped.clear()
            self._loaded.clear()
            self._loaded_from.clear()

    def refresh(self) -> None:
        """Read the folders again (after a file was added or changed)."""
        with self._lock:
            self._scanned.clear()
            self._stored.clear()
            self._shipped.clear()
            self._loaded.clear()
            self._loaded_from.clear()

    def look_again(self) -> bool:
        """Notice editions published since they were read (the app asks before it lists them): a council
        folder is read again if its ``*.toml`` files are not the ones it had, a database store's rows are
        read again (kept as they were if it cannot be reached; what was loaded stays: a published version
        is never replaced). Returns whether anything changed."""
        from ..store.errors import StoreError

        changed = False
        with self._lock:
            for folder, (_, known) in list(self._scanned.items()):
                if (sorted(folder.glob("*.toml")) if folder.is_dir() else []) != [f.path for f in known]:
                    self._scan(folder)
                    changed = True
            for where in list(self._stored):
                try:
                    found = [describe_stored(name, text, where) for name, text in self._stores[where]()]
                except StoreError:
                    continue
                if found != self._stored[where]:
                    self._stored[where], changed = found, True
        return changed

    # --- finding files ---------------------------------------------------------------------------------

    def _shipped_files(self, ident: str) -> list[EditionFile]:
        with self._lock:
            if ident not in self._shipped:
                found = []
                if "/" not in ident and "\\" not in ident and not ident.startswith("."):
                    older = sorted(n for n in shipped_names() if n.startswith(f"{ident}@"))
                    paths = [SHIPPED_DIR / f"{ident}.toml", *(SHIPPED_DIR / n for n in older)]
                    found = [f for f in (describe(p, "shipped") for p in paths if p.is_file()) if f.id == ident]
                self._shipped[ident] = found
            return self._shipped[ident]

    def _council_files(self) -> list[EditionFile]:
        with self._lock:
            out: list[EditionFile] = []
            for folder in self._dirs:
                if folder not in self._scanned:
                    self._scan(folder)
                out.extend(self._scanned[folder][1])
            for where in self._stores:
                if where not in self._stored:
                    self._read_stored(where)
                out.extend(self._stored[where])
            return out

    def _forget_stored(self, where: str) -> None:
        self._stored.pop(where, None)
        for key, source in list(self._loaded_from.items()):
            if source == where:
                self._loaded.pop(key, None)
                self._loaded_from.pop(key, None)

    def _read_stored(self, where: str) -> None:
        """Describe each edition a database store keeps; one that cannot be read is listed with why, and
        the rest still load."""
        from ..store.errors import StoreError

        self._forget_stored(where)
        try:
            rows = self._stores[where]()
        except StoreError as exc:
            self._stored[where] = [EditionFile("", 0, "", Path(where), "council", where=where, text="",
                                               problem=f"the council's editions cannot be read: {exc}")]
            return
        self._stored[where] = [describe_stored(name, text, where) for name, text in rows]

    def _scan(self, folder: Path) -> None:
        try:
            stamp = folder.stat().st_mtime_ns if folder.is_dir() else -1
        except OSError:
            stamp = -1
        for key, source in list(self._loaded_from.items()):  # forget what came from the folder before
            if source == folder:
                self._loaded.pop(key, None)
                self._loaded_from.pop(key, None)
        files = sorted(folder.glob("*.toml")) if stamp != -1 else []
        self._scanned[folder] = (stamp, [describe(p, "council") for p in files])

    def _fresh(self, folder: Path) -> None:
        """Read ``folder`` again if a file was added, removed or renamed since it was read."""
        known = self._scanned.get(folder)
        if known is None:
            return
        try:
            stamp = folder.stat().st_mtime_ns if folder.is_dir() else -1
        except OSError:
            stamp = -1
        if stamp != known[0]:
            self._scan(folder)

    def shipped_ids(self) -> list[str]:
        return sorted(n.removesuffix(".toml") for n in shipped_names() if "@" not in n)

    def files(self) -> list[EditionFile]:
        """Every edition file found, shipped first, each with the problem that stops it being used (if any)."""
        shipped = [f for ident in self.shipped_ids() for f in self._shipped_files(ident)]
        council = []
        taken = {(f.id, f.version): f for f in shipped}
        for f in self._council_files():
            if f.problem:
                council.append(f)
            elif f.id in {s.id for s in shipped}:
                council.append(with_problem(f, f"uses the id of an edition shipped with cia ({f.id}); give it "
                                                "an id of its own"))
            elif (f.id, f.version) in taken:
                council.append(with_problem(f, f"{f.ref} is also in {taken[(f.id, f.version)].name}; each "
                                                "version of an edition must be in one place"))
            else:
                taken[(f.id, f.version)] = f
                council.append(f)
        return shipped + council

    def _usable(self, ident: str) -> list[EditionFile]:
        shipped = [f for f in self._shipped_files(ident) if not f.problem]
        if shipped:
            return shipped
        return [f for f in self.files() if f.id == ident and not f.problem]

    def ids(self) -> list[str]:
        """Ids of the editions that can be used: shipped first, then the council's, each once."""
        out: list[str] = []
        for f in self.files():
            if not f.problem and f.id not in out:
                out.append(f.id)
        return out

    def _loadable(self) -> list[str]:
        """The ids that load (for naming them when one asked for is unknown): a file whose problem shows only
        when it is loaded, such as extending an edition that does not exist, is not one of them."""
        out = []
        for i in self.ids():
            try:
                self.get(i)
            except (KeyError, EditionFileError):
                continue
            out.append(i)
        return out

    def versions(self, ident: str) -> list[int]:
        return sorted({f.version for f in self._usable(ident)})

    def has(self, ident: str) -> bool:
        return bool(self._usable(ident))

    # --- loading ---------------------------------------------------------------------------------------

    def get(self, ident: str, version: int | None = None) -> Edition:
        """The edition with this id (the latest version unless one is given).

        KeyError says which editions or versions there are; EditionFileError says what is wrong with the
        file that holds it.
        """
        if "@" in ident:
            ident, ref_version = parse_ref(ident)
            version = version if version is not None else ref_version
        with self._lock:
            if version is not None and (ident, version) in self._loaded:
                return self._loaded[(ident, version)]
            candidates = self._usable(ident)
            if not candidates:
                broken = next((f for f in self.files() if f.id == ident and f.problem), None)
                if broken is not None:
                    raise KeyError(f"template edition {ident!r} cannot be used: {broken.name}: {broken.problem}")
                raise KeyError(f"unknown template edition {ident!r} (known: {', '.join(self._loadable())})")
            if version is None:
                chosen = max(candidates, key=lambda f: f.version)
            else:
                chosen = next((f for f in candidates if f.version == version), None)
                if chosen is None:
                    have = ", ".join(str(v) for v in sorted(f.version for f in candidates))
                    raise KeyError(f"edition {ident!r} has no version {version} (versions: {have}); keep the "
                                   f"file of version {version} in the templates folder, or move the assessment "
                                   "to another version with cia migrate")
            key = (chosen.id, chosen.version)
            if key not in self._loaded:
                self._loaded[key] = self._load(chosen)
                self._loaded_from[key] = chosen.where if chosen.stored else chosen.path.parent
            return self._loaded[key]

    def _load(self, f: EditionFile) -> Edition:
        from .loader import load_edition, load_text

        if f.name in self._loading:
            raise EditionFileError([Problem(f.name, None, "extends", "editions extend each other in a loop")])
        self._loading.add(f.name)
        try:
            edition = load_text(f.text, f.name, self.get) if f.text is not None else load_edition(f.path, self.get)
        finally:
            self._loading.discard(f.name)
        if (edition.id, edition.version) != (f.id, f.version):  # pragma: no cover - the file changed under us
            raise EditionFileError([Problem(f.name, None, "", "changed while it was being read")])
        return edition

    def check_file(self, path: Path) -> Edition:
        """Validate a draft edition file (it may extend any edition this registry knows)."""
        from .loader import load_edition

        return load_edition(Path(path), self.get)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids())


REGISTRY = Registry()
