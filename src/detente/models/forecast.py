"""Forecast: what every bargaining model returns, in one shape.

Consumers that only need the core (``detente compare``, the report's comparison table, the
API) treat every model's result alike; a model with more to say returns a subclass.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from detente._typing import FloatArray
from detente.scenario.scales import IssueScale

__all__ = ["Forecast"]


@dataclass(frozen=True, eq=False)
class Forecast:
    """A model's predicted outcome, each actor's utility for it, and (if dynamic) its trace.

    Attributes
    ----------
    model : str
        Registry name of the model that made it.
    params : Mapping[str, Any]
        The model's parameters, verbatim.
    actors, issues : tuple of str
        Labels.
    scales : tuple of IssueScale
        To express unit outcomes in each issue's units and labels.
    outcome : (n_issues,) array
        Predicted outcome on each issue, on [0, 1].
    utilities : (n_actors,) array
        Each actor's utility for the outcome (``package_utility`` unless the model
        documents its own).
    trace : (n_rounds, n_actors, n_issues) array or None
        Positions round by round, for dynamic models (round 0 = the input).
    notes : tuple of str
        Anything the reader must know (e.g. "stopped at max_rounds").
    """

    model: str
    params: Mapping[str, Any]
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    scales: tuple[IssueScale, ...]
    outcome: FloatArray
    utilities: FloatArray
    trace: FloatArray | None = None
    notes: tuple[str, ...] = field(default=())

    def outcome_native(self) -> FloatArray:
        """Outcome on each issue's own scale."""
        return np.array([s.from_unit(u) for s, u in zip(self.scales, self.outcome, strict=True)])

    def to_frame(self) -> pd.DataFrame:
        """One row per issue: unit outcome, native outcome and a reader's label."""
        return pd.DataFrame(
            {
                "issue": list(self.issues),
                "outcome": self.outcome_native(),
                "outcome_unit": np.asarray(self.outcome, dtype=float),
                "label": [s.describe(u) for s, u in zip(self.scales, self.outcome, strict=True)],
            }
        ).assign(model=self.model)

    def utilities_frame(self) -> pd.DataFrame:
        """One row per actor with its utility for the outcome."""
        return pd.DataFrame(
            {"actor": list(self.actors), "utility": np.asarray(self.utilities)}
        ).assign(model=self.model)

    def trace_frame(self) -> pd.DataFrame:
        """Long frame (round, actor, issue, position) of a dynamic model's trace; empty if none."""
        cols = ["round", "actor", "issue", "position", "position_unit"]
        if self.trace is None:
            return pd.DataFrame(columns=cols)
        r, a, i = np.meshgrid(
            np.arange(self.trace.shape[0]),
            np.arange(len(self.actors)),
            np.arange(len(self.issues)),
            indexing="ij",
        )
        lo = np.array([s.low for s in self.scales])
        hi = np.array([s.high for s in self.scales])
        native = lo + self.trace * (hi - lo)
        return pd.DataFrame(
            {
                "round": r.ravel(),
                "actor": np.asarray(self.actors, dtype=object)[a.ravel()],
                "issue": np.asarray(self.issues, dtype=object)[i.ravel()],
                "position": native.ravel(),
                "position_unit": self.trace.ravel(),
            }
        )

    def _repr_html_(self) -> str:
        head = f"<p><b>{html.escape(self.model)}</b> forecast</p>"
        return head + self.to_frame().drop(columns="model").to_html(index=False)
