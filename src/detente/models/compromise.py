"""The compromise model: the capability × salience weighted mean of positions, per issue.

Van den Bos (1991) proposed it; Achen (2006, ch. 4) shows it approximates the asymmetric Nash
bargaining solution with quadratic losses, weights :math:`c_i s_i` and a distant
disagreement point. It is the simplest baseline and the one to beat.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from detente._typing import FloatArray
from detente.models.base import BargainingModel, ModelInfo
from detente.models.forecast import Forecast
from detente.models.table import PositionTable

__all__ = ["CompromiseModel", "weighted_mean"]


def weighted_mean(positions: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted mean of positions, issue by issue.

    Parameters
    ----------
    positions : (n_actors, n_issues) array
    weights : (n_actors, n_issues) array, non-negative
        Usually capability × salience.

    Returns
    -------
    (n_issues,) array
        On an issue where every weight is zero, the plain mean.

    Notes
    -----
    .. math:: O_d = \\frac{\\sum_i c_{id} s_{id} x_{id}}{\\sum_i c_{id} s_{id}}

    Van den Bos (1991); Achen (2006), *The European Union Decides*, ch. 4. The same formula
    is step 1 of Stokman & Van Oosten's (1994) exchange model.
    """
    x = np.asarray(positions, dtype=float)
    w = np.asarray(weights, dtype=float)
    total = w.sum(axis=0)
    safe = np.where(total > 0, total, 1.0)
    return np.asarray(np.where(total > 0, (w * x).sum(axis=0) / safe, x.mean(axis=0)), dtype=float)


@dataclass(frozen=True, kw_only=True)
class CompromiseModel(BargainingModel):
    """Predict each issue's outcome as the capability × salience weighted mean of positions.

    The model has no parameters. Ordinal issues get the unit-scale mean, which may fall
    between two options: ``Forecast.outcome`` keeps that number (so the spread between
    models stays visible) and ``Forecast.to_frame`` labels it with the nearest option.

    Examples
    --------
    >>> import numpy as np
    >>> from detente.models.table import PositionTable
    >>> from detente.scenario.scales import IssueScale
    >>> t = PositionTable(actors=("a", "b"), issues=("x",),
    ...     scales=(IssueScale("x", "x", "numeric", 0.0, 1.0),),
    ...     positions=np.array([[0.0], [1.0]]), saliences=np.array([[1.0], [1.0]]),
    ...     capabilities=np.array([3.0, 1.0]), veto=np.ones(2, bool), at_table=np.ones(2, bool))
    >>> float(CompromiseModel().forecast(t).outcome[0])
    0.25
    """

    name: ClassVar[str] = "compromise"
    info: ClassVar[ModelInfo] = ModelInfo(
        title="Compromise (weighted mean)",
        summary="Each issue settles at the capability × salience weighted mean of positions.",
        reference="Van den Bos 1991; Achen 2006, ch. 4",
    )

    def _forecast(self, table: PositionTable, rng: np.random.Generator) -> Forecast:
        del rng
        outcome = weighted_mean(table.positions, table.capabilities * table.saliences)
        outcome = np.clip(outcome, 0.0, 1.0)
        return self._result(table, outcome)
