"""Two tracks: a ceasefire and a settlement, negotiated separately but coupled both ways.

Each side's willingness to stop fighting depends on how far the settlement track has come.
The sources: Russia refuses a ceasefire before its terms are met (it rejected the
unconditional 30-day ceasefire; at Alaska the US dropped its demand for one), while Ukraine
and Europe want the ceasefire first; Istanbul 2022 and the 2025 talks show that neither track
can advance unless Ukraine and Russia move forward on both together (Charap & Radchenko
2025). So the coupling runs both ways: a settlement cannot be signed without the ceasefire
track's terms (its zone spans every issue), and a ceasefire the settlement track does not
follow is revisited and dropped by the side that tied its ceasefire to its terms (Minsk).
"""

from __future__ import annotations

import numpy as np

from detente._typing import BoolArray, FloatArray

__all__ = ["ceasefire_exit_hazard", "ceasefire_hazard", "ceasefire_willingness"]


def ceasefire_willingness(coupling: FloatArray, settlement_progress: FloatArray) -> FloatArray:
    """Each side's willingness to agree (or keep) a ceasefire, given the settlement track.

    Parameters
    ----------
    coupling : (n_sides,) array in [0, 1]
        1 = no ceasefire before its settlement terms are met; 0 = ceasefire first.
    settlement_progress : (n_draws,) array in [0, 1]
        1 when a settlement zone of agreement exists (or a settlement is signed), else 0.

    Returns
    -------
    (n_draws, n_sides) array in [0, 1]

    Notes
    -----
    .. math:: a_i = 1 - \\kappa_i\\,(1 - g_t)
    """
    return np.asarray(1.0 - coupling[None, :] * (1.0 - settlement_progress[:, None]), dtype=float)


def ceasefire_hazard(
    sign_hazard: float | FloatArray,
    willingness: FloatArray,
    ceasefire_zopa: BoolArray,
    seated: BoolArray,
) -> FloatArray:
    """Monthly chance that a ceasefire is agreed.

    Notes
    -----
    .. math::
        h^{cf}_t = h\\,\\mathbf 1[\\text{ZOPA}^{cf}_t]\\,\\mathbf 1[\\text{seated}]\\prod_i a_i

    With the sources' coupling (Russia near 1) and no settlement progress the product is
    near zero: a ceasefire-only push stalls.
    """
    return np.asarray(sign_hazard * ceasefire_zopa * seated * willingness.prod(axis=1), dtype=float)


def ceasefire_exit_hazard(sign_hazard: float | FloatArray, willingness: FloatArray) -> FloatArray:
    """Monthly chance that a ceasefire without a settlement is called off by a side.

    Notes
    -----
    .. math:: h^{exit}_t = h\\,\\Big(1 - \\prod_i a_{i,t}\\Big)

    The sides take up the ceasefire at the rate :math:`h` at which they take any decision
    (the signing hazard, fitted on the library); when they do, they keep it only if each is
    still willing — the same willingness that let them agree it. So the decision to stop
    fighting is reversible at the rate it is taken, with no constant of its own: a ceasefire
    the settlement track does not follow (:math:`g_t` low, a coupled side unwilling) ends
    within months, and one the sides want for itself (coupling 0) ends only by the relapse
    hazard of §8.
    """
    return np.asarray(sign_hazard * (1.0 - willingness.prod(axis=1)), dtype=float)
