"""Read an input file with a bound on its size taken from the stream, never from ``stat``.

``stat`` says 0 bytes for ``/dev/zero`` and a FIFO, and opening a FIFO blocks until a writer
comes; so the file is opened without blocking, refused unless it is a regular file, and read
at most one byte past the limit. Every failure is a :class:`ScenarioError` naming the file,
what is wrong and the fix, so callers report it like any other input problem.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from detente._limits import Limit
from detente.errors import Problem, ScenarioError

__all__ = ["read_bounded"]


def _fail(name: str, message: str, fix: str) -> ScenarioError:
    return ScenarioError([Problem(name, None, "", message, fix)])


def read_bounded(path: Path, limit: Limit, *, kind: str, name: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    ``kind`` names the input in messages ("scenario", "table", "KTAB file").

    Raises
    ------
    ScenarioError
        If the file cannot be opened or read, is not a regular file (a pipe, a device, a
        socket), or holds more than ``limit`` bytes.
    """
    name = name or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:
        raise _fail(
            name,
            f"the {kind} must be readable (got permission denied)",
            f"give yourself read permission (chmod u+r {name}) or copy it somewhere readable",
        ) from None
    except IsADirectoryError:
        raise _fail(name, f"this is a folder, not a {kind}", f"name the {kind}'s file") from None
    except OSError as exc:
        raise _fail(
            name, f"the {kind} cannot be read ({exc.strerror or exc})", "check the path"
        ) from None
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(f.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise _fail(name, f"this is a folder, not a {kind}", f"name the {kind}'s file")
        if not stat.S_ISREG(mode):
            raise _fail(
                name,
                f"the {kind} must be a regular file (got a pipe, device or socket, which "
                "could block or never end)",
                "save the input to a file and name that file",
            )
        bound = limit.value()
        try:
            raw = f.read(bound + 1)
        except OSError as exc:
            raise _fail(
                name, f"the {kind} cannot be read ({exc.strerror or exc})", "check the file"
            ) from None
    if len(raw) > bound:
        raise _fail(
            name,
            f"the {kind} must be at most {bound:,} bytes (got more): {kind}s are limited to "
            f"{bound / 2**20:.3g} MiB",
            f"check you named the right file, or raise the limit knowingly with the "
            f"environment variable {limit.env}=<bytes>",
        )
    return raw
