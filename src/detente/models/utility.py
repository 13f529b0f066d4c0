"""The shared utility function: salience-weighted linear loss on unit-scaled issues.

All package-level models (Nash, Kalai–Smorodinsky, the walk-away values, the simulation) use
this one function, so their answers are comparable.
"""

from __future__ import annotations

import numpy as np

from detente._typing import FloatArray

__all__ = ["normalised_saliences", "package_utility"]


def normalised_saliences(saliences: FloatArray) -> FloatArray:
    """Rows rescaled to sum to one (an actor with no salience anywhere gets equal weights)."""
    s = np.asarray(saliences, dtype=float)
    total = s.sum(axis=-1, keepdims=True)
    n = s.shape[-1]
    return np.where(total > 0, s / np.where(total > 0, total, 1.0), 1.0 / n)


def package_utility(ideals: FloatArray, saliences: FloatArray, packages: FloatArray) -> FloatArray:
    """Each actor's utility for each package.

    Parameters
    ----------
    ideals : (n_actors, n_issues) array on [0, 1]
    saliences : (n_actors, n_issues) array, any non-negative scale (rows are normalised)
    packages : (..., n_issues) array on [0, 1]

    Returns
    -------
    (..., n_actors) array in [0, 1]

    Notes
    -----
    .. math::
        u_i(x) = 1 - \\sum_d w_{id} |x_d - \\hat x_{id}|,
        \\quad w_{id} = s_{id} / \\sum_e s_{ie}

    Linear loss is the form under which the asymmetric Nash solution on one issue with a
    distant disagreement point reduces to the weighted median (see docs/models.md).
    """
    w = normalised_saliences(saliences)
    x = np.asarray(packages, dtype=float)[..., None, :]
    return np.asarray(1.0 - (w * np.abs(x - ideals)).sum(axis=-1), dtype=float)
