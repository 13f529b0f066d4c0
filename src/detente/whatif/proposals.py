"""Scoring named proposals: who would sign each, when, why not, and how durable it would be.

The report's "proposals scorecard" asks the simulation's own question. The month loop runs
with a :class:`~detente.dynamics.probe.Probe` that, each month, puts every named proposal to
both belligerents with that month's bottom lines, floors and coupling:

- a proposal naming only ceasefire-track issues is *interim*: judged on the ceasefire track
  alone (its named terms inside the side's interval, and the side's coupling willingness, the
  month loop's ceasefire rule), the settlement track left open;
- any other proposal is a settlement: its named terms inside the side's interval, and the
  issues it leaves open negotiated — the side signs if some completion inside the two sides'
  joint intervals reaches its floor.

Open issues are never filled with today's status quo: a 30-day ceasefire is not a permanent
settlement. Actors without a war value (mediator, guarantors, stakeholders) accept what they
like at least as much as their bottom line on every named issue
(:func:`~detente.dynamics.agreement.third_party_accepts`). Each proposal is run with its
guarantors' guarantee levers pulled, as when it is tabled alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente._typing import BoolArray, FloatArray
from detente.dynamics import agreement, durability, levers, ownership, sampling, spoilers
from detente.dynamics.calibration import CalibrationValues, DrawRates, resolve_calibration
from detente.dynamics.engine import _effect_numbers, column, run_chunk
from detente.dynamics.noise import Noise
from detente.dynamics.probe import REASONS, Probe
from detente.dynamics.spec import RunSpec
from detente.dynamics.world import NO_DEADLINE, World, compile_world, month_labels
from detente.models.utility import package_utility
from detente.scenario.schema import Proposal, Scenario
from detente.whatif.precision import Precision
from detente.whatif.rerun import Z90

__all__ = [
    "COLUMNS",
    "authors",
    "evaluate_proposals",
    "proposal_acceptance_by_month",
    "proposal_guarantee",
    "proposal_package",
    "proposal_track",
    "scorecard_draws",
    "scorecard_precision",
]

COLUMNS = [
    "proposal",
    "actor",
    "track",
    "acceptable",
    "p_accept",
    "p_accept_end",
    "reason",
    "binding_issue",
    "margin",
    "breaks_red_line",
    "durability",
]
"""The scorecard's columns, in order (``evaluate_proposals``)."""

BY_MONTH_COLUMNS = ["proposal", "actor", "month", "p_accept"]


def proposal_package(world: World, proposal: Proposal) -> FloatArray:
    """The proposal's named terms on the unit scale, NaN on every issue it leaves open."""
    x = np.full(world.n_issues, np.nan)
    for k, (iid, sc) in enumerate(zip(world.issues, world.scales, strict=True)):
        if iid in proposal.terms:
            x[k] = sc.to_unit(proposal.terms[iid])
    return x


def proposal_track(world: World, proposal: Proposal) -> str:
    """``ceasefire`` for an interim proposal (ceasefire-track terms only), else ``settlement``."""
    interim = agreement.is_interim(proposal_package(world, proposal), world.ceasefire_issues)
    return "ceasefire" if interim else "settlement"


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


def authors(scenario: Scenario, proposal: Proposal) -> list[str]:
    """The proposal's authors among the scenario's actors (``Proposal.authors``)."""
    known = {a.id for a in scenario.actors}
    return [a for a in proposal.authors if a in known]


def _consents(
    world: World, vals: dict[str, FloatArray], k: int, package: FloatArray, n: int
) -> tuple[BoolArray, np.ndarray, np.ndarray]:
    """An outside actor's verdict under the simulation's rule (:mod:`~detente.dynamics.ownership`).

    It has a say only on the named terms that need its consent (terms of issues it owns beyond
    what needs no consent; every named term if it is a veto player): each must lie in the terms
    it allows — its public offer, and, at the table, what it likes at least as much as its
    bottom line. Holding no such term, it accepts (reason ``holds_no_term``), as in the
    simulation, where its preferences do not bind there.
    """
    x = np.asarray(package, dtype=float)
    named = ~np.isnan(x)
    mine = tuple(o for o in world.owners if o.actor == k)
    veto = (k,) if k in world.veto_others else ()
    held = np.zeros(world.n_issues, dtype=bool)
    for o in mine:
        held[o.issue] |= bool(
            named[o.issue] and not (o.free_low - 1e-9 <= x[o.issue] <= o.free_high + 1e-9)
        )
    if veto:
        held |= named
    ok = np.ones(n, dtype=bool)
    reason = np.full(n, REASONS.index("holds_no_term"), dtype=np.int64)
    issue = np.full(n, -1, dtype=np.int64)
    if not held.any():
        return ok, reason, issue
    bottom = {
        (k, int(d)): column(vals, f"positions.{world.actors[k]}.{world.issues[d]}.bottom_line")
        for d in sorted({int(d) for d in np.flatnonzero(held)} | {o.issue for o in mine})
    }
    seated = np.broadcast_to(world.at_table, (n, world.n_actors))
    lo, hi = ownership.allowed_terms(
        n,
        world.n_issues,
        mine,
        veto,
        seated,
        world.ideals,
        bottom,
        world.red_low[None],
        world.red_high[None],
        world.option_points,
    )
    reason[:] = REASONS.index("accepted")
    for d in np.flatnonzero(held):
        out = (x[d] < lo[:, d] - 1e-9) | (x[d] > hi[:, d] + 1e-9)
        first = out & ok
        beyond_red = not (world.red_low[k, d] - 1e-9 <= x[d] <= world.red_high[k, d] + 1e-9)
        reason[first] = REASONS.index("red_line" if beyond_red else "bottom_line")
        issue[first] = d
        ok &= ~out
    return ok, reason, issue


