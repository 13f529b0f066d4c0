"""Walk-away values: what each actor expects from fighting on instead of signing.

Fearon (1995): a bargaining range exists only when the sides' expected values of war, net of
costs, leave room for a deal both prefer. Optimism (beliefs of prevailing that add up to more
than one) closes the range; costs open it.
"""

from __future__ import annotations

import numpy as np

from detente._typing import FloatArray
from detente.models.utility import package_utility

__all__ = ["war_walk_away"]


def war_walk_away(
    ideals: FloatArray,
    saliences: FloatArray,
    side_a: int,
    side_b: int,
    p_a: float,
    believed_p: FloatArray,
    monthly_cost: FloatArray,
    horizon_months: float,
) -> FloatArray:
    """Each actor's expected utility of fighting on, net of its costs.

    Parameters
    ----------
    ideals, saliences : (n_actors, n_issues) arrays
    side_a, side_b : int
        Row indices of the two belligerents.
    p_a : float
        Analyst's (objective) chance that side A prevails if the war is fought to a decision.
    believed_p : (n_actors,) array
        Each actor's believed chance that *side A* prevails (optimism already applied).
    monthly_cost : (n_actors,) array
        Utility each actor loses per month of war.
    horizon_months : float
        Months of fighting the actors weigh.

    Returns
    -------
    (n_actors,) array

    Notes
    -----
    The winner imposes its ideal package:

    .. math:: W_i = \\tilde p_i\\, u_i(\\hat x_A) + (1 - \\tilde p_i)\\, u_i(\\hat x_B) - H c_i

    With one issue, ideals at the two ends and linear utility this is Fearon's
    :math:`p - c`, and a deal exists iff
    :math:`\\tilde p_A + (1-\\tilde p_B) \\le 1 + H(c_A + c_B)`.
    ``p_a`` is kept for the caller's record; each actor uses its own belief.
    """
    del p_a
    u = package_utility(ideals, saliences, np.stack([ideals[side_a], ideals[side_b]]))
    bp = np.clip(np.asarray(believed_p, dtype=float), 0.0, 1.0)
    return np.asarray(
        bp * u[0] + (1 - bp) * u[1] - horizon_months * np.asarray(monthly_cost), dtype=float
    )
