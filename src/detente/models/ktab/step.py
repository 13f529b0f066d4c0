"""One turn of KTAB's SMP: assess a state, let every actor challenge, resolve the bargains.

Mirrors ``SMPState::stepBCN`` / ``SMPState::doBCN`` (examples/smp/libsrc/smpbcn.cpp),
``SMPState::pDist``, ``State::setUENdx`` / ``State::posProb`` (kstate.cpp),
``SMPState::newIdeals`` and ``SMPModel::stateDist`` (smp.cpp).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente._typing import FloatArray, IntArray
from detente.models.ktab.bargain import (
    bargain_utilities,
    interpolate_bargains,
    status_quo_utilities,
)
from detente.models.ktab.challenge import best_challenges, challenge_estimates
from detente.models.ktab.pce import coalitions, cond_pce, pce, scalar_pce, victory_probabilities
from detente.models.ktab.utility import (
    estimated_risk,
    risk_attitudes,
    salience_distance,
    utility_estimates,
)

__all__ = [
    "SmpOptions",
    "SmpState",
    "assess_state",
    "choose_bargains",
    "new_ideals",
    "state_distance",
    "step",
    "step_bargains",
    "unique_positions",
    "win_probabilities",
]

POSITION_TOLERANCE = 1e-3  # SMPModel::posTol (unit scale)


@dataclass(frozen=True)
class SmpOptions:
    """KTAB's result-changing options, by KTAB's own names."""

    victory_model: str = "Linear"
    voting_rule: str = "Prop"
    pce_model: str = "Conditional"
    transitions: str = "Deterministic"
    big_r_range: str = "Mid"
    big_r_adjust: str = "OneThird"
    third_party_commit: str = "SemiCommit"
    bargain_interpolation: str = "S2P2"
    bargain_model: str = "InitOnlyInterp"


@dataclass(frozen=True)
class SmpState:
    """Positions and ideals of one state, with the utilities every turn needs.

    Attributes
    ----------
    positions, ideals : (n, D)
    risk : (n,) risk attitudes R
    util : (n, n, n) ``U[h, i, j]``, h's estimate of i's utility of j's position
    """

    positions: FloatArray
    ideals: FloatArray
    risk: FloatArray
    util: FloatArray


def assess_state(
    positions: FloatArray,
    ideals: FloatArray,
    saliences: FloatArray,
    capabilities: FloatArray,
    opts: SmpOptions,
) -> SmpState:
    """Distances, risk attitudes and the utility tensor of a state (``setAllAUtil``)."""
    d = salience_distance(ideals, saliences, positions)
    r = risk_attitudes(
        d,
        capabilities,
        voting_rule=opts.voting_rule,
        victory_model=opts.victory_model,
        pce_model=opts.pce_model,
        big_r_range=opts.big_r_range,
    )
    util = utility_estimates(d, estimated_risk(r, opts.big_r_adjust))
    return SmpState(positions, ideals, r, util)


def unique_positions(positions: FloatArray) -> tuple[IntArray, IntArray]:
    """Indices of distinct positions (first appearance) and each actor's distinct position.

    Two positions are the same when their Euclidean distance is below 1e-3 (0.1 on KTAB's
    0–100 scale), compared with each distinct representative in turn (``ueIndices``). An
    actor's reported position is the *last* representative it matches (``State::posProb``).
    """
    x = np.asarray(positions, dtype=float)
    n = len(x)
    close = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=-1)) < POSITION_TOLERANCE
    uniq: list[int] = []
    for i in range(n):
        if not any(close[i, k] for k in uniq):
            uniq.append(i)
    u = np.array(uniq, dtype=np.int64)
    last = np.array([int(np.flatnonzero(close[i, u])[-1]) for i in range(n)], dtype=np.int64)
    return u, last


def win_probabilities(
    state: SmpState, capabilities: FloatArray, opts: SmpOptions
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Probability that each distinct position wins, and each actor's (``pDist(-1)``).

    Each actor values position m with its own estimate :math:`U^i_{im}`; a capability-weighted
    vote and the PCE give the probabilities of the distinct positions.

    Returns
    -------
    unique : (m,) indices of representative actors
    p_unique : (m,) probabilities
    p_actor : (n,) probability of each actor's position
    """
    uniq, owner = unique_positions(state.positions)
    n = len(state.positions)
    own = state.util[np.arange(n), np.arange(n), :]  # (i, j): U^i(i, j)
    p = scalar_pce(capabilities, own[:, uniq], opts.voting_rule, opts.victory_model, opts.pce_model)
    return uniq, p, p[owner]


def state_distance(a: FloatArray, b: FloatArray) -> float:
    """:math:`\\sum_i \\lVert x_i - y_i \\rVert_2` (``SMPModel::stateDist``)."""
    total = 0.0
    for v in np.sqrt(((np.asarray(a) - np.asarray(b)) ** 2).sum(axis=1)).tolist():
        total += v
    return total


