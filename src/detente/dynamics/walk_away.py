"""Walk-away values over time: fighting on, valued with beliefs, costs and shifting power.

The static Fearon walk-away (``detente.models.walk_away``) generalised to arrays of draws and
to a front that moves: a side whose prospects are improving can wait for better terms, and a
side whose prospects are declining can fight now rather than later (Powell 2006), so each side
values war at the better of its chances now and at the end of its horizon.
"""

from __future__ import annotations

import numpy as np

from detente._typing import BoolArray, FloatArray
from detente.models.utility import issue_loss

__all__ = ["floor_utility", "rival_distance", "war_value"]


def rival_distance(
    ideals: FloatArray, saliences: FloatArray, utility: str = "linear"
) -> FloatArray:
    """Each side's loss if its rival's ideal package is imposed, (1, 2).

    :math:`D_i = \\sum_d w_{id}\\,\\ell(\\hat x_{jd} - \\hat x_{id})` with the simulation's loss
    :math:`\\ell` (``|·|`` or ``(·)²``), i.e. :math:`1 - u_i(\\hat x_j)`; ``saliences`` are the two
    sides' normalised saliences (2, n_issues).
    """
    return np.asarray(
        (saliences * issue_loss(ideals[::-1] - ideals, utility)).sum(axis=1)[None, :], dtype=float
    )


def war_value(
    believed_now: FloatArray,
    own_trend: FloatArray,
    horizon: FloatArray,
    distance_to_rival: FloatArray,
    cost: FloatArray,
) -> FloatArray:
    """Expected utility of fighting on, net of costs, for one side.

    Parameters
    ----------
    believed_now : (n_draws,) array
        The side's believed chance of prevailing (optimism applied).
    own_trend : (n_draws,) array
        Monthly trend in its favour as it perceives it (threats included).
    horizon : (n_draws,) array
        Months it looks ahead.
    distance_to_rival : (n_draws,) array
        Its loss of utility if the rival imposes the rival's ideal package,
        :math:`\\sum_d w_{id} |\\hat x_{jd} - \\hat x_{id}|` (:func:`rival_distance`; squared
        distances under quadratic loss).
    cost : (n_draws,) array
        Monthly cost of war.

    Returns
    -------
    (n_draws,) array

    Notes
    -----
    .. math:: W_i = 1 - (1 - \\tilde p_i^{*})\\,D_i - H c_i, \\qquad
              \\tilde p_i^{*} = \\max(\\tilde p_i,\\
              \\operatorname{clip}(\\tilde p_i + H\\tau_i, 0, 1))

    With ideals at the two ends of one issue this is Fearon's (1995) :math:`p - c`; the
    maximum over timing is Powell's (2006) shifting-power logic: the rising side waits,
    the declining side would rather fight now, so a deal is easiest when neither expects a
    trend — the stalemate the sources recommend inducing with calibrated aid.
    """
    later = np.clip(believed_now + horizon * own_trend, 0.0, 1.0)
    best = np.maximum(believed_now, later)
    return np.asarray(1.0 - (1.0 - best) * distance_to_rival - horizon * cost, dtype=float)


def floor_utility(
    war: FloatArray,
    tolerance: FloatArray,
    relapse_risk: FloatArray,
    relapse_penalty: float,
    deal_value: FloatArray,
    accountability: FloatArray | float = 1.0,
    margin: FloatArray | float = 0.0,
) -> tuple[FloatArray, BoolArray]:
    """The least utility on the issues for which a side signs, and whether its public binds.

    Notes
    -----
    .. math:: f_i = W_i + a_i \\max\\bigl(0,\\ (1 - \\theta_i + m_i) - W_i\\bigr) + r\\,\\pi - v_i

    :math:`\\theta_i` is the public's tolerance and :math:`m_i` the margin a vote on the deal
    needs (Putnam 1988: the deal must fit the domestic win-set), :math:`a_i \\in [0, 1]` how far
    the leader is held to it (Fearon 1994: audience costs); :math:`a = 1, m = 0` is
    :math:`\\max(W_i, 1 - \\theta_i)`, and :math:`a = 0` lets a leader sign anything that beats
    fighting on. :math:`r\\pi` is the expected loss if the deal collapses (Walter 2002:
    commitment problems), :math:`v_i` the value levers add to any deal (promises, sanctions
    relief).

    Returns
    -------
    floor, public_binds : arrays
    """
    public = 1.0 - tolerance + margin
    premium = np.maximum(public - war, 0.0)
    a = np.asarray(accountability, dtype=float)
    base = np.where(a >= 1.0, np.maximum(war, public), war + a * premium)  # a = 1: exactly max
    floor = np.asarray(base + relapse_risk * relapse_penalty - deal_value, dtype=float)
    return floor, np.asarray(a * premium > 0, dtype=bool)