def scorecard_draws(n_draws: int, half_width: float) -> int:
    """Draws for a 90% half-width ≤ ``half_width`` on every P(accept), at most ``n_draws``.

    A proportion's standard error is at most :math:`0.5/\\sqrt n`, so
    :math:`n = \\lceil (z_{0.95}\\cdot 0.5/h)^2 \\rceil` suffices whatever the chances are
    (1,691 draws for ±2 points): the same precision rule as the what-ifs, known in advance.
    """
    need = int(np.ceil((Z90 * 0.5 / half_width) ** 2))
    return max(1, min(n_draws, need))


def scorecard_precision(scorecard: pd.DataFrame, n_draws: int, half_width: float) -> Precision:
    """The precision the scorecard reached: the widest 90% half-width of its P(accept)."""
    p = scorecard["p_accept"].to_numpy(dtype=float) if len(scorecard) else np.zeros(0)
    got = float(Z90 * np.sqrt(p * (1 - p) / max(n_draws, 1)).max()) if p.size else float("nan")
    return Precision("proposals", n_draws, half_width, got, 0)


def proposal_acceptance_by_month(scorecard: pd.DataFrame) -> pd.DataFrame:
    """P(accept) of every proposal × actor in each simulated month (``evaluate_proposals``)."""
    by = scorecard.attrs.get("by_month")
    return by if isinstance(by, pd.DataFrame) else pd.DataFrame(columns=BY_MONTH_COLUMNS)


