"""Challenges in KTAB's SMP: little contests, victory chances and expected gains, vectorised.

Mirrors ``SMPState::probEduChlg`` and ``SMPState::bestChallenge`` (examples/smp/libsrc/
smpbcn.cpp) with ``Actor::vProbLittle`` and ``Actor::thirdPartyVoteSU`` (kmodel.cpp). KTAB
evaluates one (estimator, initiator, target) triple at a time in nested loops; here every
initiator's view of every target, with every third party, is one broadcast array of shape
(third party, initiator, target), processed in blocks of initiators to bound memory.
"""

from __future__ import annotations

import numpy as np

from detente._typing import FloatArray, IntArray
from detente.models.ktab.pce import sequential_sum, vote

__all__ = ["THIRD_PARTY_COMMITS", "best_challenges", "challenge_estimates", "third_party_votes"]

THIRD_PARTY_COMMITS: tuple[str, ...] = ("NoCommit", "SemiCommit", "FullCommit")
_MIN_CLTN = 1e-10  # probEduChlg's minCltn
_MIN_SIG_EDU = 1e-5  # bestChallenge's minSigEDU
_BLOCK_ELEMENTS = 1 << 18  # floats per (third party × initiator × target) block


def third_party_votes(
    rule: str,
    commit: str,
    weight: FloatArray,
    u_ni: FloatArray,
    u_nj: FloatArray,
    u_nn: FloatArray,
    c_i: FloatArray,
    c_j: FloatArray,
) -> FloatArray:
    """Third party n's vote in the contest i:j, after its own "little contest".

    Little contest (``Actor::vProbLittle``): n's order-zero vote
    :math:`v = \\mathrm{vote}(w_n, u_{ni} - u_{nj})` joins the side it favours, so
    :math:`p_n = (C_i + v^+) / (C_i + v^+ + C_j + v^-)`, with :math:`C_i, C_j` the principals'
    coalitions. Then (``Actor::thirdPartyVoteSU``, SemiCommit) n compares the sums of utilities

    .. math:: U_{n,i} = p_n(2u_{ni} + u_{nn}) + (1-p_n)\\,3u_{nj}, \\quad
              U_{n,j} = p_n\\,3u_{ni} + (1-p_n)(2u_{nj} + u_{nn})

    and votes :math:`\\mathrm{vote}(w_n, U_{n,i} - U_{n,j})`. FullCommit uses :math:`3u` on
    every branch, NoCommit :math:`2u + u_{nn}` on every branch.
    """
    v0 = vote(rule, weight, u_ni - u_nj)
    cni = np.where(v0 > 0, c_i + v0, c_i)
    cnj = np.where(v0 < 0, c_j - v0, c_j)
    p_in = cni / (cni + cnj)
    p_jn = 1.0 - p_in
    three_i = u_ni + u_ni + u_ni
    three_j = u_nj + u_nj + u_nj
    two_i_n = u_ni + u_ni + u_nn
    two_j_n = u_nj + u_nj + u_nn
    if commit == "SemiCommit":
        a, b, c, d = two_i_n, three_j, three_i, two_j_n
    elif commit == "FullCommit":
        a, b, c, d = three_i, three_j, three_i, three_j
    elif commit == "NoCommit":
        a, b, c, d = two_i_n, two_j_n, two_i_n, two_j_n
    else:
        msg = f"unknown ThirdPartyCommit {commit!r}"
        raise ValueError(msg)
    u_ik_j = (p_in * a) + (p_jn * b)
    u_i_jk = (p_in * c) + (p_jn * d)
    return vote(rule, weight, u_ik_j - u_i_jk)


