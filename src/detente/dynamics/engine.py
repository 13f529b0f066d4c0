"""The month loop: battlefield, beliefs, levers, walk-away values, two tracks, deals and relapse.

Mesa's ``Model.step`` vectorised across draws: one call runs a chunk of draws through every
month at once, with every per-draw quantity an array whose first axis is the draw. Randomness
comes only from the chunk's :class:`~detente.dynamics.noise.Noise` (each array its own named
stream), so the same seed gives the same numbers and a what-if that changes one input leaves
every other random number as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from detente._typing import BoolArray, FloatArray, IntArray
from detente.dynamics import (
    agreement,
    battlefield,
    beliefs,
    concession,
    decision,
    domestic,
    durability,
    kernels,
    levers,
    ownership,
    rates,
    spoilers,
    tracks,
)
from detente.dynamics.calibration import CalibrationValues, DrawRates
from detente.dynamics.noise import Noise
from detente.dynamics.probe import Probe
from detente.dynamics.walk_away import floor_utility, rival_distance, war_value
from detente.dynamics.world import World
from detente.models.utility import package_utility

__all__ = ["BLOCKER_KINDS", "RATE_PREFIX", "ChunkOutcome", "column", "per_draw_rate", "run_chunk"]

BLOCKER_KINDS = ("red_line", "walk_away", "public_tolerance", "not_at_table", "coupling")


@dataclass(frozen=True)
class ChunkOutcome:
    """What one chunk of draws produced (arrays over its draws).

    Attributes
    ----------
    settled_month : (n,) int
        Month index in which a settlement was signed (-1: none within the horizon).
    terms : (n, n_issues)
        Deal terms on the unit scale (NaN without a deal).
    ceasefire : (n, n_months) bool
        A ceasefire (or a settlement) in force at each month's end.
    hazard_multiplier, implemented : (n,)
        The deal's relapse-hazard multiplier and implementation probability (NaN without one).
    blockers : (5, n_actors, n_issues + 1)
        Summed blame by kind (``BLOCKER_KINDS``), actor and issue (last column: no issue).
    no_zopa : int
        Draw-months without a ZOPA (the denominator of the blockers' shares).
    relapse_5y_rate, relapse_shape_rate : (n,)
        Each draw's relapse rates (drawn where fitted distributions are in force), so the
        summaries compute each deal's relapse risk with its own draw's rates.
    ratification_failed : (n,) int
        How many signed deals of each draw a referendum or parliament voted down (each void:
        the talks went on).
    rate_point : (n,) int
        The timing-posterior grid point each draw used (-1: the timing rates were points), so
        the summaries can say how far the rates' uncertainty moves P(deal).
    decided_month : (n,) int
        Month index in which the battlefield decided the war (-1: it did not), a competing
        ending (:mod:`~detente.dynamics.decision`): no deal or ceasefire follows it.
    decided_for_first : (n,) bool
        Whether side A was the victor of that decision.
    """

    settled_month: IntArray
    terms: FloatArray
    ceasefire: BoolArray
    hazard_multiplier: FloatArray
    implemented: FloatArray
    blockers: FloatArray
    no_zopa: int
    relapse_5y_rate: FloatArray
    relapse_shape_rate: FloatArray
    rate_point: IntArray
    ratification_failed: IntArray
    decided_month: IntArray
    decided_for_first: BoolArray


def column(values: Mapping[str, FloatArray], name: str) -> FloatArray:
    """The draws of input ``name``; a missing name is a bug in the input space, never a default."""
    v = values.get(name)
    if v is None:
        msg = f"the input space has no input {name!r}; every engine input must be in it"
        raise KeyError(msg)
    return np.asarray(v, dtype=float)


RATE_PREFIX = "rates."
"""Inputs named ``rates.<name>`` carry a per-draw value of a calibrated rate (a rate fit)."""


def per_draw_rate(
    values: Mapping[str, FloatArray], name: str, cal: CalibrationValues, n: int
) -> FloatArray:
    """The rate of each draw: ``values['rates.<name>']`` where drawn (a fitted distribution or
    a rate grid), else the calibration's point; a rate the caller set explicitly stays a point
    unless a rate grid sets it per draw."""
    v = values.get(RATE_PREFIX + name)
    grid = values.get(RATE_PREFIX + "grid")
    if v is None or (name in cal.overridden and grid is None):
        return np.full(n, float(getattr(cal, name)))
    return np.asarray(v, dtype=float)


def run_chunk(
    world: World,
    values: Mapping[str, FloatArray],
    cal: CalibrationValues,
    n_months: int,
    noise: Noise,
    package: FloatArray | None = None,
    active: BoolArray | None = None,
    probe: Probe | None = None,
) -> ChunkOutcome:
    """Simulate one chunk of draws month by month.

    Parameters
    ----------
    world : World
        The compiled scenario.
    values : mapping of input name → (n,) array
        The chunk's sampled uncertain inputs (``sampling.InputSpace.names``).
    cal : CalibrationValues
    n_months : int
    noise : Noise
        The chunk's random numbers (one row per draw).
    package : (n_issues,) unit-scale package or None
        If given, the only deal on offer (a named proposal tabled by the mediator): its named
        terms are fixed and the issues it leaves open (NaN) are negotiated, the Nash point of
        the zone restricted to the named terms. A package naming ceasefire issues only is an
        interim proposal: it is the only ceasefire on offer, and the settlement track runs
        as without it.
    active : (n, n_levers) bool or None
        Which levers are pulled in each draw, overriding ``world.lever_active`` (a batch of
        lever what-ifs in one call).
    probe : Probe or None
        If given, asked each month whether each side would sign each of its packages, with
        this month's intervals, floors and coupling (the proposals scorecard).
    """
    timing_point = rates.timing_point(values, cal.overridden, len(next(iter(values.values()))))
    values = rates.with_timing(values)  # a drawn timing grid point → its two rates
    A, B = int(world.sides[0]), int(world.sides[1])
    ids = world.actors
    some = next(iter(values.values()))
    n = len(some)
    n_a, n_i, n_l = world.n_actors, world.n_issues, len(world.lever_ids)
    # --- per-draw inputs ---------------------------------------------------------------------
    p = column(values, "war.p_first_prevails").copy()
    trend = column(values, "war.trend_per_month")
    vol = column(values, "war.volatility_per_month")
    H = column(values, "war.horizon_months")
    side_ids = (ids[A], ids[B])
    opt0 = np.column_stack([column(values, f"war.beliefs.{s}.optimism") for s in side_ids])
    hope0 = np.column_stack([column(values, f"war.beliefs.{s}.collapse_hope") for s in side_ids])
    cost0 = np.column_stack([column(values, f"war.beliefs.{s}.monthly_cost") for s in side_ids])
    cap = np.column_stack([column(values, f"actors.{a}.capability") for a in ids])
    tol = np.column_stack([column(values, f"actors.{a}.domestic_tolerance") for a in ids])
    spoil = np.column_stack([column(values, f"actors.{a}.spoiler_capacity") for a in ids])
    cred = (
        np.column_stack([column(values, f"levers.{lv}.credibility") for lv in world.lever_ids])
        if n_l
        else np.zeros((n, 0))
    )
    deltas = (
        np.column_stack(
            [
                column(values, f"levers.{world.lever_ids[lv]}.effects.{j}.delta")
                for lv, j in _effect_numbers(world)
            ]
        )
        if len(world.effects.lever)
        else np.zeros((n, 0))
    )
    bottom = np.stack(
        [
            np.column_stack(
                [column(values, f"positions.{s}.{i}.bottom_line") for i in world.issues]
            )
            for s in side_ids
        ],
        axis=1,
    )
    sides = np.array([A, B])
    ideals, sal = world.ideals[sides], world.saliences[sides]
    util = cal.utility  # the loss of every utility below (linear or quadratic)
    stake = concession.stakes(ideals, sal, util)
    distance = rival_distance(ideals, sal, util)
    coupling = np.array([cal.coupling.get(s, 0.5) for s in side_ids])
    lever_u = noise.lever_timing
    act = world.lever_active if active is None else active
    seated = levers.brought_to_table(world, cred, deltas, noise.lever_seat, active)
    veto_seated: BoolArray = np.asarray((seated | ~world.veto[None, :]).all(axis=1), dtype=bool)
    red_lo, red_hi = _drawn_red_lines(world, values, noise.red_lines, n)
    owned = _owned_terms(world, values, seated, n, red_lo, red_hi)
    shocks, u_sign, u_cf, u_relapse = noise.shocks, noise.sign, noise.ceasefire, noise.relapse
    # timing rates: the calibration's point, or one value per draw where a fit draws them
    sign_h = per_draw_rate(values, "sign_hazard", cal, n)
    strength = per_draw_rate(values, "belief_strength", cal, n)[:, None]
    u_bottom, gap = concession.concession_gap(ideals, sal, bottom, util)
    concede_to = concession.concession_path(bottom, ideals)
    dec_h = (
        world.decision.monthly(noise.decision_rate, n_months)
        if world.decision is not None
        else None
    )
    dr = DrawRates.of(cal, values, n)
    dom = domestic.domestic_inputs(world.ratification, values, n)
    vote_margin = dom.side_margin()
    if noise.vote.shape[2] < world.ratification.n_votes:
        msg = (
            f"the noise has {noise.vote.shape[2]} vote columns but the scenario has "
            f"{world.ratification.n_votes} votes on a deal; draw it with "
            "Noise.draw(..., n_votes=world.ratification.n_votes)"
        )
        raise ValueError(msg)
    # --- state -----------------------------------------------------------------------------
    settled = np.full(n, -1, dtype=np.int64)
    terms = np.full((n, n_i), np.nan)
    mult_out = np.full(n, np.nan)
    impl_out = np.full(n, np.nan)
    cf_end = np.full(n, -np.inf)  # a ceasefire is in force at the end of month t iff t < cf_end
    cf_rec = np.zeros((n, n_months), dtype=bool)
    cum = np.zeros((n, 2))
    fought = np.zeros(n)
    blame = np.zeros((len(BLOCKER_KINDS), n_a, n_i + 1))
    no_zopa = 0
    failed = np.zeros(n, dtype=np.int64)
    war0 = np.zeros((n, 2))
    gave = np.zeros((n, 2), dtype=bool)
    surprise = np.zeros((n, 2))  # each side's battles won minus expected (beliefs.bayes_bias)
    decided = np.full(n, -1, dtype=np.int64)
    for_first = np.zeros(n, dtype=bool)
    interim = package is not None and agreement.is_interim(package, world.ceasefire_issues)
    if probe is not None:
        probe.start(n, n_months)
    for t in range(n_months):
        # --- beliefs and the value of fighting on -------------------------------------------
        w = levers.lever_weight(act, cred, world.lever_deadline_month, lever_u, t)
        eff = levers.lever_effects(world, w, deltas, H, t)
        trend_t = trend + eff.trend
        perceived = trend_t[:, None] + eff.perceived_trend[:, sides] - eff.trend[:, None]
        own_trend = perceived * np.array([1.0, -1.0])
        months = fought[:, None]
        opt = beliefs.bayes_bias(opt0, strength, surprise, months) + eff.optimism[:, sides]
        hope = beliefs.bayes_hope(hope0, strength, months)
        strain = battlefield.monthly_cost(cost0, cum, cal.cost_escalation)
        cost = strain + eff.war_cost[:, sides]  # expected: threats at their expected value
        bel = beliefs.believed_own_chance(np.column_stack([p, 1 - p]), opt, hope, H[:, None])
        war = war_value(bel, own_trend, H[:, None], distance, cost)
        if t == 0:
            war0 = war.copy()
        # bottom lines give way to the value of fighting on, and wholly once a side has given
        # in to the war of attrition (red lines never move; floors still bind)
        still = ((settled < 0) & (decided < 0) & ~(t - 1 < cf_end))[:, None]  # still fought
        gave |= still & (noise.attrition[:, t] < concession.attrition_hazard(cost, gap))
        share_t = np.where(gave, 1.0, concession.reservation_share(u_bottom, war, gap))
        bottom_t = bottom + share_t[:, :, None] * concede_to  # concession.conceded_bottom_lines
        iv = agreement.admissible_intervals(
            ideals, bottom_t, red_lo[:, sides], red_hi[:, sides], world.option_points, owned
        )
        # a tabled settlement fixes its named terms; the rest of the zone is negotiated
        zone = iv if package is None or interim else agreement.restrict_to_terms(iv, package)
        all_ok: BoolArray = np.asarray(zone.issue_ok.all(axis=1), dtype=bool)
        cf_ok: BoolArray = (
            agreement.package_ceasefire_ok(iv, package, world.ceasefire_issues)
            if interim and package is not None
            else np.asarray(iv.issue_ok[:, world.ceasefire_issues].all(axis=1), dtype=bool)
        )
        # --- level II: the publics' tolerance moves with the value of fighting on -----------
        tol_t = tol.copy()
        tol_t[:, sides] = domestic.public_tolerance(tol[:, sides], war0, war, stake[None, :])
        acc_t = domestic.accountability(dom, t, H)
        shift = np.abs(trend_t) * 60.0
        mult0 = durability.hazard_multiplier(eff.guarantee, shift, np.zeros(n), dr)
        r5 = durability.relapse_probability(5.0, mult0, np.ones(n), dr)
        floors, public = floor_utility(
            war,
            tol_t[:, sides],
            r5[:, None],
            cal.relapse_penalty,
            eff.deal_value[:, sides],
            acc_t,
            vote_margin,
        )
        open_: BoolArray = np.asarray((settled < 0) & (decided < 0), dtype=bool)
        live = open_ & veto_seated & all_ok
        exists = np.zeros(n, dtype=bool)
        deal = np.full((n, n_i), np.nan)
        rows = np.flatnonzero(live)
        # the signing draw is taken first so the Nash point is found only where it is used
        signs_if_zopa = u_sign[:, t] < sign_h
        ex, dl = agreement.check_agreement(
            ideals,
            sal,
            zone,
            rows,
            floors,
            cap[:, sides],
            world.option_points,
            want_deal=signs_if_zopa[rows],
            rules=world.rules,
            utility=util,
        )
        exists[rows], deal[rows] = ex, dl
        # --- blockers ----------------------------------------------------------------------
        blocked: BoolArray = np.asarray(open_ & ~exists, dtype=bool)
        no_zopa += int(blocked.sum())
        _blame(
            blame,
            world,
            sides,
            blocked,
            veto_seated,
            seated,
            iv,
            ideals,
            sal,
            floors,
            public,
            util,
        )
        # --- settlement --------------------------------------------------------------------
        sign = exists & signs_if_zopa
        if sign.any() and world.ratification.n_votes:
            # --- level II: a referendum or parliament may void what was signed ---------------
            v_rows = np.flatnonzero(sign)
            u_v = package_utility(ideals, sal, deal[v_rows])
            passed = domestic.ratified(
                dom, v_rows, u_v, tol_t[v_rows][:, sides], noise.vote[v_rows, t]
            )
            failed[v_rows[~passed]] += 1
            sign[v_rows[~passed]] = False
        if sign.any():
            s_rows = np.flatnonzero(sign)
            settled[s_rows] = t
            terms[s_rows] = deal[s_rows]
            u_all = package_utility(world.ideals, world.saliences, deal[s_rows], util)
            beyond = np.maximum((1.0 - tol_t[s_rows][:, sides]) - u_all[:, sides], 0.0).max(axis=1)
            dr_s = dr.take(s_rows)
            mult = _deal_multiplier(
                world,
                deal[s_rows],
                eff.guarantee[s_rows],
                shift[s_rows],
                beyond,
                dr_s,
                noise.provision_row[s_rows],
            )
            impl = spoilers.implementation_probability(
                u_all, tol_t[s_rows], spoil[s_rows], ~seated[s_rows]
            )
            mult_out[s_rows], impl_out[s_rows] = mult, impl
            years = durability.relapse_time_years(u_relapse[s_rows, t], mult, impl, dr.take(s_rows))
            cf_end[s_rows] = t + 12.0 * years
        # --- ceasefire track ---------------------------------------------------------------
        # settlement progress g_t: a zone of agreement this month, or a settlement signed
        progress = np.asarray(exists | (settled >= 0), dtype=float)
        if probe is not None:
            probe.observe(
                t,
                ideals,
                sal,
                red_lo[:, sides],
                red_hi[:, sides],
                iv,
                floors,
                public,
                coupling,
                progress,
                world.option_points,
            )
        will = tracks.ceasefire_willingness(coupling, progress)
        cf_open = np.asarray(cf_ok & open_ & ~sign, dtype=bool)
        h_cf = tracks.ceasefire_hazard(sign_h, will, cf_open, veto_seated)
        in_force = t < cf_end
        # a ceasefire the settlement track does not follow is called off (the other way round)
        held = in_force & (settled < 0)
        called_off = held & (
            noise.ceasefire_exit[:, t] < tracks.ceasefire_exit_hazard(sign_h, will)
        )
        cf_end[called_off] = t
        in_force &= ~called_off
        new_cf = ~in_force & ~called_off & (u_cf[:, t] < h_cf)
        if new_cf.any():
            c_rows = np.flatnonzero(new_cf)
            dr_c = dr.take(c_rows)
            mult_cf = dr_c.ceasefire_hazard_ratio * durability.hazard_multiplier(
                eff.guarantee[c_rows], shift[c_rows], np.zeros(len(c_rows)), dr_c
            )
            years = durability.relapse_time_years(
                u_relapse[c_rows, t], mult_cf, np.ones(len(c_rows)), dr_c
            )
            cf_end[c_rows] = t + np.maximum(12.0 * years, 1.0)
        coupling_blocked = blocked & cf_ok & veto_seated & ~in_force
        if coupling_blocked.any():
            miss = 1.0 - will[coupling_blocked]
            tot = miss.sum(axis=1, keepdims=True)
            share = (
                miss
                / np.where(tot > 0, tot, 1.0)
                * (1.0 - will[coupling_blocked].prod(axis=1))[:, None]
            )
            blame[4, sides, n_i] += share.sum(axis=0)
        cf_rec[:, t] = t < cf_end
        # --- the war goes on where no ceasefire holds and the battlefield has not decided it ---
        fighting = ~cf_rec[:, t] & (decided < 0)
        if dec_h is not None:
            ends, a_wins = decision.decide(dec_h[:, t], p, noise.decision[:, t], fighting)
            decided[ends], for_first[ends] = t, a_wins[ends]
            fighting &= ~ends
        won = beliefs.battle_won(p, shocks[:, t])
        surprise += np.where(fighting[:, None], np.column_stack([won - p, p - won]), 0.0)
        p = np.where(fighting, battlefield.front_step(p, trend_t, vol, shocks[:, t]), p)
        borne = strain + eff.borne_cost[:, sides]  # what the month actually cost
        cum = cum + np.where(fighting[:, None], borne, 0.0)
        fought = fought + fighting
    return ChunkOutcome(
        settled,
        terms,
        cf_rec,
        mult_out,
        impl_out,
        blame,
        no_zopa,
        dr.column("relapse_5y", n),
        dr.column("relapse_shape", n),
        timing_point,
        failed,
        decided,
        for_first,
    )


def _deal_multiplier(
    world: World,
    deals: FloatArray,
    guarantee: FloatArray,
    front_shift: FloatArray,
    beyond: FloatArray,
    dr: DrawRates,
    u_row: FloatArray,
) -> FloatArray:
    """A signed deal's relapse-hazard multiplier from its terms (:mod:`~detente.dynamics.terms`):
    the post-war power shift its terms imply (where coded; else the front's trend) and the
    provisions it contains, with each draw's bootstrap row of the fitted hazard ratios."""
    dt = world.deal_terms
    if dt is None:
        return durability.hazard_multiplier(guarantee, front_shift, beyond, dr)
    shift = dt.power_shift(deals) if dt.any_shift else front_shift
    mult = durability.hazard_multiplier(guarantee, shift, beyond, dr)
    if dt.any_provisions:
        rows = np.floor(u_row * len(dt.log_hr_draws)).astype(np.int64)
        mult = mult * dt.hazard_ratio(dt.provisions(deals, world.option_points), rows)
    return np.asarray(mult, dtype=float)


def _drawn_red_lines(
    world: World, values: Mapping[str, FloatArray], u: FloatArray, n: int
) -> tuple[FloatArray, FloatArray]:
    """Red lines of each draw, (n or 1, n_actors, n_issues): a red line with a firmness q is
    real where its uniform falls below q, else only the bottom line binds there."""
    if not world.firm_red_lines:
        return world.red_low[None], world.red_high[None]
    lo = np.repeat(world.red_low[None], n, axis=0)
    hi = np.repeat(world.red_high[None], n, axis=0)
    for k, (a, d, name) in enumerate(world.firm_red_lines):
        bluff = u[:, k] >= column(values, name)
        lo[bluff, a, d], hi[bluff, a, d] = 0.0, 1.0
    return lo, hi


def _owned_terms(
    world: World,
    values: Mapping[str, FloatArray],
    seated: BoolArray,
    n: int,
    red_low: FloatArray,
    red_high: FloatArray,
) -> tuple[FloatArray, FloatArray] | None:
    """The terms ownership and outside veto players allow in each draw (None: no limit)."""
    if not world.owners and not world.veto_others:
        return None
    pairs = {(o.actor, o.issue) for o in world.owners}
    pairs |= {(a, d) for a in world.veto_others for d in range(world.n_issues)}
    bottom = {}
    for a, d in pairs:
        name = f"positions.{world.actors[a]}.{world.issues[d]}.bottom_line"
        if name in values:
            bottom[(a, d)] = column(values, name)
    return ownership.allowed_terms(
        n,
        world.n_issues,
        world.owners,
        world.veto_others,
        seated,
        world.ideals,
        bottom,
        red_low,
        red_high,
        world.option_points,
    )


def _effect_numbers(world: World) -> list[tuple[int, int]]:
    """(lever index, effect number within its lever) for every flattened effect."""
    out: list[tuple[int, int]] = []
    seen: dict[int, int] = {}
    for lv in world.effects.lever:
        j = seen.get(int(lv), 0)
        out.append((int(lv), j))
        seen[int(lv)] = j + 1
    return out


def _blame(
    blame: FloatArray,
    world: World,
    sides: IntArray,
    blocked: BoolArray,
    veto_seated: BoolArray,
    seated: BoolArray,
    iv: agreement.Intervals,
    ideals: FloatArray,
    sal: FloatArray,
    floors: FloatArray,
    public: BoolArray,
    utility: str = "linear",
) -> None:
    """Add this month's blame for draws without a ZOPA into ``blame`` (in place)."""
    n_i = world.n_issues
    absent = blocked & ~veto_seated
    if absent.any():
        missing = ~seated[absent] & world.veto[None, :]
        blame[3, :, n_i] += (missing / np.maximum(missing.sum(axis=1, keepdims=True), 1)).sum(
            axis=0
        )
    present = blocked & veto_seated
    bad = np.flatnonzero(present & ~iv.issue_ok.all(axis=1))
    if bad.size:
        # agreement.interval_blame summed over the rows, in one compiled pass
        blame[0, sides, :n_i] += kernels.blame_sum(ideals, iv.low, iv.high, iv.issue_ok, bad, sal)
    fl = np.flatnonzero(present & iv.issue_ok.all(axis=1))
    if fl.size:
        share = agreement.floor_blame(ideals, sal, iv, fl, floors, utility)
        pub = public[fl][:, :, None]
        blame[1, sides, :n_i] += np.where(pub, 0.0, share).sum(axis=0)
        blame[2, sides, :n_i] += np.where(pub, share, 0.0).sum(axis=0)
