"""Where the run store lives when nobody says: an SQLite file in the user's data folder.

A forecast should be remembered without setup, so the default needs no server and no
configuration; a team points ``DETENTE_RUNS_URL`` at a shared database instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["ENV_URL", "default_url"]

ENV_URL = "DETENTE_RUNS_URL"


def _data_dir() -> Path:
    """The per-user data folder (XDG on Linux, Application Support on macOS, LOCALAPPDATA)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "detente"


def default_url() -> str:
    """``$DETENTE_RUNS_URL`` if set, else an SQLite file ``runs.sqlite`` in the data folder."""
    env = os.environ.get(ENV_URL)
    if env:
        return env
    return f"sqlite:///{_data_dir() / 'runs.sqlite'}"
