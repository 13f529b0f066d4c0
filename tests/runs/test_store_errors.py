"""Every way a user's run store can be wrong gives one RunStoreError naming it and the fix."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from detente.runs import RunStore, RunStoreError
from detente.runs import connect as connect_module


def _refusal(url: str, **kwargs: bool) -> str:
    with pytest.raises(RunStoreError) as info:
        RunStore(url, **kwargs)
    msg = str(info.value)
    assert "Fix:" in msg
    return msg


def test_in_memory_sqlite_is_refused_because_it_keeps_nothing() -> None:
    """sqlite:///:memory: (and sqlite://) would print 'run saved' and keep nothing."""
    for url in ("sqlite:///:memory:", "sqlite://", "sqlite:///file:x?mode=memory&uri=true"):
        msg = _refusal(url)
        assert "persists" in msg and "--no-save" in msg


def test_a_url_that_is_no_url_is_named() -> None:
    """A DETENTE_RUNS_URL that SQLAlchemy cannot parse names itself and the expected form."""
    msg = _refusal("not a url at all")
    assert "'not a url at all'" in msg and "DETENTE_RUNS_URL" in msg


def test_an_unknown_or_missing_driver_is_named() -> None:
    """A dialect that does not exist, or whose driver is missing, says to install it."""
    assert "driver" in _refusal("nosuchdb://u@h/db")
    assert "driver" in _refusal("mysql+nosuchdriver://u@h/db")


def test_a_corrupt_store_file_says_to_move_it_aside(tmp_path: Path) -> None:
    """A file that is not SQLite gives the path and the `mv` that starts a new store."""
    bad = tmp_path / "runs.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    msg = _refusal(f"sqlite:///{bad}")
    assert "corrupt" in msg and f"mv {bad} {bad}.bad" in msg


def test_a_truncated_store_file_says_to_move_it_aside(tmp_path: Path) -> None:
    """A store cut short (a full disk, a bad copy) is reported as corrupt, not as a bug."""
    good = tmp_path / "good.sqlite"
    RunStore(f"sqlite:///{good}").close()
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(good.read_bytes()[:5000])
    msg = _refusal(f"sqlite:///{cut}")
    assert "corrupt" in msg and str(cut) in msg


def test_a_read_only_store_fails_on_open_not_after_the_work(tmp_path: Path) -> None:
    """A store that cannot be written is refused when opened for writing; reading still works."""
    path = tmp_path / "runs.sqlite"
    RunStore(f"sqlite:///{path}").close()
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    assert "must be writable" in _refusal(url)
    with RunStore(url, writable=False) as store:
        assert store.list() == []


def test_a_store_under_a_file_or_at_a_folder_is_named(tmp_path: Path) -> None:
    """A store path whose 'folder' is a file, or which is itself a folder, is explained."""
    (tmp_path / "afile").write_text("x")
    assert "which is a file" in _refusal(f"sqlite:///{tmp_path / 'afile' / 'runs.sqlite'}")
    assert "not a folder" in _refusal(f"sqlite:///{tmp_path}")


def test_a_folder_that_cannot_be_created_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only home (the store's folder cannot be made) names the folder and the fix."""

    def denied(*_a: object, **_k: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", denied)
    msg = _refusal(f"sqlite:///{tmp_path / 'home' / '.local' / 'runs.sqlite'}")
    assert "must be writable" in msg and "Permission denied" in msg


def test_a_store_sqlite_cannot_open_is_named(tmp_path: Path) -> None:
    """A path SQLite cannot open (here a folder with no write access: /proc) is explained."""
    msg = _refusal("sqlite:////proc/detente-runs.sqlite")
    assert "/proc" in msg and "writable" in msg


def test_an_unreachable_postgres_server_is_named() -> None:
    """A PostgreSQL URL with no server behind it says the server must be reachable."""
    msg = _refusal("postgresql+psycopg://u:secret@127.0.0.1:9/db?connect_timeout=3")
    assert "must be reachable" in msg and "secret" not in msg and "***" in msg


def test_a_lock_held_too_long_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process holding the creation lock past the timeout gives the lock's path."""
    from filelock import FileLock

    path = tmp_path / "runs.sqlite"
    monkeypatch.setattr(connect_module, "LOCK_TIMEOUT", 0.2)
    holder = FileLock(f"{path}.lock")
    with holder:
        msg = _refusal(f"sqlite:///{path}")
    assert f"{path}.lock" in msg and "another" in msg


def test_a_store_failing_mid_use_is_still_a_store_error(tmp_path: Path) -> None:
    """A database error after opening (here the file replaced by junk) is a RunStoreError."""
    path = tmp_path / "runs.sqlite"
    store = RunStore(f"sqlite:///{path}")
    store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE run_series")
    with pytest.raises(RunStoreError, match="Fix:"):
        store.count_rows()
