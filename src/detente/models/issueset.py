"""IssueSet: ragged data (a different actor set per issue) as rectangular blocks.

Real decision data code a different set of actors on each issue (EU-15 before 2004, EU-28
later; an actor without a position is not part of the issue). A :class:`PositionTable` is
rectangular, so an IssueSet holds one table per *block*: the issues of one proposal that
share an actor set. Every model runs block by block and the predictions are stitched back
in the data's issue order. Outcomes (for scoring) live only in ``meta``, never in a table,
so no model can see them.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from detente._random import Seed, as_generator
from detente.models.base import BargainingModel
from detente.models.table import LongRows, PositionTable

__all__ = ["META_COLUMNS", "IssueSet"]

META_COLUMNS = (
    "issue",
    "proposal",
    "procedure",
    "rule",
    "low",
    "high",
    "reference",
    "outcome",
    "n_actors",
    "block",
)


@dataclass(frozen=True, eq=False)
class IssueSet:
    """Blocks of issues with their own actors, plus one row of facts per issue.

    Attributes
    ----------
    tables : tuple of PositionTable
        The blocks; issue ids are unique across blocks.
    meta : DataFrame
        One row per issue in the data's order with :data:`META_COLUMNS`: ``low``/``high``
        the issue's scale, ``reference`` and ``outcome`` on that scale (NaN where unknown),
        ``block`` the index of its table.
    name : str
        Where the data came from (for messages).
    notes : tuple of str
        What the reader dropped or assumed.
    """

    tables: tuple[PositionTable, ...]
    meta: pd.DataFrame
    name: str = "<data>"
    notes: tuple[str, ...] = ()

    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        *,
        name: str = "<table>",
        salience_scale: float | None = None,
        position_scale: tuple[float, float] | None = None,
        issue_scales: Mapping[str, tuple[float, float]] | None = None,
        lines: Sequence[int] | None = None,
    ) -> IssueSet:
        """Ragged long data (one row per actor × issue, an actor absent from an issue is
        not part of it) as blocks: the issues that share an actor set form one block, in
        order of first appearance, so a rectangular frame is one block equal to
        :meth:`PositionTable.from_frame`. Columns and scales as there; ``outcome`` (optional)
        goes to ``meta`` only.
        """
        rows = LongRows.read(
            df,
            name=name,
            salience_scale=salience_scale,
            position_scale=position_scale,
            issue_scales=issue_scales,
            lines=lines,
        )
        return cls.from_rows(rows)

    @classmethod
    def from_rows(cls, rows: LongRows) -> IssueSet:
        """Lay checked rows out as blocks of issues sharing an actor set."""
        groups: dict[tuple[str, ...], list[str]] = {}
        for issue in rows.issues:
            groups.setdefault(rows.members(issue), []).append(issue)
        tables = tuple(rows.block(actors, issues) for actors, issues in groups.items())
        block_of = {i: b for b, issues in enumerate(groups.values()) for i in issues}
        order = list(rows.issues)
        nan = np.nan
        meta = pd.DataFrame(
            {
                "issue": order,
                "proposal": nan,
                "procedure": nan,
                "rule": nan,
                "low": [rows.scales[i][0] for i in order],
                "high": [rows.scales[i][1] for i in order],
                "reference": [rows.refs.get(i, nan) for i in order],
                "outcome": [rows.outcomes.get(i, nan) for i in order],
                "n_actors": [len(rows.members(i)) for i in order],
                "block": [block_of[i] for i in order],
            }
        )
        return cls(tables, meta, rows.name)

    @property
    def rectangular(self) -> bool:
        """True when every actor is on every issue (one block)."""
        return len(self.tables) == 1

    @property
    def n_issues(self) -> int:
        """Number of issues across all blocks."""
        return len(self.meta)

    def without_outcomes(self) -> IssueSet:
        """A copy whose outcome column is blank (to show predictions never read it)."""
        meta = self.meta.copy()
        meta["outcome"] = np.nan
        return IssueSet(self.tables, meta, self.name, self.notes)

    def forecast(
        self, model: BargainingModel, *, seed: Seed = None
    ) -> tuple[pd.DataFrame, list[str]]:
        """Run ``model`` on every block.

        Returns a frame with columns ``model, issue, outcome`` (the issue's own scale) and
        ``outcome_unit``, in the data's issue order, and the notes and warnings the model
        raised (each once).
        """
        rng = as_generator(seed)
        frames = []
        notes: dict[str, None] = {}
        for table in self.tables:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                f = model.forecast(table, seed=rng)
            for w in caught:
                notes[str(w.message)] = None
            for n in f.notes:
                if not n.startswith("method:"):
                    notes[n] = None
            frames.append(
                pd.DataFrame(
                    {"issue": list(f.issues), "outcome_unit": np.asarray(f.outcome, dtype=float)}
                )
            )
        out = pd.concat(frames, ignore_index=True).set_index("issue")
        out = out.reindex(self.meta["issue"]).reset_index()
        lo = self.meta["low"].to_numpy(dtype=float)
        hi = self.meta["high"].to_numpy(dtype=float)
        out["outcome"] = lo + out["outcome_unit"].to_numpy(dtype=float) * (hi - lo)
        out.insert(0, "model", model.name)
        return out[["model", "issue", "outcome", "outcome_unit"]], list(notes)
