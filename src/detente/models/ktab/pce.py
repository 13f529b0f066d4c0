"""KTAB's voting, victory probabilities and probabilistic Condorcet elections (PCE).

These are the building blocks that KTAB's Spatial Model of Politics uses wherever actors vote
over options: for risk attitudes (over positions), for winning probabilities (over distinct
positions) and for choosing among bargains. Everything here mirrors ``KTAB/kmodel/libsrc/
kmodel.cpp`` (``Model::vote``, ``Model::coalitions``, ``Model::vProb``, ``Model::condPCE``,
``Model::markovIncentivePCE``, ``Model::markovUniformPCE``, ``Model::scalarPCE``,
``Model::bigRfromProb``), including the order of floating-point sums, so that results match
KTAB's logs to their printed precision.

Sums that KTAB accumulates one term at a time are reduced here over the *leading* axis of a
C-contiguous array, which numpy performs term by term in index order (no pairwise blocking).
"""

from __future__ import annotations

import functools
from typing import Literal

import numpy as np

from detente._typing import FloatArray, IntArray

__all__ = [
    "PCE_MODELS",
    "VICTORY_MODELS",
    "VOTING_RULES",
    "PceModel",
    "VictoryModel",
    "VotingRule",
    "big_r_from_prob",
    "coalitions",
    "cond_pce",
    "markov_incentive_pce",
    "markov_uniform_pce",
    "pce",
    "scalar_pce",
    "sequential_sum",
    "victory_probabilities",
    "vote",
]

VotingRule = Literal["Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"]
VictoryModel = Literal["Linear", "Square", "Quartic", "Octic", "Binary"]
PceModel = Literal["Conditional", "MarkovIncentive", "MarkovUniform"]
VOTING_RULES: tuple[str, ...] = ("Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp")
VICTORY_MODELS: tuple[str, ...] = ("Linear", "Square", "Quartic", "Octic", "Binary")
PCE_MODELS: tuple[str, ...] = ("Conditional", "MarkovIncentive", "MarkovUniform")

_MIN_COALITION = 1e-8  # Model::coalitions' minC
_SMALL_SUM = 1 << 16  # below this many terms, one concatenated reduction is faster
_MIN_INNER = 16  # with fewer columns numpy might reduce the leading axis pairwise


def sequential_sum(terms: FloatArray, start: FloatArray | float = 0.0) -> FloatArray:
    """``start + t[0] + t[1] + …`` added strictly left to right over axis 0.

    KTAB accumulates in plain loops; numpy's pairwise summation would round differently.
    Reducing over the leading axis of a C-contiguous array is done term by term.
    """
    t = np.asarray(terms, dtype=float)
    inner = t.size // max(t.shape[0], 1) if t.ndim else 0
    if t.ndim >= 1 and inner >= _MIN_INNER and t.size <= _SMALL_SUM:
        # one reduction over the leading (outer) axis: numpy adds row after row
        t = np.ascontiguousarray(t)
        head = np.broadcast_to(np.asarray(start, dtype=float), t.shape[1:])[None]
        return np.asarray(np.add.reduce(np.concatenate([head, t], axis=0), axis=0), dtype=float)
    # few columns (numpy would sum pairwise) or a large array (no concatenated copy)
    acc = np.array(np.broadcast_to(np.asarray(start, dtype=float), t.shape[1:]), dtype=float)
    for row in t:
        acc += row
    return acc


def vote(rule: str, weight: FloatArray | float, du: FloatArray) -> FloatArray:
    """Vote of an actor of strength ``weight`` for option a over b, with ``du = u_a − u_b``.

    Mirrors ``Model::vote`` (kmodel.cpp):

    * Prop: :math:`v = w\\,\\Delta u`;
      PropCbc: :math:`v = w(\\tfrac12\\Delta u + \\tfrac12\\Delta u^3)`;
    * Cubic: :math:`w\\,\\Delta u^3`; Binary: :math:`w\\,\\mathrm{clip}(\\Delta u/10^{-8}, -1, 1)`;
    * PropBin: :math:`w(0.8\\Delta u + 0.2\\,\\mathrm{bin})`; ASymProsp: :math:`w\\Delta u` if
      :math:`\\Delta u<0`, :math:`2w\\Delta u/3` if :math:`\\Delta u>0`.
    """
    du = np.asarray(du, dtype=float)
    w = np.asarray(weight, dtype=float)
    if rule == "Prop":
        return np.asarray(w * du, dtype=float)
    if rule == "PropCbc":
        return np.asarray(w * ((1 - 0.5) * du + 0.5 * (du * du * du)), dtype=float)
    if rule == "Cubic":
        return np.asarray(w * (du * du * du), dtype=float)
    r_bin = np.clip(du / 1e-8, -1.0, 1.0)
    if rule == "Binary":
        return np.asarray(w * r_bin, dtype=float)
    if rule == "PropBin":
        return np.asarray(w * ((1 - 0.2) * du + 0.2 * r_bin), dtype=float)
    if rule == "ASymProsp":
        return np.asarray(
            np.where(du < 0.0, w * du, np.where(du > 0.0, (2.0 * w * du) / 3.0, 0.0)), dtype=float
        )
    msg = f"unknown voting rule {rule!r}"
    raise ValueError(msg)


