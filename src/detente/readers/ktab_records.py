"""What a KTAB scenario file holds, as read (0–100 scale), and the checks both readers share.

``ktab_csv`` and ``ktab_xml`` fill a :class:`KtabRecords`; ``ktab_files`` turns it into a
:class:`~detente.models.table.PositionTable`. Checks follow ``smpread.cpp`` (positions and
saliences in [0, 100], saliences summing to at most 100, positive capability) but collect
every problem instead of stopping at the first, and never default an empty value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from detente.errors import Problem

__all__ = ["KtabRecords", "check_saliences", "parse_number"]


@dataclass
class KtabRecords:
    """Raw contents of a KTAB scenario (0–100 scale).

    Attributes
    ----------
    name, description : str
    dimensions : list of str
    actors, descriptions : list of str
    capabilities : list of float
    positions, saliences : list of per-dimension lists
    options : dict
        SpatialModelOfPolitics parameters named by the file.
    accommodation : list of rows or None
    seed : int or None
    """

    name: str = ""
    description: str = ""
    dimensions: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    capabilities: list[float] = field(default_factory=list)
    positions: list[list[float]] = field(default_factory=list)
    saliences: list[list[float]] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    accommodation: list[list[float]] | None = None
    seed: int | None = None


def parse_number(
    text: str | None,
    where: tuple[str, int | None, str],
    bounds: tuple[float, float | None],
    what: str,
    problems: list[Problem],
) -> float:
    """Parse ``text`` as a number within ``bounds``; record a Problem (and return NaN) if not.

    ``bounds`` is ``(lo, hi)`` for the closed interval, or ``(lo, None)`` for "> lo".
    ``where`` is ``(file, line, path)``.
    """
    file, line, path = where
    lo, hi = bounds
    rule = f"in [{lo:g}, {hi:g}]" if hi is not None else f"> {lo:g}"
    s = (text or "").strip()
    if not s:
        problems.append(
            Problem(file, line, path, f"is empty (expected {what} {rule})", f"write {what} {rule}")
        )
        return math.nan
    try:
        v = float(s)
    except ValueError:
        problems.append(
            Problem(file, line, path, f"must be a number (got {s!r})", f"write {what} {rule}")
        )
        return math.nan
    if not math.isfinite(v):
        problems.append(
            Problem(
                file,
                line,
                path,
                f"must be a finite number (got {s}; NaN and infinity are not numbers here)",
                f"write {what} {rule}",
            )
        )
        return math.nan
    ok = (lo <= v <= hi) if hi is not None else v > lo
    if not ok:
        problems.append(
            Problem(file, line, path, f"must be {rule} (got {s})", f"write {what} {rule}")
        )
        return math.nan
    return v


def check_saliences(
    saliences: list[float], where: tuple[str, int | None, str], problems: list[Problem]
) -> None:
    """Record a Problem if an actor's saliences sum above 100 or are all zero."""
    file, line, path = where
    if not all(math.isfinite(v) for v in saliences):
        return
    total = sum(saliences)
    if total > 100.0:
        problems.append(
            Problem(
                file,
                line,
                path,
                f"saliences sum to {total:g} (more than 100)",
                "scale them so the actor's saliences sum to at most 100",
            )
        )
    elif total <= 0.0:
        problems.append(Problem(file, line, path, "saliences are all zero", "give a salience > 0"))
