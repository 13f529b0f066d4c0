r"""Issue ownership and veto players: the terms a deal may contain given who is at the table.

Tsebelis (2002): every actor whose agreement a change needs is a veto player, and each one
shrinks the set of changes that can happen; Cunningham (2006): a party left out of the talks
can still hold something the deal needs. In a scenario an issue lists its *owners*, outside
parties whose consent some of its terms need (the EU's sanctions, a guarantor's commitment).
For an owner :math:`o` of issue :math:`d`, let :math:`F_{od}` be the run of terms that need
no consent from it (the status quo and whatever it does not hold). Then the terms available
on :math:`d` are :math:`\bigcap_o A_{od}` with

.. math::
    A_{od} = \begin{cases}
      F_{od} \cup C_{od} \cup \operatorname{hull}(F_{od} \cup \{s_{od}\}) & o \text{ at the
      table: it consents to what it likes at least as much as its bottom line, }
      C_{od} = \{x : |x - \hat x_{od}| \le |b_{od} - \hat x_{od}|\} \cap R_{od}
      \text{, and its public offer stands}\\
      \operatorname{hull}(F_{od} \cup \{s_{od}\}) & o \text{ away: it cannot bargain, so only
      what it has publicly offered (its stated position } s_{od}\text{) is available.}
    \end{cases}

Bringing an owner in is a real trade-off: its terms open up, but only as far as its own
preferences allow. A seated actor that is a veto player (``veto: true``) must consent to
every issue, not only those it owns: :math:`C_{od}` binds on all of them. Where
:math:`F \cup C` is not one interval, only :math:`F` is kept (the deal never contains a term
its owner refuses).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from detente._typing import BoolArray, FloatArray

__all__ = ["OwnerSpec", "acceptable_set", "allowed_terms", "snap_to_options"]

_EPS = 1e-9


@dataclass(frozen=True)
class OwnerSpec:
    """One (issue, owner) pair, compiled.

    Attributes
    ----------
    issue, actor : int
        Indices into the world's issues and actors.
    free_low, free_high : float
        The run of unit-scale terms that need no consent from the owner.
    stated : float
        The owner's stated position on the issue (NaN if it has none).
    """

    issue: int
    actor: int
    free_low: float
    free_high: float
    stated: float


def snap_to_options(
    low: FloatArray, high: FloatArray, points: tuple[float, ...]
) -> tuple[FloatArray, FloatArray]:
    """Shrink intervals to the first and last option inside them (ordinal issues); an
    interval holding no option comes back empty (low > high). Numeric issues pass through."""
    lo, hi = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    if not points:
        return lo, hi
    p = np.asarray(points)
    inside = (p >= lo[..., None] - _EPS) & (p <= hi[..., None] + _EPS)
    any_in = inside.any(axis=-1)
    first = np.where(inside, p, np.inf).min(axis=-1)
    last = np.where(inside, p, -np.inf).max(axis=-1)
    return np.where(any_in, first, 1.0), np.where(any_in, last, 0.0)


def acceptable_set(
    ideal: FloatArray | float,
    bottom: FloatArray,
    red_low: FloatArray | float,
    red_high: FloatArray | float,
) -> tuple[FloatArray, FloatArray]:
    r"""A third party's acceptable terms on one issue: what it likes at least as much as its
    bottom line under single-peaked (linear-loss) utility, within its red line:
    :math:`[\hat x - r, \hat x + r] \cap [\ell, h]`, :math:`r = |b - \hat x|`."""
    r = np.abs(np.asarray(bottom, dtype=float) - ideal)
    return np.maximum(ideal - r, red_low), np.minimum(ideal + r, red_high)


def _union_if_one(
    a_lo: FloatArray, a_hi: FloatArray, f_lo: float, f_hi: float, points: tuple[float, ...]
) -> tuple[FloatArray, FloatArray]:
    """``F ∪ A`` where it is one interval (on an ordinal scale: no option falls between), else
    ``F``; an empty ``A`` leaves ``F``."""
    empty = a_lo > a_hi + _EPS
    gap_lo = np.minimum(a_hi, f_hi)
    gap_hi = np.maximum(a_lo, f_lo)
    touch = gap_lo >= gap_hi - _EPS
    if points:
        p = np.asarray(points)
        between = ((p > gap_lo[..., None] + _EPS) & (p < gap_hi[..., None] - _EPS)).any(axis=-1)
        touch = touch | ~between
    join = touch & ~empty
    return np.where(join, np.minimum(a_lo, f_lo), f_lo), np.where(
        join, np.maximum(a_hi, f_hi), f_hi
    )


def allowed_terms(
    n: int,
    n_issues: int,
    owners: tuple[OwnerSpec, ...],
    veto_others: tuple[int, ...],
    seated: BoolArray,
    ideals: FloatArray,
    bottom: Mapping[tuple[int, int], FloatArray],
    red_low: FloatArray,
    red_high: FloatArray,
    option_points: tuple[tuple[float, ...], ...],
) -> tuple[FloatArray, FloatArray]:
    """The interval of terms each draw's deal may hold on each issue (module docstring).

    Parameters
    ----------
    n, n_issues : int
    owners : the scenario's (issue, owner) pairs
    veto_others : indices of veto players other than the belligerents
    seated : (n, n_actors) bool, who is at the table in each draw
    ideals : (n_actors, n_issues)
    red_low, red_high : (n or 1, n_actors, n_issues), each draw's red lines
    bottom : (actor, issue) → (n,) unit-scale bottom lines drawn for that position
    option_points : per issue, its option points (empty for numeric issues)

    Returns
    -------
    low, high : (n, n_issues)
    """
    lo, hi = np.zeros((n, n_issues)), np.ones((n, n_issues))
    for o in owners:
        d, a, pts = o.issue, o.actor, option_points[o.issue]
        c_lo, c_hi = acceptable_set(
            ideals[a, d], bottom[(a, d)], red_low[:, a, d], red_high[:, a, d]
        )
        c_lo, c_hi = snap_to_options(c_lo, c_hi, pts)
        in_lo, in_hi = _union_if_one(c_lo, c_hi, o.free_low, o.free_high, pts)
        s = o.stated if np.isfinite(o.stated) else o.free_low
        out_lo, out_hi = min(o.free_low, s), max(o.free_high, s)
        at = seated[:, a]
        # seated, its public offer still stands: both sets hold F, so their union is one interval
        lo[:, d] = np.maximum(lo[:, d], np.where(at, np.minimum(in_lo, out_lo), out_lo))
        hi[:, d] = np.minimum(hi[:, d], np.where(at, np.maximum(in_hi, out_hi), out_hi))
    for a in veto_others:
        for d in range(n_issues):
            if (a, d) not in bottom:
                continue
            c_lo, c_hi = acceptable_set(
                ideals[a, d], bottom[(a, d)], red_low[:, a, d], red_high[:, a, d]
            )
            c_lo, c_hi = snap_to_options(c_lo, c_hi, option_points[d])
            at = seated[:, a]
            lo[:, d] = np.where(at, np.maximum(lo[:, d], c_lo), lo[:, d])
            hi[:, d] = np.where(at, np.minimum(hi[:, d], c_hi), hi[:, d])
    return lo, hi
