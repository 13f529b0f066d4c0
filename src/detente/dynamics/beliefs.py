"""Beliefs: each side's optimism about prevailing, and how fighting corrects it.

War as information revelation (Slantchev 2003; Smith & Stam 2004): the sides start with
incompatible beliefs (each thinks its chances better than the analyst does, and hopes the
other will collapse, as the sources describe of both Moscow and Kyiv), and every month of
fighting reveals information that shrinks the bias towards the truth.
"""

from __future__ import annotations

import numpy as np

from detente._typing import FloatArray

__all__ = ["believed_own_chance", "corrected_bias"]


def corrected_bias(
    initial: FloatArray, learning_rate: float | FloatArray, months: int | FloatArray
) -> FloatArray:
    """Bias left after ``months`` of fighting (months of ceasefire teach nothing).

    Notes
    -----
    .. math:: o_{i,t} = o_{i,0}\\,(1 - \\lambda)^t

    :math:`\\lambda` is the calibrated learning rate (``calibration.learning_rate``), set from
    the Correlates of War mean war duration (Smith & Stam 2004: wars end as beliefs converge).
    """
    return np.asarray(initial * (1.0 - learning_rate) ** months, dtype=float)


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
