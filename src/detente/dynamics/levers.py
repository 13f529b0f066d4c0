"""Mediator levers: threats, promises and actions, weighted by how far they are believed.

A lever moves a target only as far as the target believes it (Schelling 1966: a threat is
a promise of costs that must be credible to coerce). Before a deadline a threat or promise
weighs by its credibility; when the deadline passes without a deal it is either carried out
(with probability equal to its credibility, after which it is certain) or exposed as a bluff
and moves nothing more, as the sources say of Trump's deadlines that are always two weeks off.

Threats and promises are contingent: what they would cost enters the sides' value of fighting
on as an expectation, but a side bears a threatened cost only once the threat is carried out
(``LeverEffects.borne_cost``). Actions are done, not threatened: their cost is borne as weighed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente._typing import BoolArray, FloatArray
from detente.dynamics.world import NO_DEADLINE, QUANTITIES, World

__all__ = ["LeverEffects", "brought_to_table", "lever_effects", "lever_weight"]

_THREAT, _PROMISE, _ACTION = 0, 1, 2


@dataclass(frozen=True)
class LeverEffects:
    """What the levers do in one month, per draw.

    Attributes
    ----------
    war_cost : (n_draws, n_actors)
        Expected extra monthly cost of fighting on over the horizon (sanctions threatened or
        imposed): what enters the value of fighting on.
    borne_cost : (n_draws, n_actors)
        Extra cost actually borne this month: executed threats and actions only.
    deal_value : (n_draws, n_actors)
        Utility added to any deal (promises, sanctions relief).
    trend : (n_draws,)
        Change to the front's actual trend (aid, weapons delivered).
    perceived_trend : (n_draws, n_actors)
        Change to the trend each actor projects (threats of weapons if it refuses), + favours A.
    optimism : (n_draws, n_actors)
        Change to each actor's bias.
    guarantee : (n_draws,)
        Credibility of the guarantees behind a deal, in [0, 1].
    """

    war_cost: FloatArray
    borne_cost: FloatArray
    deal_value: FloatArray
    trend: FloatArray
    perceived_trend: FloatArray
    optimism: FloatArray
    guarantee: FloatArray


def lever_weight(
    active: BoolArray,
    credibility: FloatArray,
    deadline_month: np.ndarray,
    executed_draw: FloatArray,
    month: int,
) -> FloatArray:
    """How much of each lever's effect applies in ``month``.

    Parameters
    ----------
    active : (n_levers,) or (n_draws, n_levers) bool
    credibility : (n_draws, n_levers) array in [0, 1]
    deadline_month : (n_levers,) int (``world.NO_DEADLINE`` for none)
    executed_draw : (n_draws, n_levers) uniforms deciding whether it is carried out
    month : int

    Notes
    -----
    .. math:: m_{\\ell t} = \\begin{cases}
              \\kappa_\\ell & t \\le d_\\ell \\text{ or no deadline} \\\\
              \\mathbf 1[U_\\ell < \\kappa_\\ell] & t > d_\\ell \\end{cases}

    At zero credibility the weight is zero in every month: a threat nobody believes moves
    nothing.
    """
    past = month > deadline_month
    w = np.where(past, (executed_draw < credibility).astype(float), credibility)
    return np.asarray(w * active, dtype=float)


def _expected_share(deadline_month: np.ndarray, month: int, horizon: FloatArray) -> FloatArray:
    """(n_draws, n_levers) share of the horizon a threat could be in force: from its deadline
    on (all of it without a deadline, none once past: then it was carried out or not)."""
    to_go = (deadline_month[None, :] - month).astype(float)
    share = np.clip(1.0 - to_go / np.maximum(horizon[:, None], 1e-9), 0.0, 1.0)
    no_deadline = deadline_month[None, :] >= NO_DEADLINE
    return np.asarray(np.where(no_deadline | (to_go < 0), 1.0, share), dtype=float)


def lever_effects(
    world: World,
    weight: FloatArray,
    deltas: FloatArray,
    horizon: FloatArray,
    month: int = 0,
) -> LeverEffects:
    """Add up every lever effect for one month.

    Parameters
    ----------
    weight : (n_draws, n_levers) from :func:`lever_weight`
    deltas : (n_draws, n_effects) sampled effect sizes
    horizon : (n_draws,) months the sides look ahead (prices a promise of lower costs)
    month : int, the month: a threatened cost counts only from its deadline within the horizon,
        and is borne once the deadline has passed where the lever was carried out (there its
        weight is exactly 1, :func:`lever_weight`)

    Notes
    -----
    A threatened monthly cost :math:`x` with credibility :math:`\\kappa` and deadline :math:`d`
    enters the value of fighting on as :math:`\\kappa x\\,(H - (d - t))^+ / H` a month before
    the deadline (it can only bite after it) and is borne, :math:`x`, only once carried out.
    """
    n, n_a = weight.shape[0], world.n_actors
    exe = np.where(month > world.lever_deadline_month[None, :], weight, 0.0)  # carried out
    ahead = _expected_share(world.lever_deadline_month, month, horizon)
    war_cost = np.zeros((n, n_a))
    borne = np.zeros((n, n_a))
    deal = np.zeros((n, n_a))
    trend = np.zeros(n)
    perceived = np.zeros((n, n_a))
    optimism = np.zeros((n, n_a))
    guarantee = np.zeros(n)
    spec = world.effects
    for e in range(len(spec.lever)):
        x = weight[:, spec.lever[e]] * deltas[:, e]
        q, mode, t = QUANTITIES[spec.quantity[e]], spec.mode[e], spec.target[e]
        if q == "monthly_cost":
            lv = spec.lever[e]
            if mode == _PROMISE:
                deal[:, t] -= x * horizon
            elif mode == _THREAT:
                war_cost[:, t] += x * ahead[:, lv]
                borne[:, t] += exe[:, lv] * deltas[:, e]
            else:
                war_cost[:, t] += x
                borne[:, t] += x
        elif q == "deal_value":
            deal[:, t] += x
        elif q == "trend":
            if mode == _ACTION:
                trend += x
                perceived += x[:, None]
            elif mode == _THREAT:
                perceived[:, t] += x
        elif q == "optimism":
            optimism[:, t] += x
        elif q == "guarantee":
            guarantee += x
    return LeverEffects(
        war_cost, borne, deal, trend, perceived, optimism, np.clip(guarantee, 0.0, 1.0)
    )


def brought_to_table(
    world: World,
    credibility: FloatArray,
    deltas: FloatArray,
    draw: FloatArray,
    active: BoolArray | None = None,
) -> BoolArray:
    """Who is at the table in each draw: the scenario's seats plus believed inclusion levers.

    ``active`` (n_draws, n_levers) overrides ``world.lever_active`` row by row (what-ifs that
    switch levers run as one batch).

    Returns
    -------
    (n_draws, n_actors) bool
    """
    n = credibility.shape[0]
    seated = np.repeat(world.at_table[None, :], n, axis=0)
    spec = world.effects
    for e in range(len(spec.lever)):
        if QUANTITIES[spec.quantity[e]] != "at_table":
            continue
        lv = spec.lever[e]
        on = world.lever_active[lv] if active is None else active[:, lv]
        if not np.any(on):
            continue
        ok = (draw[:, lv] < credibility[:, lv]) & (deltas[:, e] > 0) & on
        seated[:, spec.target[e]] |= ok
    return seated