def new_ideals(positions: FloatArray, ideals: FloatArray, accommodation: FloatArray) -> FloatArray:
    """:math:`\\hat x_i' = \\sum_j a_{ij} x_j + (1 - \\sum_j a_{ij})\\hat x_i` (``newIdeals``)."""
    a = np.asarray(accommodation, dtype=float)
    lag = 1.0 - np.minimum(a.sum(axis=1), 1.0)
    return np.asarray(a @ positions + lag[:, None] * ideals, dtype=float)


def step(
    state: SmpState,
    saliences: FloatArray,
    capabilities: FloatArray,
    opts: SmpOptions,
    rng: np.random.Generator,
) -> FloatArray:
    """The positions of the next state (``SMPState::doBCN``); see :func:`step_bargains`."""
    return step_bargains(state, saliences, capabilities, opts, rng)[0]


def step_bargains(
    state: SmpState,
    saliences: FloatArray,
    capabilities: FloatArray,
    opts: SmpOptions,
    rng: np.random.Generator,
) -> tuple[FloatArray, IntArray, IntArray, IntArray]:
    """The next state's positions and the turn's bargains (``SMPState::doBCN``).

    Returns ``(positions, init, rcvr, chosen)``: bargain ``b`` was proposed by actor
    ``init[b]`` to ``rcvr[b]``; ``chosen[k]`` is the bargain actor ``k`` moved to (−1: it
    kept its status quo). Who bargained with whom is what KTAB's dashboard draws.

    Every actor i challenges its best target j (if any); i's bargain (both proposed
    positions) is queued for i and for j (InitOnlyInterp), beside each actor's status quo.
    Each actor then moves to its position in the bargain of its queue that wins the
    capability-weighted PCE over the states the bargains create (argmax when deterministic,
    a draw from ``rng`` when stochastic). All move at once.
    """
    sal = np.asarray(saliences, dtype=float)
    caps = np.asarray(capabilities, dtype=float)
    prob, gain = challenge_estimates(
        state.util,
        caps,
        sal.sum(axis=1),
        voting_rule=opts.voting_rule,
        commit=opts.third_party_commit,
    )
    target = best_challenges(gain)
    init = np.flatnonzero(target >= 0)
    rcvr = target[init]
    p_init = prob[init, rcvr]
    b_init, b_rcvr = interpolate_bargains(
        state.positions[init],
        sal[init],
        state.positions[rcvr],
        sal[rcvr],
        p_init,
        opts.bargain_interpolation,
    )
    u_sq = status_quo_utilities(state.util)
    u_b = bargain_utilities(state.util, state.ideals, sal, state.risk, init, rcvr, b_init, b_rcvr)
    chosen = choose_bargains(u_sq, u_b, init, rcvr, caps, opts, rng)
    new = np.array(state.positions, copy=True)
    for k in np.flatnonzero(chosen >= 0):
        b = chosen[k]
        new[k] = b_init[b] if init[b] == k else b_rcvr[b]
    return new, init, rcvr, chosen


def choose_bargains(
    u_sq: FloatArray,
    u_b: FloatArray,
    init: IntArray,
    rcvr: IntArray,
    capabilities: FloatArray,
    opts: SmpOptions,
    rng: np.random.Generator,
) -> IntArray:
    """Each actor's chosen bargain (index into the bargains, −1 for its status quo).

    Actor k's options are its status quo, then the bargains it initiated or received, by
    initiator. Every actor votes over the states they create (``u_sq``: (n,), ``u_b``:
    (n, n_bargains)) with its capability; the PCE gives each option's probability
    (``updateBestBrgnPositions``). Deterministic: the first most probable option.
    Stochastic: one uniform draw per actor, in actor order, against the cumulative
    probabilities. Actors with the same number of options are resolved in one batch.
    """
    n = len(u_sq)
    queues = [np.flatnonzero((init == k) | (rcvr == k)) for k in range(n)]
    draws = rng.random(n) if opts.transitions == "Stochastic" else None
    chosen = np.full(n, -1, dtype=np.int64)
    sizes = np.array([len(q) for q in queues])
    for size in np.unique(sizes):
        if size == 0:
            continue
        group = np.flatnonzero(sizes == size)
        idx = np.array([queues[k] for k in group])  # (g, size)
        u = np.concatenate(
            [
                np.broadcast_to(u_sq[None, :, None], (len(group), n, 1)),
                u_b[:, idx].transpose(1, 0, 2),
            ],
            axis=2,
        )  # (g, voters, options)
        c = coalitions(opts.voting_rule, capabilities, u)
        if opts.pce_model == "Conditional":
            p = cond_pce(victory_probabilities(opts.victory_model, c))
        else:
            p = np.array([pce(opts.pce_model, opts.victory_model, cg) for cg in c])
        if draws is None:
            m = np.argmax(p, axis=1)
        else:
            cum = np.cumsum(p, axis=1)
            m = np.minimum((cum <= draws[group, None]).sum(axis=1), size)
        pick = m > 0
        chosen[group[pick]] = idx[pick, m[pick] - 1]
    return chosen