def evaluate_proposals(
    scenario: Scenario,
    *,
    n_draws: int = RunSpec.n_draws,
    seed: int | None = RunSpec.seed,
    n_months: int = RunSpec.n_months,
    chunk_size: int = RunSpec.chunk_size,
) -> pd.DataFrame:
    """Score every named proposal for every actor, month by month, with the simulation's rule.

    Returns
    -------
    DataFrame
        ``COLUMNS``: proposal, actor, track ("ceasefire" for an interim proposal, else
        "settlement"), acceptable (P(accept) ≥ 0.5 in the first month), p_accept (first
        month), p_accept_end (last simulated month), reason and binding_issue (the modal
        binding reason among ``probe.REASONS`` in the first month, and its modal issue;
        "accepted" with no issue when it signs), margin (belligerents: median over draws of
        the best completion's utility minus the floor, NaN for an interim proposal, which the
        simulation judges without floors; others: the salience-weighted slack on the tightest
        named issue), breaks_red_line (named issues beyond the actor's red line), durability
        (P(no relapse within 5 years) if signed: a settlement with its open issues at the
        two sides' split-the-difference point, an interim proposal as the simulation's
        ceasefires). ``attrs["by_month"]``: P(accept) in every month
        (``proposal_acceptance_by_month``).
    """
    if not scenario.proposals:
        out = pd.DataFrame(columns=COLUMNS)
        out.attrs["by_month"] = pd.DataFrame(columns=BY_MONTH_COLUMNS)
        return out
    world = compile_world(scenario)
    cal = resolve_calibration(scenario)
    space = sampling.input_space(scenario)
    entropy = int(np.random.SeedSequence(seed).entropy)  # type: ignore[arg-type]
    props = list(scenario.proposals)
    pkgs = np.stack([proposal_package(world, p) for p in props])
    n_p, n_a, n_i = len(props), world.n_actors, world.n_issues
    sides = world.sides
    others = [k for k in range(n_a) if k not in set(sides.tolist())]
    groups: dict[frozenset[str], list[int]] = {}
    for j, prop in enumerate(props):
        groups.setdefault(frozenset(proposal_guarantee(scenario, prop)), []).append(j)
    n_r = len(REASONS)
    p_sum = np.zeros((n_p, n_months, n_a))  # summed chance of signing
    why = np.zeros((n_p, n_a, n_r, n_i + 1))  # month-0 weight of (reason, issue)
    margins: list[FloatArray] = []  # (m, n_p, n_a) month-0 margins per chunk
    dur_sum = np.zeros(n_p)
    for c, first in enumerate(range(0, n_draws, chunk_size)):
        m = min(chunk_size, n_draws - first)
        vals = dict(
            sampling.by_name(space, space.quantiles(sampling.uniforms(space, m, entropy, c)))
        )
        noise = Noise.for_world(world, entropy, c, m, n_months)
        marg = np.full((m, n_p, n_a), np.nan)
        for pulled, js in groups.items():
            active = world.lever_active | np.array(
                [lv in pulled for lv in world.lever_ids], dtype=bool
            )
            probe = Probe(pkgs[js], world.ceasefire_issues)
            run_chunk(
                world,
                vals,
                cal,
                n_months,
                noise,
                active=np.broadcast_to(active, (m, len(active))).copy(),
                probe=probe,
            )
            chance = probe.accepted * probe.willing  # (m, n_months, len(js), 2)
            got = chance.sum(axis=0).transpose(1, 0, 2)  # (len(js), n_months, 2)
            for q, j in enumerate(js):
                p_sum[j][:, sides] += got[q]
                for s, k in enumerate(sides):
                    _add_reasons(why[j, k], probe, q, s, n_i)
            marg[:, js, :] = _put_sides(marg[:, js, :], probe.margin[:, 0], sides)
            for j in js:
                dur_sum[j] += m * _durability(world, cal, vals, pkgs[j], active, m)
        for k in others:
            bottom = np.column_stack(
                [column(vals, f"positions.{world.actors[k]}.{i}.bottom_line") for i in world.issues]
            )
            for j in range(n_p):
                ok, reason, issue = _consents(world, vals, k, pkgs[j], m)
                p_sum[j, :, k] += ok.sum()
                np.add.at(why[j, k], (reason, np.where(issue < 0, n_i, issue)), 1.0)
                # how the named terms sit with its preferences, held or not (the margin column)
                _, _, _, marg[:, j, k] = agreement.third_party_accepts(
                    pkgs[j],
                    world.ideals[k],
                    bottom,
                    world.red_low[k],
                    world.red_high[k],
                    world.saliences[k],
                )
        margins.append(marg)
    margin = np.concatenate(margins)
    p_accept = p_sum / n_draws
    labels = month_labels(world.as_of, n_months)
    rows, by_month = [], []
    for j, prop in enumerate(props):
        track = (
            "ceasefire" if agreement.is_interim(pkgs[j], world.ceasefire_issues) else "settlement"
        )
        for k, aid in enumerate(world.actors):
            r, d = np.unravel_index(int(np.argmax(why[j, k])), why[j, k].shape)
            broken = [
                world.issues[d]
                for d in np.flatnonzero(~np.isnan(pkgs[j]))
                if not (world.red_low[k, d] - 1e-9 <= pkgs[j, d] <= world.red_high[k, d] + 1e-9)
            ]
            mk = margin[:, j, k]
            rows.append(
                (
                    prop.id,
                    aid,
                    track,
                    bool(p_accept[j, 0, k] >= 0.5),
                    float(p_accept[j, 0, k]),
                    float(p_accept[j, -1, k]),
                    REASONS[int(r)],
                    world.issues[int(d)] if int(d) < n_i and r != 0 else None,
                    float(np.median(mk)) if np.isfinite(mk).any() else float("nan"),
                    broken,
                    float(dur_sum[j] / n_draws),
                )
            )
            by_month += [
                (prop.id, aid, labels[t], float(p_accept[j, t, k])) for t in range(n_months)
            ]
    out = pd.DataFrame(rows, columns=COLUMNS)
    out.attrs["by_month"] = pd.DataFrame(by_month, columns=BY_MONTH_COLUMNS)
    return out


def _put_sides(block: FloatArray, side_margin: FloatArray, sides: np.ndarray) -> FloatArray:
    """``block`` (m, n_js, n_a) with the two sides' columns set from (m, n_js, 2)."""
    block = block.copy()
    block[:, :, sides] = side_margin
    return block


