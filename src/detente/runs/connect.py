"""Opening a run store: one clear error for every way a user's store can be wrong.

A bad URL, a missing driver, a corrupt file, an unreachable server or a read-only folder is
the user's to fix, not a bug, so each becomes a :class:`RunStoreError` naming the store and
the fix. Creating a new SQLite store is serialised by a lock file beside it (``filelock``),
so concurrent first runs cannot race on the schema (see :mod:`detente.runs.migrate`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

import sqlalchemy as sa
from filelock import FileLock, Timeout

from detente.errors import DetenteError
from detente.runs.location import ENV_URL

__all__ = [
    "LOCK_TIMEOUT",
    "RunStoreError",
    "create_engine",
    "explain",
    "migration_lock",
    "parse_url",
    "shown",
    "sqlite_path",
]

LOCK_TIMEOUT = 60.0
"""Seconds to wait for another process creating or migrating the same SQLite store."""

_ELSEWHERE = (
    f"or point {ENV_URL} (or `detente runs --url`) at another database; "
    "`detente forecast --no-save` skips the store"
)


class RunStoreError(DetenteError, RuntimeError):
    """The run store cannot be opened or written; the message names the store and the fix."""


def shown(url: sa.URL) -> str:
    """The URL as it may be printed (password hidden)."""
    return url.render_as_string(hide_password=True)


def parse_url(url: str | sa.URL) -> sa.URL:
    """``url`` parsed; refuse what is no URL and in-memory SQLite (it keeps nothing)."""
    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        msg = (
            "the run store URL must be an SQLAlchemy URL such as sqlite:///path/runs.sqlite "
            f"or postgresql+psycopg://user@host/db (got {str(url)!r}). Fix: correct {ENV_URL} "
            "(or `detente runs --url`), or unset it to use the default local file."
        )
        raise RunStoreError(msg) from None
    if _in_memory(parsed):
        msg = (
            f"the run store must be a database that persists (got {str(url)!r}: an "
            "in-memory SQLite database is gone when the command ends, so a saved run would be "
            f"lost). Fix: point {ENV_URL} at a file, e.g. sqlite:///runs.sqlite, or unset it "
            "to use the default; `detente forecast --no-save` skips the store."
        )
        raise RunStoreError(msg)
    return parsed


def _in_memory(url: sa.URL) -> bool:
    if url.get_backend_name() != "sqlite":
        return False
    database = url.database or ""
    return database in ("", ":memory:") or url.query.get("mode") == "memory"


def sqlite_path(url: sa.URL) -> Path | None:
    """The file behind an SQLite URL (None for other backends)."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database.startswith("file:"):  # a URI filename (uri=true)
        database = database.removeprefix("file:").split("?", 1)[0]
    return Path(database).expanduser()


def create_engine(url: sa.URL) -> sa.Engine:
    """An engine for ``url``: its SQLite folder created, a missing driver explained."""
    path = sqlite_path(url)
    if path is not None:
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            msg = (
                f"the run store's folder must be a folder (got {blocker}, which is a file). "
                f"Fix: choose another path, {_ELSEWHERE}."
            )
            raise RunStoreError(msg)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            msg = (
                f"the run store's folder must be writable (got {path.parent}: "
                f"{exc.strerror or exc}). Fix: make it writable, {_ELSEWHERE}."
            )
            raise RunStoreError(msg) from None
        if path.is_dir():
            msg = (
                f"the run store must be an SQLite file, not a folder (got {path}). "
                f"Fix: name a file such as {path / 'runs.sqlite'}, {_ELSEWHERE}."
            )
            raise RunStoreError(msg)
    try:
        # a server may drop a connection left idle through a long forecast: ping before use
        return sa.create_engine(url, pool_pre_ping=path is None)
    except (sa.exc.NoSuchModuleError, ImportError) as exc:
        pg = url.get_backend_name() == "postgresql"
        extra = " (pip install 'detente[postgres]')" if pg else ""
        msg = (
            f"the run store URL must name a database driver that is installed (got "
            f"{shown(url)}: {exc}). Fix: install the driver{extra}, {_ELSEWHERE}."
        )
        raise RunStoreError(msg) from None


def migration_lock(url: sa.URL) -> AbstractContextManager[object]:
    """A lock held while a store's schema is created or upgraded (a file lock for SQLite).

    PostgreSQL serialises the migration itself with an advisory lock (see ``migrate``).
    """
    path = sqlite_path(url)
    if path is None:
        return nullcontext()
    return _file_lock(Path(f"{path}.lock"))


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    lock = FileLock(str(path), timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        msg = (
            f"the run store's lock {path} must be free to create the store, but another "
            f"process held it for over {LOCK_TIMEOUT:.0f} s. Fix: wait for the other detente "
            f"to finish, or delete {path} if none is running."
        )
        raise RunStoreError(msg) from None
    except OSError as exc:
        msg = (
            f"the run store's folder must be writable to create the store (got {path.parent}: "
            f"{exc.strerror or exc}). Fix: make it writable, {_ELSEWHERE}."
        )
        raise RunStoreError(msg) from None
    try:
        yield
    finally:
        lock.release()  # the file stays: deleting it would let two processes lock two files


def explain(exc: BaseException, url: sa.URL) -> RunStoreError:
    """A :class:`RunStoreError` for a database or file error met while using the store."""
    where = shown(url)
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc) else ""
    low = text.lower()
    path = sqlite_path(url)
    if path is not None and ("not a database" in low or "malformed" in low):
        msg = (
            f"the run store must be an SQLite database written by detente (got {path}: "
            f"{text}; it is corrupt or another kind of file). Fix: move it aside "
            f"(mv {path} {path}.bad) and a new store is created on the next run, {_ELSEWHERE}."
        )
    elif path is not None and ("readonly" in low or "read-only" in low):
        msg = (
            f"the run store must be writable (got {path}: {text}). Fix: make the file and its "
            f"folder writable, {_ELSEWHERE}."
        )
    elif path is not None and ("unable to open" in low or isinstance(exc, OSError)):
        msg = (
            f"the run store must be a file detente can open and write (got {path}: {text}). "
            f"Fix: check the folder {path.parent} exists and is writable, {_ELSEWHERE}."
        )
    elif path is None and isinstance(exc, sa.exc.OperationalError):
        msg = (
            f"the run store's server must be reachable (got {where}: {text}). Fix: start the "
            f"database server or correct the host, port, user and password, {_ELSEWHERE}."
        )
    else:
        msg = (
            f"the run store must accept detente's queries (got {where}: "
            f"{type(exc).__name__}: {text}). Fix: check the database and its permissions, "
            f"{_ELSEWHERE}."
        )
    return RunStoreError(msg)
