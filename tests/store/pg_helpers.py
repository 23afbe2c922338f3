"""Helpers for the PostgreSQL tests: store URLs on fresh schemas, roles, and a relay that takes the server away."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pytest


def with_params(dsn: str, **params: str) -> str:
    """``dsn`` with query parameters added or replaced (``options``, ``user``, ``password``, ...)."""
    parts = urlsplit(dsn)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


def new_pg_store(server: str, request: pytest.FixtureRequest, *, init: bool = True) -> str:
    """A store URL on a fresh schema of the test server (initialised unless ``init=False``), dropped after the test."""
    import psycopg

    name = "t_" + secrets.token_hex(6)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')

    def drop() -> None:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')

    request.addfinalizer(drop)
    url = with_params(server, options=f"-c search_path={name}")
    if init:
        from cia.store.postgres.connection import Target
        from cia.store.postgres.schema import init as init_schema

        init_schema(Target(url))
    return url


def pg_tcp_url(server: str, user: str, options: str = "", port: int | None = None) -> str:
    """A URL reaching the test server over 127.0.0.1 (password authentication) as ``user``."""
    query = dict(parse_qsl(urlsplit(server).query))
    db = urlsplit(server).path.lstrip("/")
    url = f"postgresql://{user}@127.0.0.1:{port or query['port']}/{db}"
    return with_params(url, options=options) if options else url


def options_of(url: str) -> str:
    return dict(parse_qsl(urlsplit(url).query)).get("options", "")


class Relay:
    """A TCP relay in front of the server: ``stop()`` takes the server away (every connection through it
    drops, new ones are refused), ``start()`` brings it back on the same port."""

    def __init__(self, target_port: int) -> None:
        import socket
        import threading

        self._socket, self._threading = socket, threading
        self.target_port = target_port
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listener = None
        self._conns: list = []
        self._lock = threading.Lock()

    def start(self) -> None:
        s = self._socket.socket()
        s.setsockopt(self._socket.SOL_SOCKET, self._socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.port))
        s.listen(64)
        self._listener = s
        self._threading.Thread(target=self._accept, args=(s,), daemon=True).start()

    def _accept(self, listener) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = self._socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                self._threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(2)
                except OSError:
                    pass

    def stop(self) -> None:
        if self._listener is not None:
            try:  # wakes the thread blocked in accept(), so the port is really free again
                self._listener.shutdown(self._socket.SHUT_RDWR)
            except OSError:
                pass
            self._listener.close()
            self._listener = None
        with self._lock:
            conns, self._conns = self._conns, []
        for s in conns:
            try:
                s.shutdown(2)
            except OSError:
                pass
            s.close()
