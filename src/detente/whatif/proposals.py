"""Scoring named proposals: who could accept each, by how much, and how durable it would be.

The report's "proposals scorecard". A proposal covers only some issues; each issue it leaves
open is filled with the issue's status quo when the scenario gives one, else with the midpoint
of the two belligerents' ideals (splitting the difference) — a neutral completion that favours
neither side. Everything is evaluated as of ``as_of`` (month 0) across Monte Carlo draws of the
uncertain inputs; ``margin`` is the median over draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente._typing import FloatArray
from detente.dynamics import beliefs, domestic, durability, levers, sampling, spoilers
from detente.dynamics.calibration import DrawRates, resolve_calibration
from detente.dynamics.engine import _effect_numbers, column
from detente.dynamics.spec import RunSpec
from detente.dynamics.walk_away import floor_utility, war_value
from detente.dynamics.world import NO_DEADLINE, World, compile_world
from detente.models.utility import package_utility
from detente.scenario.schema import Proposal, Scenario

__all__ = ["evaluate_proposals", "proposal_guarantee", "proposal_package"]


def proposal_package(world: World, proposal: Proposal) -> FloatArray:
    """The proposal's full package on the unit scale (open issues filled as documented)."""
    a, b = world.sides
    x = np.empty(world.n_issues)
    for k, (iid, sc) in enumerate(zip(world.issues, world.scales, strict=True)):
        if iid in proposal.terms:
            x[k] = sc.to_unit(proposal.terms[iid])
        elif not np.isnan(world.status_quo[k]):
            x[k] = world.status_quo[k]
        else:
            mid = 0.5 * (world.ideals[a, k] + world.ideals[b, k])
            x[k] = sc.option_points[sc.nearest_option(mid)] if sc.option_points else mid
    return x


def proposal_guarantee(scenario: Scenario, proposal: Proposal) -> list[str]:
    """Ids of the guarantee levers of the proposal's guarantors (active or not).

    A guarantor named without a guarantee lever lends no credibility: Charap & Radchenko
    (2025) hold that sending troops with no guarantee behind them would be only for show.
    """
    return [
        lv.id
        for lv in scenario.levers
        if lv.actor in proposal.guaranteed_by and any(e.quantity == "guarantee" for e in lv.effects)
    ]


def evaluate_proposals(
    scenario: Scenario, *, n_draws: int = RunSpec.n_draws, seed: int | None = RunSpec.seed
) -> pd.DataFrame:
    """Score every named proposal for every actor.

    Returns
    -------
    DataFrame
        proposal, actor, acceptable (bool: acceptable in at least half the draws), margin
        (median utility above the actor's floor — its walk-away value or its public's
        tolerance, whichever is higher; negative = by how much it falls short),
        breaks_red_line (issue ids where it crosses the actor's red line), durability
        (P(no relapse within 5 years) if signed, with the guarantors' guarantee levers pulled).
    """
    cols = ["proposal", "actor", "acceptable", "margin", "breaks_red_line", "durability"]
    if not scenario.proposals:
        return pd.DataFrame(columns=cols)
    world = compile_world(scenario)
    cal = resolve_calibration(scenario)
    space = sampling.input_space(scenario)
    entropy = int(np.random.SeedSequence(seed).entropy)  # type: ignore[arg-type]
    vals = sampling.by_name(space, space.quantiles(sampling.uniforms(space, n_draws, entropy, 0)))
    ids, n = world.actors, n_draws
    dr = DrawRates.of(cal, vals, n)  # fitted rates drawn per draw, as in the simulation
    dom = domestic.domestic_inputs(world.ratification, vals, n)

    def col(name: str) -> FloatArray:
        return column(vals, name)

    tol = np.column_stack([col(f"actors.{a}.domestic_tolerance") for a in ids])
    spoil = np.column_stack([col(f"actors.{a}.spoiler_capacity") for a in ids])
    cred = (
        np.column_stack([col(f"levers.{lv}.credibility") for lv in world.lever_ids])
        if world.lever_ids
        else np.zeros((n, 0))
    )
    deltas = (
        np.column_stack(
            [
                col(f"levers.{world.lever_ids[lv]}.effects.{j}.delta")
                for lv, j in _effect_numbers(world)
            ]
        )
        if len(world.effects.lever)
        else np.zeros((n, 0))
    )
    sides = world.sides
    p = col("war.p_first_prevails")
    H = col("war.horizon_months")
    side_ids = [ids[s] for s in sides]
    opt = np.column_stack([col(f"war.beliefs.{s}.optimism") for s in side_ids])
    hope = np.column_stack([col(f"war.beliefs.{s}.collapse_hope") for s in side_ids])
    cost = np.column_stack([col(f"war.beliefs.{s}.monthly_cost") for s in side_ids])
    seated = levers.brought_to_table(world, cred, deltas, np.full((n, len(world.lever_ids)), 0.5))
    rows = []
    for prop in scenario.proposals:
        x = proposal_package(world, prop)
        pulled = set(proposal_guarantee(scenario, prop))
        active = world.lever_active | np.array(
            [lid in pulled for lid in world.lever_ids], dtype=bool
        )
        # as of as_of every lever weighs by its credibility (its expected effect)
        no_deadline = np.full(len(world.lever_ids), NO_DEADLINE)
        w = levers.lever_weight(active, cred, no_deadline, np.zeros_like(cred), 0)
        eff = levers.lever_effects(world, w, deltas, H)
        trend = col("war.trend_per_month") + eff.trend
        perceived = trend[:, None] + eff.perceived_trend[:, sides] - eff.trend[:, None]
        bel = beliefs.believed_own_chance(
            np.column_stack([p, 1 - p]), opt + eff.optimism[:, sides], hope, H[:, None]
        )
        dist = (
            world.saliences[sides] * np.abs(world.ideals[sides][::-1] - world.ideals[sides])
        ).sum(axis=1)
        war = war_value(
            bel,
            perceived * np.array([1.0, -1.0]),
            H[:, None],
            dist[None],
            cost + eff.war_cost[:, sides],
        )
        shift = np.abs(trend) * 60.0
        r5 = durability.relapse_probability(
            5.0,
            durability.hazard_multiplier(eff.guarantee, shift, np.zeros(n), dr),
            np.ones(n),
            dr,
        )
        floors = (1.0 - tol) + r5[:, None] * cal.relapse_penalty - eff.deal_value
        floors[:, sides] = floor_utility(
            war,
            tol[:, sides],
            r5[:, None],
            cal.relapse_penalty,
            eff.deal_value[:, sides],
            domestic.accountability(dom, 0, H),  # as of as_of, as the simulation's month 0
            dom.side_margin(),
        )[0]
        u = package_utility(world.ideals, world.saliences, x)
        margin = u[None, :] - floors
        beyond = np.maximum((1.0 - tol[:, sides]) - u[sides][None, :], 0.0).max(axis=1)
        mult = durability.hazard_multiplier(eff.guarantee, shift, beyond, dr)
        impl = spoilers.implementation_probability(
            np.broadcast_to(u, tol.shape), tol, spoil, ~seated
        )
        dur = 1.0 - float(durability.relapse_probability(5.0, mult, impl, dr).mean())
        for k, aid in enumerate(ids):
            broken = [
                world.issues[d]
                for d in range(world.n_issues)
                if not (world.red_low[k, d] - 1e-9 <= x[d] <= world.red_high[k, d] + 1e-9)
            ]
            ok = (margin[:, k] >= 0).mean() >= 0.5 and not broken
            rows.append((prop.id, aid, bool(ok), float(np.median(margin[:, k])), broken, dur))
    return pd.DataFrame(rows, columns=cols)
