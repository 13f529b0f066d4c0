"""The scenario compiled to plain arrays: what stays fixed across draws and months.

The simulation never touches pydantic objects inside its loop. ``compile_world`` resolves
option ids to unit points, red lines to acceptable intervals and levers to effect tables once;
uncertain inputs are drawn separately (``sampling``) and bound to these arrays by index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from detente._typing import BoolArray, FloatArray, IntArray
from detente.dynamics.decision import DecisionHazard, decision_hazard
from detente.dynamics.ownership import OwnerSpec
from detente.dynamics.terms import DealTerms, compile_terms
from detente.errors import InvalidParameterError
from detente.models.feasibility import Rule, rules_of
from detente.models.table import PositionTable
from detente.models.utility import normalised_saliences
from detente.scenario.checks import free_terms
from detente.scenario.scales import IssueScale
from detente.scenario.schema import LEVER_QUANTITIES, Scenario
from detente.scenario.uncertain import ppf

__all__ = [
    "NO_DEADLINE",
    "QUANTITIES",
    "LeverSpec",
    "RatificationSpec",
    "World",
    "compile_world",
    "month_labels",
]

NO_DEADLINE = 2**31
"""Deadline month of a lever without a deadline (it never passes)."""

QUANTITIES = LEVER_QUANTITIES  # the scenario schema's list, in its order
"""Lever effect quantities, in the column order of ``LeverSpec.quantity``."""


@dataclass(frozen=True)
class LeverSpec:
    """One lever effect, flattened: (lever, effect) pairs in scenario order.

    Attributes
    ----------
    lever : (n_effects,) int
        Index of the lever in ``World.lever_ids``.
    target : (n_effects,) int
        Index of the target actor.
    quantity : (n_effects,) int
        Index into ``QUANTITIES``.
    mode : (n_effects,) int
        0 threat, 1 promise, 2 action.
    """

    lever: IntArray
    target: IntArray
    quantity: IntArray
    mode: IntArray


@dataclass(frozen=True)
class RatificationSpec:
    """The two sides' ratification instruments, flattened in scenario order.

    Attributes
    ----------
    side : (n,) int
        0 or 1: which of ``World.sides`` holds the instrument.
    vote : (n,) bool
        True for a vote on the deal (referendum, parliament), False for an election.
    month : (n,) int
        An election's month index (``NO_DEADLINE`` for a vote on the deal).
    margin, accountability : tuple of str or None
        The input names of each instrument's margin and accountability (None: not given).
    vote_sd : (n,) float
        Standard deviation of the vote's noise: the spread of the side's
        ``domestic_tolerance`` distribution (docs/dynamics.md, "Two-level games").
    """

    side: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    vote: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    month: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    margin: tuple[str | None, ...] = ()
    accountability: tuple[str | None, ...] = ()
    vote_sd: FloatArray = field(default_factory=lambda: np.zeros(0))

    @property
    def n(self) -> int:
        """Number of instruments."""
        return len(self.side)

    @property
    def n_votes(self) -> int:
        """Number of votes on the deal (the columns of the vote noise)."""
        return int(self.vote.sum())


@dataclass(frozen=True)
class World:
    """Fixed arrays of one scenario (axis order ``(n_actors, n_issues)``).

    Attributes
    ----------
    ideals, saliences : (n_actors, n_issues)
        Ideal points on [0, 1]; saliences normalised to sum to one per actor.
    red_low, red_high : (n_actors, n_issues)
        Acceptable interval set by red lines ([0, 1] where none).
    sides : (2,) int
        Rows of the two belligerents (side A first); they are the two veto players whose
        consent the monthly check models.
    veto, at_table : (n_actors,) bool
    ceasefire_issues : (n_issues,) bool
        Issues on the ceasefire track.
    status_quo : (n_issues,) float
        Status quo on [0, 1] (NaN where unknown).
    option_points : tuple
        Per issue, the ordinal option points (empty tuple for numeric issues).
    lever_active : (n_levers,) bool
    lever_deadline_month : (n_levers,) int
        Month index (0-based) in which the deadline falls (-1 if on or before ``as_of``, so
        already passed); ``NO_DEADLINE`` if none.
    effects : LeverSpec
    owners : tuple of OwnerSpec
        Outside parties whose consent some terms need (:mod:`~detente.dynamics.ownership`).
    veto_others : tuple of int
        Veto players other than the belligerents: seated, they consent to every issue.
    rules : tuple of Rule
        Feasibility constraints between issues (:mod:`~detente.models.feasibility`).
    firm_red_lines : tuple of (actor, issue, input name)
        Red lines that may be bargaining stances: real in a draw with their drawn firmness.
    deal_terms : DealTerms or None
        Provisions and power shifts of the terms (:mod:`~detente.dynamics.terms`).
    ratification : RatificationSpec
        The two sides' votes and elections on a deal (:mod:`~detente.dynamics.domestic`).
    decision : DecisionHazard or None
        The reference class's hazard of a military decision (:mod:`~detente.dynamics.decision`;
        None where the scenario does not give ``war.kind`` and ``war.started``).
    """

    scenario_id: str
    as_of: dt.date
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    scales: tuple[IssueScale, ...]
    ideals: FloatArray
    saliences: FloatArray
    red_low: FloatArray
    red_high: FloatArray
    sides: IntArray
    veto: BoolArray
    at_table: BoolArray
    ceasefire_issues: BoolArray
    status_quo: FloatArray
    option_points: tuple[tuple[float, ...], ...]
    lever_ids: tuple[str, ...]
    lever_kinds: tuple[str, ...]
    lever_active: BoolArray
    lever_deadline_month: IntArray
    effects: LeverSpec
    owners: tuple[OwnerSpec, ...] = ()
    veto_others: tuple[int, ...] = ()
    rules: tuple[Rule, ...] = ()
    firm_red_lines: tuple[tuple[int, int, str], ...] = ()
    deal_terms: DealTerms | None = None
    ratification: RatificationSpec = field(default_factory=RatificationSpec)
    decision: DecisionHazard | None = None

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actors)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issues)


def _months_between(start: dt.date, end: dt.date) -> int:
    """Index of the simulated month in which ``end`` falls (month 0 ends one month after start)."""
    return (
        (end.year - start.year) * 12
        + (end.month - start.month)
        - (1 if end.day <= start.day else 0)
    )


def month_labels(as_of: dt.date, n_months: int) -> tuple[str, ...]:
    """``YYYY-MM`` of the end of each simulated month (month k ends k+1 months after as_of)."""
    out = []
    for k in range(1, n_months + 1):
        m = as_of.month - 1 + k
        out.append(f"{as_of.year + m // 12:04d}-{m % 12 + 1:02d}")
    return tuple(out)


def compile_owners(
    scenario: Scenario, actors: tuple[str, ...], scales: tuple[IssueScale, ...]
) -> tuple[OwnerSpec, ...]:
    """Each (issue, owner) pair with the run of terms that need no consent from the owner."""
    out = []
    for d, (issue, sc) in enumerate(zip(scenario.issues, scales, strict=True)):
        for o in issue.owners:
            if sc.kind == "ordinal":
                free = free_terms(issue, sc, o)
                idx = [k for k, f in enumerate(free) if f]
                lo, hi = sc.option_points[idx[0]], sc.option_points[idx[-1]]
            else:
                lo = hi = sc.to_unit(issue.status_quo)  # type: ignore[arg-type]
            pos = scenario.positions.get(o.actor, {}).get(issue.id)
            stated = sc.to_unit(pos.stated) if pos is not None else float("nan")
            out.append(OwnerSpec(d, actors.index(o.actor), lo, hi, stated))
    return tuple(out)


def compile_world(scenario: Scenario) -> World:
    """Compile a validated scenario into a :class:`World`.

    Raises InvalidParameterError when the scenario has no ``war`` block (the simulation needs
    the alternative to a deal).
    """
    if scenario.war is None:
        msg = (
            f"scenario '{scenario.id}' has no `war` block (got none). Fix: add war.sides, "
            "p_first_prevails, trend/volatility, horizon and beliefs to simulate it."
        )
        raise InvalidParameterError(msg)
    table = PositionTable.from_scenario(scenario)  # the same arrays every model reads
    actors, issues, scales = table.actors, table.issues, table.scales
    ideals, sal = table.positions, table.saliences
    n_a, n_i = len(actors), len(issues)
    lo = table.acceptable_low if table.acceptable_low is not None else np.zeros((n_a, n_i))
    hi = table.acceptable_high if table.acceptable_high is not None else np.ones((n_a, n_i))
    sq = table.reference if table.reference is not None else np.full(len(issues), np.nan)
    lev, tgt, qty, mode = [], [], [], []
    modes = {"threat": 0, "promise": 1, "action": 2}
    for li, lv in enumerate(scenario.levers):
        for e in lv.effects:
            lev.append(li)
            tgt.append(actors.index(e.target))
            qty.append(QUANTITIES.index(e.quantity))
            mode.append(modes[lv.mode])
    deadlines = np.array(
        [
            NO_DEADLINE if lv.deadline is None else _months_between(scenario.as_of, lv.deadline)
            for lv in scenario.levers
        ],
        dtype=np.int64,
    )
    sides = np.array([actors.index(s) for s in scenario.war.sides], dtype=np.int64)
    return World(
        scenario_id=scenario.id,
        as_of=scenario.as_of,
        actors=actors,
        issues=issues,
        scales=scales,
        ideals=ideals,
        saliences=normalised_saliences(sal),
        red_low=lo,
        red_high=hi,
        sides=sides,
        veto=np.array([a.veto for a in scenario.actors]),
        at_table=np.array([a.at_table for a in scenario.actors]),
        ceasefire_issues=np.array([i.track == "ceasefire" for i in scenario.issues]),
        status_quo=sq,
        option_points=tuple(s.option_points for s in scales),
        lever_ids=tuple(lv.id for lv in scenario.levers),
        lever_kinds=tuple(lv.kind for lv in scenario.levers),
        lever_active=np.array([lv.active for lv in scenario.levers], dtype=bool),
        lever_deadline_month=deadlines,
        effects=LeverSpec(
            np.array(lev, dtype=np.int64),
            np.array(tgt, dtype=np.int64),
            np.array(qty, dtype=np.int64),
            np.array(mode, dtype=np.int64),
        ),
        owners=compile_owners(scenario, actors, scales),
        veto_others=tuple(
            k
            for k, a in enumerate(scenario.actors)
            if a.veto and a.id not in scenario.war.sides and a.id in scenario.positions
        ),
        rules=rules_of(scenario, scales),
        firm_red_lines=tuple(
            (actors.index(aid), issues.index(iid), f"positions.{aid}.{iid}.red_line.firmness")
            for aid, row in scenario.positions.items()
            for iid, pos in row.items()
            if pos.red_line is not None and pos.red_line.firmness is not None
        ),
        deal_terms=compile_terms(scenario, scales),
        ratification=_ratification(scenario),
        decision=decision_hazard(scenario.war.kind, scenario.war.started, scenario.as_of),
    )


def _spread(dist: object) -> float:
    """Standard deviation of a distribution, from 1,000 evenly spaced quantiles."""
    u = (np.arange(1000) + 0.5) / 1000
    return float(np.std(ppf(dist, u)))  # type: ignore[arg-type]


def _ratification(scenario: Scenario) -> RatificationSpec:
    """The instruments of the war's two sides (others change no simulated floor or vote)."""
    assert scenario.war is not None
    side, vote, month, margin, acc, sd = [], [], [], [], [], []
    for k, sid in enumerate(scenario.war.sides):
        a = scenario.actor(sid)
        for j, r in enumerate(a.ratification):
            side.append(k)
            vote.append(r.instrument != "election")
            month.append(
                _months_between(scenario.as_of, r.date)
                if r.instrument == "election" and r.date is not None
                else NO_DEADLINE
            )
            stem = f"actors.{sid}.ratification.{j}."
            margin.append(stem + "margin" if r.margin is not None else None)
            acc.append(stem + "accountability" if r.accountability is not None else None)
            sd.append(_spread(a.domestic_tolerance))
    return RatificationSpec(
        np.array(side, dtype=np.int64),
        np.array(vote, dtype=bool),
        np.array(month, dtype=np.int64),
        tuple(margin),
        tuple(acc),
        np.array(sd, dtype=float),
    )
