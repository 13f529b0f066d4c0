"""The median-voter model: the capability × salience weighted median of positions, per issue.

With single-peaked preferences on one dimension the weighted median is the Condorcet winner
(Black 1948): no other point beats it in a pairwise weighted vote. It is also what the
asymmetric Nash solution gives with linear losses and a distant disagreement point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from detente._typing import FloatArray
from detente.models.base import BargainingModel, ModelInfo
from detente.models.forecast import Forecast
from detente.models.table import PositionTable

__all__ = ["MedianVoterModel", "weighted_median"]

_REL_TOL = 1e-12


def weighted_median(positions: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted median of positions, issue by issue (ties split at the midpoint).

    Parameters
    ----------
    positions : (n_actors, n_issues) array
    weights : (n_actors, n_issues) array, non-negative

    Returns
    -------
    (n_issues,) array

    Notes
    -----
    The weighted median minimises :math:`f(y) = \\sum_i w_i |x_i - y|`, so in a pairwise
    vote :math:`y` beats :math:`z` exactly when :math:`f(y) < f(z)`: it is the Condorcet
    winner in one dimension (Black 1948; Scholz, Calbert & Smith 2011, eqs. 26–29).

    It is the smallest position whose cumulative weight (positions sorted) reaches half the
    total. **Tie rule:** when the cumulative weight equals exactly half at a position (up to
    a relative 1e-12), every point between it and the next position minimises ``f``; the
    midpoint of the two is returned, as the ordinary median does for an even count. The
    rule is symmetric, so reversing a scale reverses the answer. Zero-weight actors are
    ignored; if every weight on an issue is zero, the unweighted median is returned.
    """
    x = np.asarray(positions, dtype=float)
    w = np.asarray(weights, dtype=float)
    w = np.where(w.sum(axis=0, keepdims=True) > 0, w, 1.0)
    order = np.argsort(x, axis=0, kind="stable")
    xs = np.take_along_axis(x, order, axis=0)
    ws = np.take_along_axis(w, order, axis=0)
    cum = np.cumsum(ws, axis=0)
    half = 0.5 * cum[-1]
    tol = _REL_TOL * cum[-1]
    k = np.argmax(cum >= half - tol, axis=0)
    cols = np.arange(x.shape[1])
    lower = xs[k, cols]
    exact = np.abs(cum[k, cols] - half) <= tol
    # next position carrying positive weight above k (zero-weight actors never count)
    above = (np.arange(x.shape[0])[:, None] > k[None, :]) & (ws > 0)
    has_next = above.any(axis=0)
    nxt = xs[np.argmax(above, axis=0), cols]
    upper = np.where(exact & has_next, nxt, lower)
    return np.asarray(0.5 * (lower + upper), dtype=float)


@dataclass(frozen=True, kw_only=True)
class MedianVoterModel(BargainingModel):
    """Predict each issue's outcome as the capability × salience weighted median.

    The model has no parameters. The outcome is always one actor's position (or, on an
    exact tie, the midpoint of two), so on ordinal issues it is an option unless a tie
    splits two options; ``Forecast.to_frame`` labels it with the nearest option.
    """

    name: ClassVar[str] = "median"
    info: ClassVar[ModelInfo] = ModelInfo(
        title="Median voter (weighted median)",
        summary="Each issue settles at the capability × salience weighted median, "
        "the Condorcet winner.",
        reference="Black 1948; Scholz, Calbert & Smith 2011, eqs. 26–29",
    )

    def _forecast(self, table: PositionTable, rng: np.random.Generator) -> Forecast:
        del rng
        outcome = weighted_median(table.positions, table.capabilities * table.saliences)
        return self._result(table, outcome)
