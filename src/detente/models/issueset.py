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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from detente._random import Seed, as_generator
from detente.models.base import BargainingModel
from detente.models.table import PositionTable

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
