"""The shared utility function: salience-weighted loss on unit-scaled issues.

All package-level models (Nash, Kalai–Smorodinsky, the walk-away values, the simulation) use
this one function, so their answers are comparable. The loss is linear by default; quadratic
loss (Achen 2006) is the concave alternative under which compromises split issues rather than
trade them whole.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from detente._typing import FloatArray

__all__ = ["UTILITIES", "Utility", "issue_loss", "normalised_saliences", "package_utility"]

Utility = Literal["linear", "quadratic"]
"""Loss per issue: ``linear`` :math:`|x - \\hat x|` or ``quadratic`` :math:`(x - \\hat x)^2`."""

UTILITIES: tuple[str, ...] = ("linear", "quadratic")


def normalised_saliences(saliences: FloatArray) -> FloatArray:
    """Rows rescaled to sum to one (an actor with no salience anywhere gets equal weights)."""
    s = np.asarray(saliences, dtype=float)
    total = s.sum(axis=-1, keepdims=True)
    n = s.shape[-1]
    return np.where(total > 0, s / np.where(total > 0, total, 1.0), 1.0 / n)


def issue_loss(diff: FloatArray, utility: str = "linear") -> FloatArray:
    """Per-issue loss of a distance ``diff``: :math:`|d|` (linear) or :math:`d^2` (quadratic)."""
    if utility == "linear":
        return np.abs(diff)
    if utility == "quadratic":
        return np.square(diff)
    msg = f"utility must be 'linear' or 'quadratic' (got {utility!r})"
    raise ValueError(msg)


def package_utility(
    ideals: FloatArray, saliences: FloatArray, packages: FloatArray, utility: str = "linear"
) -> FloatArray:
    """Each actor's utility for each package.

    Parameters
    ----------
    ideals : (n_actors, n_issues) array on [0, 1]
    saliences : (n_actors, n_issues) array, any non-negative scale (rows are normalised)
    packages : (..., n_issues) array on [0, 1]
    utility : {"linear", "quadratic"}
        The loss per issue (:func:`issue_loss`).

    Returns
    -------
    (..., n_actors) array in [0, 1]

    Notes
    -----
    .. math::
        u_i(x) = 1 - \\sum_d w_{id} |x_d - \\hat x_{id}|,
        \\quad w_{id} = s_{id} / \\sum_e s_{ie}

    Linear loss is the form under which the asymmetric Nash solution on one issue with a
    distant disagreement point reduces to the weighted median (see docs/models.md). With
    ``utility="quadratic"`` the loss is :math:`w_{id}(x_d - \\hat x_{id})^2` (Achen 2006), still
    in [0, 1] on unit scales.
    """
    w = normalised_saliences(saliences)
    x = np.asarray(packages, dtype=float)[..., None, :]
    return np.asarray(1.0 - (w * issue_loss(x - ideals, utility)).sum(axis=-1), dtype=float)
