"""Checks of the CLI's own options, made before any work so a slip costs no wait.

Output paths are probed for writability up front (``--report`` a folder, ``--out`` a file,
an unwritable working folder) and the writes themselves turn an ``OSError`` into one clear
message; seeds are refused below 0 (numpy's generators take none); ``--workers`` is capped
at the CPUs, saying so.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from detente.dynamics.pool import usable_cpus
from detente.errors import DetenteError

__all__ = [
    "OutputPathError",
    "cap_workers",
    "check_out_dir",
    "check_report_file",
    "check_seed",
    "writing",
]


class OutputPathError(DetenteError, OSError):
    """An output path cannot be written; the message names the option and the fix."""


def check_seed(value: int | None) -> int | None:
    """Typer callback: a seed must be a whole number >= 0."""
    if value is not None and value < 0:
        msg = (
            f"must be a whole number >= 0 (got {value}): numpy's random generators take "
            "non-negative seeds. Fix: use e.g. --seed 0 or --seed 42."
        )
        raise typer.BadParameter(msg)
    return value


def _existing_ancestor(path: Path) -> Path:
    here = path.absolute()
    while not here.exists() and here != here.parent:
        here = here.parent
    return here


def _probe(folder: Path, option: str, shown: Path) -> None:
    """Fail unless a file can be created in ``folder`` (the nearest existing one)."""
    if not folder.is_dir():
        msg = (
            f"{option} must be inside a folder (got {shown}, but {folder} is a file). "
            f"Fix: choose a path whose parent folders are folders."
        )
        raise OutputPathError(msg)
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".detente-probe-"):
            pass
    except OSError as exc:
        msg = (
            f"{option} must be in a folder you can write to (got {shown}: {folder} is not "
            f"writable, {exc.strerror or exc}). Fix: run detente from a writable folder, or "
            f"give {option} a path in one, e.g. {option} ~/{shown.name}."
        )
        raise OutputPathError(msg) from None


def check_report_file(path: Path, option: str = "--report") -> None:
    """``path`` can be written as a file: not a folder, in a writable folder."""
    if path.is_dir():
        msg = (
            f"{option} must be a file path, not a folder (got {path}). "
            f"Fix: name a file, e.g. {option} {path / 'report.html'}."
        )
        raise OutputPathError(msg)
    _probe(_existing_ancestor(path.parent), option, path)


def check_out_dir(path: Path, option: str = "--out") -> None:
    """``path`` is or can become a writable folder (it must not be a file)."""
    if path.exists() and not path.is_dir():
        msg = (
            f"{option} must be a folder (got {path}, which is a file). "
            f"Fix: name a new or existing folder, e.g. {option} {path.with_suffix('')}-results."
        )
        raise OutputPathError(msg)
    _probe(_existing_ancestor(path), option, path)


@contextmanager
def writing(path: Path, option: str) -> Iterator[None]:
    """Turn an ``OSError`` while writing ``path`` into an :class:`OutputPathError`."""
    try:
        yield
    except OutputPathError:
        raise
    except OSError as exc:
        msg = (
            f"{option} must be writable (got {path}: {exc.strerror or exc}). "
            f"Fix: free some space or choose another path for {option}."
        )
        raise OutputPathError(msg) from None


def cap_workers(workers: int) -> tuple[int, str | None]:
    """``workers`` capped at the CPUs, and a note for the user when it was capped.

    More processes than CPUs only compete for them (the numbers never depend on it); the
    library also caps each pool at its number of chunks or variants.
    """
    cpus = usable_cpus()
    if workers <= cpus:
        return workers, None
    note = (
        f"--workers {workers} capped at {cpus}: this machine has {cpus} CPUs, and more "
        "processes would only compete for them (the numbers are the same)."
    )
    return cpus, note