@functools.lru_cache(maxsize=64)
def _lower_pairs(m: int) -> tuple[IntArray, IntArray]:
    """Row and column indices of the pairs i > j of m options (cached)."""
    il, jl = np.tril_indices(m, -1)
    return np.asarray(il, dtype=np.int64), np.asarray(jl, dtype=np.int64)


def coalitions(rule: str, weights: FloatArray, utils: FloatArray) -> FloatArray:
    """Coalition strengths :math:`C_{ij} = 10^{-8} + \\sum_k \\max(0, v_k(i{:}j))`.

    Mirrors ``Model::coalitions`` with ``Model::vote``: only pairs i > j are voted on; each
    vote goes to :math:`C_{ij}` if positive and (negated) to :math:`C_{ji}` if negative.

    Parameters
    ----------
    rule : voting rule name
    weights : (n_voters,) strengths
    utils : (..., n_voters, n_options) utility of each option to each voter (leading axes
        are independent elections)

    Returns
    -------
    (..., n_options, n_options) array, diagonal 1e-8
    """
    u = np.asarray(utils, dtype=float)
    m = u.shape[-1]
    il, jl = _lower_pairs(m)
    uk = np.moveaxis(u, -2, 0)  # voters first: (n_voters, ..., n_options)
    w = np.asarray(weights, dtype=float).reshape((-1,) + (1,) * (uk.ndim - 1))
    v = vote(rule, w, uk[..., il] - uk[..., jl])  # v[k, ..., (i, j)] for i > j
    c = np.full((*u.shape[:-2], m, m), _MIN_COALITION)
    c[..., il, jl] = sequential_sum(np.maximum(v, 0.0), _MIN_COALITION)
    c[..., jl, il] = sequential_sum(np.maximum(-v, 0.0), _MIN_COALITION)
    return c


def victory_probabilities(model: str, c: FloatArray) -> FloatArray:
    """Pairwise victory probabilities :math:`p_{ij} = f(C_{ij}) / (f(C_{ij}) + f(C_{ji}))`.

    Mirrors ``Model::vProb`` (Linear f(x)=x, Square, Quartic, Octic; Binary: a 10 % edge
    wins for sure, linear in between). The diagonal is 1/2.
    """
    c = np.asarray(c, dtype=float)
    ct = np.swapaxes(c, -1, -2)
    if model == "Binary":
        r = c / (c + ct)
        mid = (r * (1.10 + 1.0) - 1.0) / (1.10 - 1.0)
        x = np.where(c >= 1.10 * ct, 1.0, np.where(ct >= 1.10 * c, 1e-6, mid))
        xt = np.where(c >= 1.10 * ct, 1e-6, np.where(ct >= 1.10 * c, 1.0, 1 - mid))
        p = x / (x + xt)
    else:
        if model == "Linear":
            x = c
        elif model == "Square":
            x = c * c
        elif model == "Quartic":
            x = (c * c) * (c * c)
        elif model == "Octic":
            q = (c * c) * (c * c)
            x = q * q
        else:
            msg = f"unknown victory-probability model {model!r}"
            raise ValueError(msg)
        p = x / (x + np.swapaxes(x, -1, -2))
    idx = np.arange(c.shape[-1])
    p[..., idx, idx] = 0.5
    return np.asarray(p, dtype=float)


def cond_pce(pv: FloatArray) -> FloatArray:
    """Conditional PCE: :math:`P_i \\propto \\prod_j p_{ij}` (``Model::condPCE``).

    ``pv`` is (..., m, m); leading axes are independent elections.
    """
    pv = np.asarray(pv, dtype=float)
    prod = np.multiply.reduce(np.ascontiguousarray(np.moveaxis(pv, -1, 0)), axis=0)
    total = sequential_sum(np.moveaxis(prod, -1, 0))
    return np.asarray(prod / np.asarray(total)[..., None], dtype=float)


