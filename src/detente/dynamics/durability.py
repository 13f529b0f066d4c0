"""Durability: the hazard that war resumes after a deal.

Fortna (2003, 2004): peace is most fragile right after a cease-fire and strong mechanisms
(guarantees, peacekeepers) cut the hazard of renewed war; Walter (2002): credible third-party
guarantees solve the commitment problem; Powell (2006): shifting power undermines any deal;
Putnam (1988) and the sources: a deal beyond what a public tolerates cannot be implemented
(Ukrainians prefer no peace to a bad one), and an unguaranteed deal may only pave the way
for the next war (Stanovaya 2025, on Minsk).
"""

from __future__ import annotations

import numpy as np

from detente._typing import FloatArray
from detente.dynamics.calibration import CalibrationValues, DrawRates

Rates = CalibrationValues | DrawRates
"""Points (a CalibrationValues) or per-draw rates (a DrawRates): both have the same fields."""

__all__ = ["hazard_multiplier", "relapse_probability", "relapse_time_years"]


def hazard_multiplier(
    guarantee: FloatArray,
    power_shift: FloatArray,
    beyond_tolerance: FloatArray,
    cal: Rates,
) -> FloatArray:
    """Proportional-hazards multiplier of a deal against the reference class.

    Parameters
    ----------
    guarantee : array in [0, 1]
        Credibility of third-party guarantees.
    power_shift : array
        Expected change in the chance of prevailing over 5 years, :math:`|\\tau| \\cdot 60`.
    beyond_tolerance : array
        Largest shortfall of a party's utility below its public's floor :math:`1-\\theta_i`.

    Notes
    -----
    .. math:: M = HR_g^{\\,g}\\; HR_s^{\\,\\Delta/0.25}\\; HR_\\theta^{\\,e/0.1}
    """
    return np.asarray(
        cal.guarantee_hazard_ratio ** np.clip(guarantee, 0.0, 1.0)
        * cal.power_shift_hazard_ratio ** (np.clip(power_shift, 0.0, 1.0) / 0.25)
        * cal.tolerance_hazard_ratio ** (np.clip(beyond_tolerance, 0.0, 1.0) / 0.1),
        dtype=float,
    )


def relapse_probability(
    years: float | FloatArray,
    multiplier: FloatArray,
    implemented: FloatArray,
    cal: Rates,
) -> FloatArray:
    """P(war resumes within ``years`` of signing).

    Notes
    -----
    A Weibull proportional-hazards model fixed by its 5-year value in the reference class:

    .. math:: R(y) = 1 - P_{impl}\\,(1 - r_5)^{M (y/5)^k}

    with :math:`r_5` = ``relapse_5y``, :math:`k` = ``relapse_shape`` (< 1: falling hazard,
    Fortna 2003) and :math:`P_{impl}` the chance that spoilers do not undo it at once.
    """
    y = np.asarray(years, dtype=float)
    survive = (1.0 - cal.relapse_5y) ** (multiplier * (y / 5.0) ** cal.relapse_shape)
    return np.asarray(1.0 - implemented * survive, dtype=float)


def relapse_time_years(
    u: FloatArray, multiplier: FloatArray, implemented: FloatArray, cal: Rates
) -> FloatArray:
    """Sample the time to relapse by inverting :func:`relapse_probability` at uniforms ``u``.

    Returns 0 where the deal is never implemented.
    """
    ratio = np.clip((1.0 - u) / np.maximum(implemented, 1e-12), 1e-300, None)
    never = ratio >= 1.0
    z = np.log(np.minimum(ratio, 1.0)) / (np.log(1.0 - cal.relapse_5y) * multiplier)
    t = 5.0 * np.maximum(z, 0.0) ** (1.0 / cal.relapse_shape)
    return np.asarray(np.where(never, 0.0, t), dtype=float)
