"""Two-level games: a public whose floor moves with the war's prospects, and the votes a deal
must pass at home (Putnam 1988).

A leader signs at level I only what it expects to ratify at level II. Three pieces:

* the public's tolerance moves with *expectations*, not with time: it rises (the public
  accepts more) when the value of fighting on falls — a reverse, mounting expected costs —
  and falls when it rises (a rally after success); what has already been paid never enters;
* the leader holds to the public's floor as far as it is accountable for a bad deal (Fearon
  1994 audience costs; Goemans 2000 and Chiozza & Goemans 2011 on leaders' fates), and more
  so as an election nears;
* a deal signed by a side with a referendum or a parliamentary vote is void unless it passes.

Equations and references: docs/dynamics.md, "Two-level games".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from detente._typing import BoolArray, FloatArray
from detente.dynamics.world import RatificationSpec

__all__ = ["Domestic", "accountability", "domestic_inputs", "public_tolerance", "ratified"]


def public_tolerance(
    tolerance0: FloatArray, war0: FloatArray, war_t: FloatArray, stake: FloatArray
) -> FloatArray:
    """The public's tolerance at month t, revised one-for-one with the value of fighting on.

    Parameters
    ----------
    tolerance0 : (n, 2) the tolerance as of ``as_of`` (the scenario's ``domestic_tolerance``)
    war0, war_t : (n, 2) each side's value of fighting on at month 0 and at month t
    stake : (1, 2) or (n, 2) each side's stake

    Notes
    -----
    .. math:: \\theta_{i,t} = \\operatorname{clip}\\bigl(\\theta_{i,0} + (W_{i,0} - W_{i,t}),\\
              0,\\ \\max(S_i, \\theta_{i,0})\\bigr)

    The public's floor :math:`1 - \\theta_{i,t}` keeps its premium over the value of fighting
    on: the public revises what it demands by exactly as much as fighting on has gained or
    lost (λ = 1, no free speed). ``W`` is forward-looking (chance, trend, horizon, monthly
    cost), so sunk costs never enter, and with a steady front and steady beliefs the floor
    does not move: a bad peace stays refused.
    """
    upper = np.maximum(stake, tolerance0)
    return np.asarray(np.clip(tolerance0 + (war0 - war_t), 0.0, upper), dtype=float)


class Domestic:
    """The per-draw inputs of the two sides' instruments (margins, accountabilities)."""

    def __init__(self, spec: RatificationSpec, margin: FloatArray, account: FloatArray) -> None:
        self.spec = spec
        self.margin = margin  # (n, n_instruments); 0 for elections
        self.account = account  # (n, n_instruments)

    @property
    def votes(self) -> np.ndarray:
        """Instrument indices of the votes on the deal, in noise-column order."""
        return np.flatnonzero(self.spec.vote)

    def side_margin(self) -> FloatArray:
        """(n, 2): the margin the leader anticipates — the highest among each side's votes on
        the deal, never below 0 (a chamber the leader controls does not lower its public's
        floor; without a vote, 0)."""
        out = np.zeros((self.margin.shape[0], 2))
        seen = np.zeros(2, dtype=bool)
        for k in self.votes:
            s = int(self.spec.side[k])
            m = self.margin[:, k]
            out[:, s] = np.maximum(out[:, s], m) if seen[s] else m
            seen[s] = True
        return np.maximum(out, 0.0)


def domestic_inputs(spec: RatificationSpec, values: Mapping[str, FloatArray], n: int) -> Domestic:
    """Bind the instruments' drawn margins and accountabilities (1 where a vote omits it)."""
    margin = np.zeros((n, spec.n))
    account = np.ones((n, spec.n))
    for k in range(spec.n):
        m, a = spec.margin[k], spec.accountability[k]
        if m is not None:
            margin[:, k] = _column(values, m)
        if a is not None:
            account[:, k] = _column(values, a)
    return Domestic(spec, margin, account)


def _column(values: Mapping[str, FloatArray], name: str) -> FloatArray:
    v = values.get(name)
    if v is None:
        msg = f"the input space has no input {name!r}; every instrument input must be in it"
        raise KeyError(msg)
    return np.asarray(v, dtype=float)


def accountability(dom: Domestic, t: int, horizon: FloatArray) -> FloatArray:
    """(n, 2): how far each side's leader holds to its public's floor in month ``t``.

    Notes
    -----
    A side with no instrument is fully bound (:math:`a = 1`, the floor the model always had).
    Otherwise :math:`a_{i,t} = \\max_k a_{k,t}` over its instruments, a vote on the deal at its
    own accountability and an election in month :math:`M` at

    .. math:: a_{k,t} = a_k + (1 - a_k)\\,\\operatorname{clip}\\bigl(1 - (M - t)/H,\\ 0,\\ 1\\bigr)
              \\quad (t \\le M), \\qquad a_k \\quad (t > M)

    The leader weighs an election inside its horizon :math:`H` (the months it looks ahead when
    it values fighting on) by how close it is: fully in the election month, not at all beyond
    the horizon; after the vote it reverts to its own accountability (the next election is not
    modelled).
    """
    spec = dom.spec
    n = dom.account.shape[0]
    out = np.ones((n, 2))
    seen = np.zeros(2, dtype=bool)
    for k in range(spec.n):
        s = int(spec.side[k])
        a = dom.account[:, k]
        if not spec.vote[k]:
            left = float(spec.month[k] - t)
            near = np.clip(1.0 - left / np.maximum(horizon, 1e-9), 0.0, 1.0) if left >= 0 else 0.0
            a = a + (1.0 - a) * near
        out[:, s] = a if not seen[s] else np.maximum(out[:, s], a)
        seen[s] = True
    return out


def ratified(
    dom: Domestic,
    rows: np.ndarray,
    utility: FloatArray,
    tolerance: FloatArray,
    noise: FloatArray,
) -> BoolArray:
    """Which signed deals pass every vote of both sides.

    Parameters
    ----------
    rows : (m,) the draws that signed this month
    utility, tolerance : (m, 2) each side's utility for its deal and its public's tolerance now
    noise : (m, n_votes) standard normals of this month's votes (``Noise.vote[rows, t]``)

    Notes
    -----
    .. math:: \\text{pass}_k \\iff u_i(x) - (1 - \\theta_{i,t}) + \\sigma_i\\,z_k \\ge m_k

    with :math:`\\sigma_i` the spread of side :math:`i`'s ``domestic_tolerance`` (the public's
    floor is known to the leader no better than to the analyst).
    """
    ok = np.ones(len(rows), dtype=bool)
    for col, k in enumerate(dom.votes):
        s = int(dom.spec.side[k])
        slack = utility[:, s] - (1.0 - tolerance[:, s]) + dom.spec.vote_sd[k] * noise[:, col]
        ok &= slack >= dom.margin[rows, k]
    return ok