def markov_incentive_pce(c: FloatArray, model: str) -> FloatArray:
    """Markov PCE with challenges in proportion to incentive (``Model::markovIncentivePCE``).

    The incentive of i to challenge j is :math:`n_{ij} = C_{ij} p_{ij}` (+1e-10 on the
    diagonal); the chance that i challenges the favourite j is :math:`n_{ij} / \\sum_k n_{kj}`.
    Starting from uniform :math:`P`, iterate
    :math:`q_i = \\sum_j p_{ij}(P_i \\chi_{ji} + P_j \\chi_{ij})`, :math:`P \\leftarrow (P+q)/2`
    until :math:`\\max|q - P| \\le 10^{-8}`.
    """
    c = np.asarray(c, dtype=float)
    vp = victory_probabilities(model, c)
    inc = c * vp
    inc = inc + np.eye(len(c)) * 1e-10
    chlg = inc / sequential_sum(inc)[None, :]
    n = len(c)
    p = np.full(n, 1.0) / n
    change = 1.0
    iters = 0
    while change > 1e-8:
        ct = p[:, None] * chlg.T  # ct[i, j] = p_i * chlg[j, i]
        q = (vp * (ct + ct.T)).sum(axis=1)  # converges to 1e-8: summation order immaterial
        change = float(np.abs(q - p).max())
        p = (p + q) / 2.0
        iters += 1
        if iters > 1000:  # pragma: no cover - KTAB throws here too
            msg = "MarkovIncentive PCE did not converge in 1000 iterations"
            raise ArithmeticError(msg)
    return np.asarray(p, dtype=float)


def markov_uniform_pce(pv: FloatArray) -> FloatArray:
    """Markov PCE with uniform challenges (``Model::markovUniformPCE``).

    Iterate :math:`q_i = \\frac1n \\sum_j p_{ij}(P_i + P_j)`, :math:`P \\leftarrow (P+q)/2`
    until :math:`\\max|q-P| \\le 10^{-6}`.
    """
    pv = np.asarray(pv, dtype=float)
    n = len(pv)
    p = np.full(n, 1.0) / n
    change = 1.0
    iters = 0
    while change > 1e-6:
        q = (pv * (p[:, None] + p[None, :])).sum(axis=1) / n
        change = float(np.abs(q - p).max())
        p = (p + q) / 2.0
        iters += 1
        if iters > 1000:  # pragma: no cover
            msg = "MarkovUniform PCE did not converge in 1000 iterations"
            raise ArithmeticError(msg)
    return np.asarray(p, dtype=float)


def pce(pce_model: str, victory_model: str, c: FloatArray) -> FloatArray:
    """Probability that each option wins, from coalition strengths (``Model::probCE2``)."""
    if pce_model == "Conditional":
        return cond_pce(victory_probabilities(victory_model, c))
    if pce_model == "MarkovIncentive":
        return markov_incentive_pce(c, victory_model)
    if pce_model == "MarkovUniform":
        return markov_uniform_pce(victory_probabilities(victory_model, c))
    msg = f"unknown PCE model {pce_model!r}"
    raise ValueError(msg)


def scalar_pce(
    weights: FloatArray, utils: FloatArray, rule: str, victory_model: str, pce_model: str
) -> FloatArray:
    """Winning probability of each option when actors of scalar strength vote on them.

    ``Model::scalarPCE``: coalitions from :func:`coalitions`, then :func:`pce`.
    ``utils`` is (n_voters, n_options).
    """
    return pce(pce_model, victory_model, coalitions(rule, weights, utils))


def big_r_from_prob(p: FloatArray, big_r_range: str) -> FloatArray:
    """Risk attitudes from winning probabilities (``Model::bigRfromProb``).

    Mid: :math:`R_i = (3P_i - P_{max} - 2P_{min}) / (2(P_{max} - P_{min}))` in [−½, 1];
    Min: :math:`(P_i - P_{min})/(P_{max}-P_{min})`; Max: :math:`(2P_i - P_{max} - P_{min})/
    (P_{max}-P_{min})`. If every :math:`P_i` is equal (e.g. all actors agree), KTAB divides
    by zero; detente returns R = 0 (risk neutral) for all.
    """
    p = np.asarray(p, dtype=float)
    p_min = min(1.0, float(p.min()))
    p_max = max(0.0, float(p.max()))
    if p_max <= p_min:  # every position equally likely: KTAB divides by zero; detente: neutral
        return np.zeros_like(p)
    if big_r_range == "Min":
        return np.asarray((p - p_min) / (p_max - p_min), dtype=float)
    if big_r_range == "Mid":
        return np.asarray((3 * p - (p_max + 2 * p_min)) / (2 * (p_max - p_min)), dtype=float)
    if big_r_range == "Max":
        return np.asarray((2 * p - (p_max + p_min)) / (p_max - p_min), dtype=float)
    msg = f"unknown BigRRange {big_r_range!r}"
    raise ValueError(msg)
