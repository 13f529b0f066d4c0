r"""Recalibration: a map from the raw simulation (and the base rate) to reported probabilities.

Where the simulation is miscalibrated on history, the honest report is not the raw share of
draws but what that share has meant on past cases. The map is logistic stacking (Wolpert
1992; Platt 1999 for the one-input case):

.. math:: \operatorname{logit} q = \alpha + \beta_1 \operatorname{logit} p_\text{raw}
          + \beta_2 \operatorname{logit} p_\text{ref}, \qquad \beta_1, \beta_2 \ge 0,

fitted by maximum likelihood on resolved questions with a ridge penalty
:math:`\tfrac{\lambda}{2}(\beta_1^2 + \beta_2^2)` (:math:`\lambda` = ``RIDGE``, fixed before any
case was scored) and the intercept unpenalised. The slopes are kept non-negative so the map is
monotone: a forecast series that rises with the horizon still rises after the map, and a
higher raw probability never becomes a lower reported one. Where the raw simulation carries no
information, :math:`\beta_1 \to 0` and the reported forecast falls back to the reference class
— what the issue asks when the simulation cannot beat it.

In the backtest the map is always fitted *leave one case out*: each case is reported with a
map fitted on the other cases' questions only, so no case's outcome touches its own forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

from detente._typing import FloatArray
from detente.errors import InvalidParameterError

__all__ = ["CLIP", "RIDGE", "StackingMap", "fit_stacking"]

RIDGE: Final[float] = 1.0
"""Ridge strength on the two slopes: a unit-variance Gaussian prior on each (set a priori)."""
CLIP: Final[float] = 1e-3
"""Probabilities are clipped to [CLIP, 1 - CLIP] before the logit (a finite simulation's 0)."""


def _logit(p: npt.ArrayLike) -> FloatArray:
    return np.asarray(special.logit(np.clip(np.asarray(p, dtype=float), CLIP, 1 - CLIP)))


@dataclass(frozen=True)
class StackingMap:
    """``q = expit(intercept + w_raw·logit(p_raw) + w_ref·logit(p_ref))``."""

    intercept: float
    w_raw: float
    w_ref: float
    n_questions: int

    def __call__(self, p_raw: npt.ArrayLike, p_ref: npt.ArrayLike) -> FloatArray:
        """The reported probability for raw and reference-class probabilities (elementwise)."""
        z = self.intercept + self.w_raw * _logit(p_raw) + self.w_ref * _logit(p_ref)
        return np.asarray(special.expit(z), dtype=float)

    def to_dict(self) -> dict[str, float]:
        """JSON-able coefficients."""
        return {
            "intercept": self.intercept,
            "w_raw": self.w_raw,
            "w_ref": self.w_ref,
            "n_questions": float(self.n_questions),
        }


def fit_stacking(
    p_raw: npt.ArrayLike, p_ref: npt.ArrayLike, y: npt.ArrayLike, ridge: float = RIDGE
) -> StackingMap:
    """Fit the map by penalised maximum likelihood on resolved questions (y in {0, 1})."""
    x1, x2 = _logit(p_raw), _logit(p_ref)
    t = np.asarray(y, dtype=float)
    if not (x1.shape == x2.shape == t.shape) or t.ndim != 1 or t.size == 0:
        msg = (
            f"p_raw, p_ref and y must be equal-length 1-D arrays (got {x1.shape}, {x2.shape}, "
            f"{t.shape}). Fix: pass one entry per question."
        )
        raise InvalidParameterError(msg)
    if not np.all((t == 0) | (t == 1)):
        msg = "y must hold only 0 and 1. Fix: pass the resolved answers."
        raise InvalidParameterError(msg)
    X = np.column_stack([np.ones_like(x1), x1, x2])

    def loss(w: FloatArray) -> tuple[float, FloatArray]:
        z = X @ w
        # negative log-likelihood of a Bernoulli with logit z, written stably
        nll = float(np.sum(np.logaddexp(0.0, z) - t * z))
        q = special.expit(z)
        grad = X.T @ (q - t)
        pen = 0.5 * ridge * float(w[1] ** 2 + w[2] ** 2)
        grad = grad + ridge * np.array([0.0, w[1], w[2]])
        return nll + pen, np.asarray(grad, dtype=float)

    res = optimize.minimize(
        loss,
        x0=np.array([0.0, 0.5, 0.5]),
        jac=True,
        method="L-BFGS-B",
        bounds=[(None, None), (0.0, None), (0.0, None)],
    )
    w = res.x
    return StackingMap(float(w[0]), float(w[1]), float(w[2]), int(t.size))
