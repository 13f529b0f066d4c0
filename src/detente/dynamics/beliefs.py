r"""Beliefs: each side's optimism about prevailing, and how fighting corrects it.

War as information revelation (Slantchev 2003; Smith & Stam 2004): the sides start with
incompatible beliefs (each thinks its chances better than the analyst does, and hopes the
other will collapse, as the sources describe of both Moscow and Kyiv), and every month of
fighting is a battle whose outcome is a signal.

Smith & Stam's (2004) model, with its Beta–binomial updating: side :math:`i` holds a prior on
its chance of winning a battle with mean :math:`p_0 + o_i` and the weight of :math:`\nu` battles
(``belief_strength``, fitted on the case library with its uncertainty), and each month of
fighting is a battle it wins with the true chance :math:`p_t`. Its posterior bias is

.. math:: o_{i,t} = \frac{\nu\, o_{i,0} + \sum_{s<t} (w_{i,s} - p_{i,s})}{\nu + n_t},

with :math:`w_{i,s} = 1` if it won month :math:`s`'s battle and :math:`n_t` the months fought.
Optimism fades as battles accumulate — hyperbolically, not at a fixed exponential rate — and a
run of victories hardens the winner's belief and softens the loser's: beliefs move with the
front, and the gap between them closes only as fast as the evidence allows. Each month without
the rival's collapse is evidence against it: the hoped-for monthly collapse chance falls as
:math:`h_{i,t} = h_{i,0}\,\nu / (\nu + n_t)`, the Beta–Bernoulli posterior mean after
:math:`n_t` months without one.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from detente._typing import FloatArray

__all__ = [
    "battle_won",
    "bayes_bias",
    "bayes_hope",
    "believed_own_chance",
]


def battle_won(p_first: FloatArray, shock: FloatArray) -> FloatArray:
    """1 where side A wins the month's battle, else 0: the front's own shock decides it.

    A wins where :math:`\\Phi(\\varepsilon_t) > 1 - p_t` — probability :math:`p_t`, and a battle
    won is a month the front moved A's way, so the signal and the front never disagree.
    """
    return np.asarray(ndtr(shock) > 1.0 - p_first, dtype=float)


def bayes_bias(
    initial: FloatArray, strength: FloatArray, surprise: FloatArray, months: FloatArray
) -> FloatArray:
    r"""Posterior bias after ``months`` battles whose summed surprise (won − expected) is given.

    ``initial`` (n, 2), ``strength`` (n, 1) the prior's weight in battles, ``surprise`` (n, 2)
    each side's :math:`\sum (w_{i,s} - p_{i,s})`, ``months`` (n, 1).
    """
    return np.asarray((strength * initial + surprise) / (strength + months), dtype=float)


def bayes_hope(initial: FloatArray, strength: FloatArray, months: FloatArray) -> FloatArray:
    """Hoped-for monthly collapse chance after ``months`` of fighting without a collapse."""
    return np.asarray(initial * strength / (strength + months), dtype=float)


def believed_own_chance(
    own_p: FloatArray, optimism: FloatArray, collapse_hope: FloatArray, horizon: FloatArray
) -> FloatArray:
    """A side's believed chance of prevailing within its horizon.

    Parameters
    ----------
    own_p : array
        The analyst's chance that this side prevails.
    optimism : array
        Its bias, in probability points.
    collapse_hope : array
        Its believed monthly chance that the other side's front or economy collapses.
    horizon : array
        Months it looks ahead.

    Notes
    -----
    .. math:: \\tilde p = q + (1 - q)\\,[1 - (1 - h)^H],
              \\qquad q = \\operatorname{clip}(p + o, 0, 1)

    Fearon (1995): mutual optimism — beliefs of prevailing that add up to more than one —
    closes the bargaining range.
    """
    q = np.clip(own_p + optimism, 0.0, 1.0)
    hope = 1.0 - (1.0 - np.clip(collapse_hope, 0.0, 1.0)) ** horizon
    return np.asarray(q + (1.0 - q) * hope, dtype=float)
