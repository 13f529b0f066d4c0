"""Read KTAB's SMP scenario files (CSV and XML) into a :class:`PositionTable`.

KTAB's inputs are on a 0–100 scale; the table holds them on [0, 1] (``smpread.cpp`` divides
by 100 too), with one 0–100 numeric scale per dimension. Capabilities are per actor (the
same on every issue); actor descriptions become display names (the actor's name where the
description is empty). Every problem found is reported at once as a
:class:`~detente.errors.ScenarioError` naming the file, line and element; unlike KTAB, an
empty value is an error, never a silent default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from detente._files import read_bounded
from detente._limits import KTAB_BYTES
from detente._typing import FloatArray
from detente.errors import Problem, ScenarioError
from detente.models.ktab.smp import SpatialModelOfPolitics
from detente.models.table import PositionTable
from detente.readers.ktab_csv import parse_ktab_csv
from detente.readers.ktab_records import KtabRecords
from detente.readers.ktab_xml import parse_ktab_xml
from detente.scenario.scales import IssueScale

__all__ = ["KtabInput", "read_ktab", "read_ktab_table"]


@dataclass(frozen=True)
class KtabInput:
    """A KTAB scenario: the table plus what only KTAB files carry.

    Attributes
    ----------
    table : PositionTable
    name, description : str
    options : dict
        SpatialModelOfPolitics parameters set by the file (XML ``ModelParameters``).
    accommodation : (n, n) array or None
        The XML ``IdealAdjustment`` matrix (identity plus the pairs given), or None.
    seed : int or None
        The XML ``prngSeed``; detente seeds its own generator with it (see docs/models.md).
    """

    table: PositionTable
    name: str
    description: str
    options: dict[str, str] = field(default_factory=dict)
    accommodation: FloatArray | None = None
    seed: int | None = None

    def model(self) -> SpatialModelOfPolitics:
        """The SMP configured as the file asks (KTAB's defaults otherwise)."""
        acc = None
        if self.accommodation is not None:
            acc = tuple(tuple(float(v) for v in row) for row in self.accommodation)
        return SpatialModelOfPolitics(**self.options, accommodation=acc)  # type: ignore[arg-type]


def read_ktab(path: str | Path) -> KtabInput:
    """Read a KTAB ``.csv`` or ``.xml`` scenario; raise ScenarioError listing every problem."""
    p = Path(path)
    name = str(path)
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".xml"):
        raise ScenarioError(
            [
                Problem(
                    name, None, "", f"has extension '{p.suffix}'", "give a KTAB .csv or .xml file"
                )
            ]
        )
    raw = read_bounded(p, KTAB_BYTES, kind="KTAB file", name=name)
    rec = parse_ktab_csv(raw, name) if suffix == ".csv" else parse_ktab_xml(raw, name)
    acc = None if rec.accommodation is None else np.array(rec.accommodation, dtype=float)
    return KtabInput(_table(rec), rec.name, rec.description, rec.options, acc, rec.seed)


def read_ktab_table(path: str | Path) -> PositionTable:
    """Read a KTAB scenario as a :class:`PositionTable` (model options and seed dropped)."""
    return read_ktab(path).table


def _table(rec: KtabRecords) -> PositionTable:
    """The PositionTable of validated records (unit scale, descriptions as names)."""
    ids = tuple(rec.dimensions)
    names = tuple(d.removesuffix(" Position") for d in ids)
    n = len(rec.actors)
    return PositionTable(
        actors=tuple(rec.actors),
        issues=ids,
        scales=tuple(
            IssueScale(i, nm, "numeric", 0.0, 100.0) for i, nm in zip(ids, names, strict=True)
        ),
        positions=np.array(rec.positions, dtype=float) / 100.0,
        saliences=np.array(rec.saliences, dtype=float) / 100.0,
        capabilities=np.array(rec.capabilities, dtype=float),
        veto=np.ones(n, dtype=bool),
        at_table=np.ones(n, dtype=bool),
        actor_names=tuple(d or a for a, d in zip(rec.actors, rec.descriptions, strict=True)),
        issue_names=names,
    )
