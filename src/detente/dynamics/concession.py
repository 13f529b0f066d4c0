r"""Concessions: bottom lines that give way as far as the value of fighting on allows.

Stated positions are opening offers, not bottom lines, and the real bargaining happens during
the talks (Charap & Radchenko 2025). Red lines never move; bottom lines do, towards the
rival's ideal, by two mechanisms of bargaining theory, neither with a speed constant:

1. **The walk-away sets the reservation** (Fearon 1995): a side accepts terms worth at least
   what fighting on is worth to it, so it gives way on its stated bottom lines as far as
   needed for the bottom-line package to be worth its value of fighting on,

   .. math:: \rho^{W}_{k,t} = \operatorname{clip}\Bigl(\frac{u_k(b_{k,0}) - W_{k,t}}
             {u_k(b_{k,0}) - u_k(\hat x_{\text{rival}})},\ 0,\ 1\Bigr),

   which (under the linear loss) puts the conceded package's utility at :math:`W_{k,t}`.
   :math:`W` falls as battles correct optimism (``beliefs``), as the front turns against the
   side, as expected costs grow and threats are carried out, and rises after a success or an
   exposed bluff, so concessions come from information and expected costs, never from costs
   already sunk, and they reverse when the war turns.
2. **The rest of the gap is a war of attrition** (Hendricks, Weiss & Wilson 1988; Abreu &
   Gul 2000): in its stationary equilibrium each side gives in at the hazard that leaves its
   rival indifferent between fighting another month and conceding,

   .. math:: \lambda_{k,t} = c_{j,t} / G_j, \qquad G_j = u_j(b_{j,0}) - u_j(\hat x_k),

   the rival's monthly cost over what the rival would give up by conceding. A side that has
   given in drops its stated bottom lines (:math:`\rho = 1`); its floor — the value of
   fighting on — still binds. The theory's comparative static is the rival's: raising one
   side's cost makes the *other* side's giving in likelier (it also lowers the first side's
   walk-away, rule 1); which effect wins is what the lever ranking measures.

The public's tolerance is not moved here: it follows the value of fighting on, never the cost
already borne (``domestic.public_tolerance``).
"""

from __future__ import annotations

import numpy as np

from detente._typing import FloatArray
from detente.models.utility import package_utility

__all__ = [
    "attrition_hazard",
    "conceded_bottom_lines",
    "concession_gap",
    "concession_path",
    "reservation_share",
    "stakes",
]


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
    return np.asarray(bottom + share[:, :, None] * concession_path(bottom, ideals), dtype=float)


def concession_path(bottom: FloatArray, ideals: FloatArray) -> FloatArray:
    """(n_draws, 2, n_issues) the way from each bottom line to the rival's ideal, 0 where
    moving would narrow what the side accepts: the month loop moves along it by a share."""
    rival = ideals[::-1][None]
    widens = (rival - bottom) * (rival - ideals[None]) > 0  # never narrow what is acceptable
    return np.asarray(np.where(widens, rival - bottom, 0.0), dtype=float)


def concession_gap(
    ideals: FloatArray, saliences: FloatArray, bottom: FloatArray, utility: str = "linear"
) -> tuple[FloatArray, FloatArray]:
    """Each side's utility of its own bottom-line package, and what it gives up conceding all.

    Returns ``(u_bottom, gap)``, both (n, 2): :math:`u_k(b_{k,0})` and
    :math:`G_k = u_k(b_{k,0}) - u_k(\\hat x_{\\text{rival}})`, the gap floored just above 0 (a
    bottom line already at the rival's ideal has nothing left to give).
    """
    u_rival = 1.0 - stakes(ideals, saliences, utility)  # each side's utility of the rival's ideal
    u_b = np.column_stack(
        [package_utility(ideals, saliences, bottom[:, k, :], utility)[:, k] for k in range(2)]
    )
    return np.asarray(u_b, dtype=float), np.asarray(
        np.maximum(u_b - u_rival[None, :], 1e-9), dtype=float
    )


def reservation_share(u_bottom: FloatArray, war: FloatArray, gap: FloatArray) -> FloatArray:
    """(n, 2) share of the way to the rival's ideal each side gives way (rule 1, module doc).

    ``u_bottom`` (n, 2) is each side's utility of its own initial bottom-line package,
    ``war`` (n, 2) its value of fighting on, ``gap`` (n, 2) from :func:`concession_gap`.
    """
    return np.asarray(np.clip((u_bottom - war) / gap, 0.0, 1.0), dtype=float)


def attrition_hazard(cost: FloatArray, gap: FloatArray) -> FloatArray:
    """(n, 2) monthly chance that each side gives in: its rival's cost over its rival's gap.

    .. math:: P_k = 1 - e^{-c_j / G_j}
    """
    return np.asarray(-np.expm1(-np.maximum(cost[:, ::-1], 0.0) / gap[:, ::-1]), dtype=float)
