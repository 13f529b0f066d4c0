"""Two tracks: a ceasefire and a settlement, negotiated separately but coupled.

Each side's willingness to stop fighting depends on what it expects from the settlement
track. The sources: Russia refuses a ceasefire before its terms are met (it rejected the
unconditional 30-day ceasefire; at Alaska the US dropped its demand for one), while Ukraine
and Europe want the ceasefire first; Istanbul 2022 and the 2025 talks show that neither track
can advance unless Ukraine and Russia move forward on both together (Charap & Radchenko
2025).
"""

from __future__ import annotations

import numpy as np

from detente._typing import BoolArray, FloatArray

__all__ = ["ceasefire_hazard", "ceasefire_willingness"]


def ceasefire_willingness(coupling: FloatArray, settlement_progress: FloatArray) -> FloatArray:
    """Each side's willingness to agree a ceasefire, given the settlement track.

    Parameters
    ----------
    coupling : (n_sides,) array in [0, 1]
        1 = no ceasefire before its settlement terms are met; 0 = ceasefire first.
    settlement_progress : (n_draws,) array in [0, 1]
        1 when a settlement zone of agreement exists, else 0.

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
