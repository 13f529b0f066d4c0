"""Inclusion and spoilers: stakeholders left out of the talks can undo what others sign.

Stedman (1997): spoilers are parties who believe a peace threatens their interests and use
violence or obstruction to undermine it. The sources: the Istanbul communiqué failed partly
because the West was not at the table (no deal touching the West can be made without it),
and Europe has obstructed the 2025 process.
"""

from __future__ import annotations

import numpy as np

from detente._typing import BoolArray, FloatArray

__all__ = ["dislike", "implementation_probability"]


def dislike(utility: FloatArray, tolerance: FloatArray) -> FloatArray:
    """How much a stakeholder dislikes a deal, on [0, 1].

    Notes
    -----
    .. math::
        \\delta_j = \\operatorname{clip}\\Big(
            \\frac{(1 - \\theta_j) - u_j(x)}{1 - \\theta_j}, 0, 1\\Big)

    Zero for a deal within its tolerance; one for a deal that leaves it nothing.
    """
    floor = np.maximum(1.0 - tolerance, 1e-9)
    return np.asarray(np.clip((floor - utility) / floor, 0.0, 1.0), dtype=float)


def implementation_probability(
    utility: FloatArray, tolerance: FloatArray, capacity: FloatArray, excluded: BoolArray
) -> FloatArray:
    """Chance that a signed deal is implemented despite excluded spoilers.

    Parameters
    ----------
    utility, tolerance, capacity : (n_draws, n_actors) arrays
        Each actor's utility for the deal, its tolerance and its spoiler capacity.
    excluded : (n_draws, n_actors) bool
        Actors not at the table (only they act as spoilers; a party at the table is bound by
        what it helped write).

    Returns
    -------
    (n_draws,) array

    Notes
    -----
    .. math:: P_{impl} = \\prod_{j \\notin \\text{table}} (1 - s_j\\,\\delta_j)

    Proportional to the capacity to undermine and to the dislike, as Stedman's typology of
    spoilers by position and capacity suggests.
    """
    harm = np.where(excluded, np.clip(capacity, 0.0, 1.0) * dislike(utility, tolerance), 0.0)
    return np.asarray(np.prod(1.0 - harm, axis=-1), dtype=float)