def _add_reasons(acc: FloatArray, probe: Probe, q: int, s: int, n_i: int) -> None:
    """Add month 0's (reason, issue) weights of package ``q``, side ``s`` into ``acc`` (in place).

    A side whose terms pass signs with its willingness; the rest of its weight is the coupling.
    """
    ok, will = probe.accepted[:, 0, q, s], probe.willing[:, 0, q, s].astype(float)
    reason, issue = probe.reason[:, 0, q, s].astype(int), probe.issue[:, 0, q, s].astype(int)
    col = np.where(issue < 0, n_i, issue)
    np.add.at(acc, (np.zeros_like(reason)[ok], np.full(int(ok.sum()), n_i)), will[ok])
    coupled = ok & (will < 1.0)
    np.add.at(acc, (reason[coupled], col[coupled]), 1.0 - will[coupled])
    np.add.at(acc, (reason[~ok], col[~ok]), 1.0)


def _durability(
    world: World,
    cal: CalibrationValues,
    vals: dict[str, FloatArray],
    x: FloatArray,
    active: BoolArray,
    n: int,
) -> float:
    """Mean P(no relapse within 5 years) of the proposal if signed now, with its levers pulled.

    Levers weigh by their credibility (their expected effect as of ``as_of``). A settlement's
    open issues sit at the split-the-difference point of the joint intervals
    (``completed_package``); an interim proposal holds as the simulation's ceasefires do
    (the ceasefire hazard ratio, no public or spoiler term).
    """
    ids, sides = world.actors, world.sides
    dr = DrawRates.of(cal, vals, n)
    cred = (
        np.column_stack([column(vals, f"levers.{lv}.credibility") for lv in world.lever_ids])
        if world.lever_ids
        else np.zeros((n, 0))
    )
    deltas = (
        np.column_stack(
            [
                column(vals, f"levers.{world.lever_ids[lv]}.effects.{j}.delta")
                for lv, j in _effect_numbers(world)
            ]
        )
        if len(world.effects.lever)
        else np.zeros((n, 0))
    )
    no_deadline = np.full(len(world.lever_ids), NO_DEADLINE)
    w = levers.lever_weight(active, cred, no_deadline, np.zeros_like(cred), 0)
    H = column(vals, "war.horizon_months")
    eff = levers.lever_effects(world, w, deltas, H)
    shift = np.abs(column(vals, "war.trend_per_month") + eff.trend) * 60.0
    if agreement.is_interim(x, world.ceasefire_issues):
        mult = dr.ceasefire_hazard_ratio * durability.hazard_multiplier(
            eff.guarantee, shift, np.zeros(n), dr
        )
        return 1.0 - float(durability.relapse_probability(5.0, mult, np.ones(n), dr).mean())
    tol = np.column_stack([column(vals, f"actors.{a}.domestic_tolerance") for a in ids])
    spoil = np.column_stack([column(vals, f"actors.{a}.spoiler_capacity") for a in ids])
    seated = levers.brought_to_table(world, cred, deltas, np.full((n, len(world.lever_ids)), 0.5))
    bottom = np.stack(
        [
            np.column_stack(
                [column(vals, f"positions.{ids[s]}.{i}.bottom_line") for i in world.issues]
            )
            for s in sides
        ],
        axis=1,
    )
    iv = agreement.admissible_intervals(
        world.ideals[sides],
        bottom,
        world.red_low[sides],
        world.red_high[sides],
        world.option_points,
    )
    full = completed_package(world, x, iv)
    u = package_utility(world.ideals, world.saliences, full)  # (n, n_actors)
    beyond = np.maximum((1.0 - tol[:, sides]) - u[:, sides], 0.0).max(axis=1)
    mult = durability.hazard_multiplier(eff.guarantee, shift, beyond, dr)
    impl = spoilers.implementation_probability(u, tol, spoil, ~seated)
    return 1.0 - float(durability.relapse_probability(5.0, mult, impl, dr).mean())


def completed_package(world: World, x: FloatArray, iv: agreement.Intervals) -> FloatArray:
    """(n, n_issues) packages: named terms, open issues at the two sides' split-the-difference.

    The midpoint of the two belligerents' ideals clipped to the joint interval (nearest option
    if ordinal), as ``agreement.floor_blame`` reads a neutral deal; where the joint interval is
    empty, the issue's status quo (else the ideals' midpoint): what holds while it is contested.
    """
    a, b = world.sides
    named = ~np.isnan(x)
    jl, jh = iv.joint_low, iv.joint_high
    mid = 0.5 * (np.clip(world.ideals[a], jl, jh) + np.clip(world.ideals[b], jl, jh))
    neutral = np.where(
        np.isnan(world.status_quo), 0.5 * (world.ideals[a] + world.ideals[b]), world.status_quo
    )
    out = np.where(named[None], np.where(named, x, 0.0)[None], np.where(iv.issue_ok, mid, neutral))
    for d, sc in enumerate(world.scales):
        if sc.option_points and not named[d]:
            pts = np.asarray(sc.option_points)
            out[:, d] = pts[np.abs(out[:, d, None] - pts[None]).argmin(axis=1)]
    return np.asarray(out, dtype=float)
