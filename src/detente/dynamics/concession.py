"""Concessions under pain: bottom lines that give way as the war's cost accumulates.

Stated positions are opening offers, not bottom lines, and the real bargaining happens during
the talks (Charap & Radchenko 2025); a mutually hurting stalemate is what moves the sides
(Zartman 2000). Red lines never move; bottom lines do, towards the rival's ideal, in
proportion to what fighting on has cost each side relative to what it is fighting for.
The public's tolerance is not moved here: it follows the value of fighting on, never the cost
already borne (``domestic.public_tolerance``).
"""

from __future__ import annotations

import numpy as np

from detente._typing import FloatArray
from detente.models.utility import package_utility

__all__ = ["conceded_bottom_lines", "concession_share", "stakes"]


def stakes(ideals: FloatArray, saliences: FloatArray, utility: str = "linear") -> FloatArray:
    """Each side's stake: the utility it loses if the rival's ideal package is imposed.

    Parameters
    ----------
    ideals, saliences : (2, n_issues) arrays of the two sides
    utility : {"linear", "quadratic"}, the loss (:func:`~detente.models.utility.package_utility`)

    Returns
    -------
    (2,) array: :math:`S_k = 1 - u_k(\\hat x_{\\text{rival}})`.
    """
    u = package_utility(
        ideals, saliences, ideals[::-1], utility
    )  # u[j, k]: side k's utility for package j
    return np.asarray(1.0 - np.diag(u), dtype=float)


def concession_share(
    cumulative_cost: FloatArray, stake: FloatArray, rate: float | FloatArray
) -> FloatArray:
    """Share of the way from the initial bottom line to the rival's ideal a side has conceded.

    Notes
    -----
    .. math:: \\rho_{k,t} = \\min\\bigl(1,\\ \\kappa\\, C_{k,t} / S_k\\bigr)

    with :math:`C_{k,t}` the cost borne since ``as_of`` (utility units), :math:`S_k` the stake
    and :math:`\\kappa` the calibrated ``concession_rate``. Costs that are small against the
    stake move little; a side that has paid a large part of its stake concedes fully.
    """
    s = np.maximum(np.asarray(stake, dtype=float), 1e-9)
    return np.asarray(np.clip(rate * np.asarray(cumulative_cost) / s, 0.0, 1.0), dtype=float)


def conceded_bottom_lines(bottom: FloatArray, ideals: FloatArray, share: FloatArray) -> FloatArray:
    """Bottom lines moved the share ``share`` of the way towards the rival's ideal.

    Parameters
    ----------
    bottom : (n_draws, 2, n_issues) initial bottom lines on [0, 1]
    ideals : (2, n_issues)
    share : (n_draws, 2) concession shares

    Returns
    -------
    (n_draws, 2, n_issues)
        :math:`b_{k,t} = b_{k,0} + \\rho_{k,t}(\\hat x_{\\text{rival}} - b_{k,0})`, moved only
        where that widens what the side accepts.
    """
    rival = ideals[::-1][None]
    widens = (rival - bottom) * (rival - ideals[None]) > 0  # never narrow what is acceptable
    moved = bottom + share[:, :, None] * (rival - bottom)
    return np.asarray(np.where(widens, moved, bottom), dtype=float)