def challenge_estimates(
    util: FloatArray,
    weights: FloatArray,
    total_salience: FloatArray,
    *,
    voting_rule: str,
    commit: str,
) -> tuple[FloatArray, FloatArray]:
    """Each initiator's own estimate of its victory chance and gain in challenging each target.

    For h = k = i (``SMPState::probEduChlg(i, i, i, j)``), with :math:`U = U^i`:

    * principals: :math:`v_i = \\mathrm{vote}(\\sigma_i c_i, U_{ii} - U_{ij})`,
      :math:`v_j = \\mathrm{vote}(\\sigma_j c_j, U_{ji} - U_{jj})`;
      :math:`A = 10^{-10} + \\sum v^+`, :math:`B = 10^{-10} + \\sum v^-`;
    * every third party adds :func:`third_party_votes` to A or B; :math:`P = A/(A+B)`;
    * :math:`\\Delta EU = (1-\\sigma_j)\\,2U_{ii} + \\sigma_j(P\\,2U_{ii} + (1-P)\\,2U_{ij})
      - (U_{ii} + U_{ij})`.

    Parameters
    ----------
    util : (n, n, n) tensor ``U[h, i, j]``
    weights : (n,) capabilities c
    total_salience : (n,) σ

    Returns
    -------
    prob, gain : (n_initiators, n_targets) arrays (diagonal meaningless)
    """
    u = np.asarray(util, dtype=float)
    n = u.shape[0]
    c = np.asarray(weights, dtype=float)
    sig = np.asarray(total_salience, dtype=float)
    w = sig * c
    idx = np.arange(n)
    prob = np.empty((n, n))
    gain = np.empty((n, n))
    block = max(1, _BLOCK_ELEMENTS // (n * n))
    for lo in range(0, n, block):
        ii = idx[lo : lo + block]
        ub = u[ii]  # (b, n, n): U^i for i in block
        b = len(ii)
        u_ii = ub[np.arange(b), ii, ii][:, None]  # (b, 1)
        u_ij = ub[np.arange(b), ii, :]  # (b, n_j)
        u_ji = ub[np.arange(b), :, ii]  # (b, n_j): U^i(j, i)
        u_jj = np.diagonal(ub, axis1=1, axis2=2)  # (b, n_j): U^i(j, j)
        ci = vote(voting_rule, w[ii][:, None], u_ii - u_ij)
        cj = vote(voting_rule, w[None, :], u_ji - u_jj)
        chij = (_MIN_CLTN + np.where(ci > 0, ci, 0.0)) + np.where(cj > 0, cj, 0.0)
        chji = (_MIN_CLTN - np.where(ci < 0, ci, 0.0)) - np.where(cj < 0, cj, 0.0)
        # third parties n on the leading axis: (n, b, n_j)
        u_ni = np.ascontiguousarray(u_ji.T)[:, :, None]  # U^i(n, i)
        u_nj = np.ascontiguousarray(ub.transpose(1, 0, 2))  # U^i(n, j)
        u_nn = np.ascontiguousarray(u_jj.T)[:, :, None]  # U^i(n, n)
        vn = third_party_votes(
            voting_rule, commit, w[:, None, None], u_ni, u_nj, u_nn, chij[None], chji[None]
        )
        principal = (idx[:, None, None] == ii[None, :, None]) | (idx[:, None, None] == idx)
        vn = np.where(principal, 0.0, vn)
        a = sequential_sum(np.where(vn > 0, vn, 0.0), chij)
        bb = sequential_sum(np.where(vn < 0, -vn, 0.0), chji)
        p_ij = a / (a + bb)
        p_ji = bb / (a + bb)
        eu_sq = u_ii + u_ij
        eu_vict = u_ii + u_ii
        eu_lose = u_ij + u_ij
        eu_cntst = p_ij * eu_vict + p_ji * eu_lose
        s_j = sig[None, :]
        eu_chlg = (1 - s_j) * eu_vict + s_j * eu_cntst
        prob[ii] = p_ij
        gain[ii] = eu_chlg - eu_sq
    return prob, gain


def best_challenges(gain: FloatArray) -> IntArray:
    """Each initiator's target: the first j maximising its gain, if above 1e-5; else −1.

    Mirrors ``SMPState::bestChallenge`` (strict improvement in target order).
    """
    g = np.array(gain, dtype=float, copy=True)
    np.fill_diagonal(g, -np.inf)
    best = np.argmax(g, axis=1)
    ok = g[np.arange(len(g)), best] > _MIN_SIG_EDU
    return np.asarray(np.where(ok, best, -1), dtype=np.int64)
