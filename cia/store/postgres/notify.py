"""Live awareness: a thread that LISTENs for saves in the store and tells a callback about each one.

Every save and delete commits a ``NOTIFY cia_saved`` whose payload names the schema, the assessment, its
new revision and who saved it; a :class:`Listener` keeps a connection of its own listening and calls its
callback (from its thread: the caller hands the event to its own loop) with a :class:`StoreEvent`. If the
connection is lost it says so (``unreachable``), retries, and on reconnecting says ``reconnected``: the
caller should then look again, as saves made meanwhile were not announced to it.

Nothing here knows about the UI.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import StoreError

if TYPE_CHECKING:
    from .connection import Target

CHANNEL = "cia_saved"
RETRY_SECONDS = 1.0
POLL_SECONDS = 0.25
"""How often the thread looks up from waiting to see whether it was asked to stop."""


@dataclass(frozen=True)
class StoreEvent:
    """Something happened in the store: ``saved`` or ``deleted`` (an assessment), ``unreachable`` or
    ``reconnected`` (the listening connection)."""

    kind: str
    id: str = ""
    revision: int = 0
    user: str = ""
    host: str = ""
    pid: int = 0
    message: str = ""
    own: bool = False
    """True for a save made through the store handle that is listening (not news to it)."""

    @property
    def who(self) -> str:
        return f"{self.user} on {self.host}" if self.host else (self.user or "someone")


SavedEvent = StoreEvent


class Listener:
    """A background thread listening for the store's saves; thread-safe to start and stop."""

    def __init__(self, target: Target, schema: str, callback: Callable[[StoreEvent], None], *,
                 own_token: str = "") -> None:
        self.target = target
        self.own_token = own_token
        self.schema = schema
        self.callback = callback
        self.ready = threading.Event()
        """Set while the thread is listening (tests wait on it rather than on time)."""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn = None
        self._mutex = threading.Lock()

    def start(self) -> None:
        with self._mutex:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="cia-store-listener", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        with self._mutex:
            thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _emit(self, event: StoreEvent) -> None:
        try:
            self.callback(event)
        except Exception:  # the callback's problem must not end the listening
            pass

    def _run(self) -> None:
        import psycopg

        lost = False
        while not self._stop.is_set():
            try:
                conn = self.target.connect(autocommit=True)
            except StoreError as exc:
                if not lost:
                    self._emit(StoreEvent("unreachable", message=str(exc)))
                    lost = True
                self._stop.wait(RETRY_SECONDS)
                continue
            try:
                with conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.ready.set()
                    if lost:
                        self._emit(StoreEvent("reconnected"))
                        lost = False
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=POLL_SECONDS):
                            event = self._parse(note.payload)
                            if event is not None:
                                self._emit(event)
                            if self._stop.is_set():
                                break
            except psycopg.Error as exc:
                self.ready.clear()
                if self._stop.is_set():
                    break
                if not lost:
                    self._emit(StoreEvent("unreachable", message=str(self.target.translate(exc))))
                    lost = True
                self._stop.wait(RETRY_SECONDS)
        self.ready.clear()

    def _parse(self, payload: str) -> StoreEvent | None:
        try:
            data = json.loads(payload)
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("schema") != self.schema:
            return None
        try:
            return StoreEvent(str(data.get("event", "saved")), str(data["id"]), int(data.get("revision", 0)),
                              str(data.get("user", "")), str(data.get("host", "")), int(data.get("pid", 0)),
                              own=bool(self.own_token) and data.get("token") == self.own_token)
        except (KeyError, TypeError, ValueError):
            return None
