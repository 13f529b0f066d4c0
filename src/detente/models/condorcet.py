"""The probabilistic Condorcet model: a distribution over the actors' positions, issue by issue.

Every distinct position on an issue is a candidate outcome. In each pairwise contest between
candidates *i* and *j*, actor *k* backs the one it prefers with strength proportional to its
weight :math:`w_k = c_k s_k` and its utility difference, so the coalition for *i* over *j* is

.. math:: C_{ij} = \\sum_k w_k \\max(0,\\ u_k(y_i) - u_k(y_j)),\\qquad u_k(y) = -|x_k - y|^r

and *i* beats *j* with probability :math:`p_{ij} = f(C_{ij}) / (f(C_{ij}) + f(C_{ji}))`
(``f`` linear, square or quartic). The probability that candidate *i* is the outcome is its
chance of winning every contest, :math:`P_i \\propto \\prod_j p_{ij}` (the conditional
probabilistic Condorcet election of Wise's KTAB, ``Model::condPCE``). The deterministic
limit (``f`` of high order) is the Condorcet winner, the weighted median; the model predicts
a *distribution* over pole and compromise outcomes and reports its mean or median.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np

from detente.models.base import BargainingModel, ModelInfo, check_param
from detente.models.forecast import Forecast
from detente.models.ktab.pce import scalar_pce
from detente.models.table import PositionTable

__all__ = ["CondorcetModel", "condorcet_distribution"]


def condorcet_distribution(
    positions: np.ndarray,
    weights: np.ndarray,
    *,
    victory: str = "Linear",
    power: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Candidates (the distinct positions of weighted actors) and their win probabilities on
    one issue. ``positions`` and ``weights`` are (n_actors,)."""
    x = np.asarray(positions, dtype=float)
    w = np.asarray(weights, dtype=float)
    live = w > 0
    if not live.any():
        live = np.ones_like(w, dtype=bool)
        w = np.ones_like(w)
    cand = np.unique(np.round(x[live], 12))
    if len(cand) == 1:
        return cand, np.ones(1)
    utils = -(np.abs(x[live][:, None] - cand[None, :]) ** power)
    prob = scalar_pce(w[live], utils, "Prop", victory, "Conditional")
    return cand, np.asarray(prob, dtype=float)


@dataclass(frozen=True, kw_only=True)
class CondorcetModel(BargainingModel):
    """Probabilistic Condorcet election among the actors' positions, per issue.

    Parameters
    ----------
    victory : {"Linear", "Square", "Quartic"}
        How coalition strength turns into a contest's win probability.
    summary : {"mean", "median"}
        Which point of the predicted distribution is the outcome.
    power : float
        Exponent of the distance loss (1 linear, 2 quadratic).
    """

    victory: Literal["Linear", "Square", "Quartic"] = "Linear"
    summary: Literal["mean", "median"] = "mean"
    power: float = 1.0

    name: ClassVar[str] = "condorcet"
    info: ClassVar[ModelInfo] = ModelInfo(
        title="Probabilistic Condorcet",
        summary="A distribution over the actors' positions from probabilistic pairwise "
        "contests; its mean is the outcome.",
        reference="Achen 2006 (EUD ch. 4); Wise & Bankes 2015 (KTAB conditional PCE)",
    )

    def __post_init__(self) -> None:
        cls = type(self).__name__
        check_param(cls, "victory", self.victory, "one of Linear, Square, Quartic",
                    self.victory in ("Linear", "Square", "Quartic"))  # fmt: skip
        check_param(cls, "summary", self.summary, "'mean' or 'median'",
                    self.summary in ("mean", "median"))  # fmt: skip
        check_param(
            cls,
            "power",
            self.power,
            "a number in [0.5, 4]",
            isinstance(self.power, int | float)
            and not isinstance(self.power, bool)
            and 0.5 <= self.power <= 4,
        )

    def _forecast(self, table: PositionTable, rng: np.random.Generator) -> Forecast:
        del rng
        weights = table.capabilities * table.saliences
        out = np.zeros(table.n_issues)
        for d in range(table.n_issues):
            cand, prob = condorcet_distribution(
                table.positions[:, d], weights[:, d], victory=self.victory, power=self.power
            )
            if self.summary == "mean":
                out[d] = float((cand * prob).sum())
            else:
                cum = np.cumsum(prob)
                out[d] = float(cand[int(np.searchsorted(cum, 0.5 - 1e-12))])
        return self._result(table, np.clip(out, 0.0, 1.0))
