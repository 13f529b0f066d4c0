r"""Packages that can exist: the scenario's constraints between options, on the unit scale.

A rule reads "a deal whose term on issue *w* lies in :math:`W` must have its term on issue *t*
in :math:`T`" (a reassurance force means foreign forces on the ground). A package :math:`x`
is feasible iff for every rule :math:`x_w \notin W \lor x_t \in T`. The feasible set is a
union of boxes, which is what lets the two-party Nash search stay exact
(:func:`branches`): where a box's Nash point breaks a rule, the optimum over the feasible
part of the box lies in one of the boxes that keep :math:`x_w` out of :math:`W` or put
:math:`x_t` in :math:`T`, so the search recurses on those and keeps the best.

Every set is stored as *pieces*: closed unit-scale intervals; for an ordinal issue, each piece
spans a run of consecutive options, so "inside a piece" is "one of those options".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from detente._typing import BoolArray, FloatArray, IntArray
from detente.scenario.scales import IssueScale

if TYPE_CHECKING:
    from detente.scenario.schema import Scenario

__all__ = [
    "Pieces",
    "Rule",
    "compile_rule",
    "condition_pieces",
    "first_violated",
    "inside",
    "project",
    "rules_of",
]

Pieces = tuple[tuple[float, float], ...]
"""Closed intervals on [0, 1] whose union is a set of terms."""

_EPS = 1e-9


@dataclass(frozen=True)
class Rule:
    """One compiled constraint.

    Attributes
    ----------
    id : str
    when_issue, then_issue : int
        Issue indices.
    when, not_when, then : Pieces
        The terms that bring the rule into force, their complement, and the required terms.
    """

    id: str
    when_issue: int
    when: Pieces
    not_when: Pieces
    then_issue: int
    then: Pieces


def _option_runs(scale: IssueScale, chosen: Sequence[bool]) -> Pieces:
    runs: list[tuple[float, float]] = []
    start: int | None = None
    for k, on in enumerate([*chosen, False]):
        if on and start is None:
            start = k
        elif not on and start is not None:
            runs.append((scale.option_points[start], scale.option_points[k - 1]))
            start = None
    return tuple(runs)


def condition_pieces(
    scale: IssueScale,
    options: Sequence[str] | None,
    at_least: float | None,
    at_most: float | None,
) -> tuple[Pieces, Pieces]:
    """A condition's pieces and its complement's, on ``scale``'s unit interval."""
    if scale.kind == "ordinal":
        chosen = [o in set(options or ()) for o in scale.option_ids]
        return _option_runs(scale, chosen), _option_runs(scale, [not c for c in chosen])
    lo = 0.0 if at_least is None else scale.to_unit(at_least)
    hi = 1.0 if at_most is None else scale.to_unit(at_most)
    inner: Pieces = ((lo, hi),) if lo <= hi else ()
    outer: list[tuple[float, float]] = []
    if lo > 1e-6:
        outer.append((0.0, lo - 1e-6))
    if hi < 1.0 - 1e-6:
        outer.append((hi + 1e-6, 1.0))
    return inner, tuple(outer)


def compile_rule(
    rule_id: str,
    scales: Sequence[IssueScale],
    issue_ids: Sequence[str],
    when: tuple[str, Sequence[str] | None, float | None, float | None],
    then: tuple[str, Sequence[str] | None, float | None, float | None],
) -> Rule:
    """Compile a rule given as ``(issue id, options, at_least, at_most)`` for each side."""
    w, t = list(issue_ids).index(when[0]), list(issue_ids).index(then[0])
    w_in, w_out = condition_pieces(scales[w], *when[1:])
    t_in, _ = condition_pieces(scales[t], *then[1:])
    return Rule(rule_id, w, w_in, w_out, t, t_in)


def inside(values: FloatArray, pieces: Pieces) -> BoolArray:
    """Elementwise: does each value lie in one of the pieces?"""
    v = np.asarray(values, dtype=float)
    out = np.zeros(v.shape, dtype=bool)
    for lo, hi in pieces:
        out |= (v >= lo - _EPS) & (v <= hi + _EPS)
    return out


def first_violated(packages: FloatArray, rules: Sequence[Rule]) -> IntArray:
    """Index of the first rule each package breaks (-1: none; NaN packages break none)."""
    x = np.asarray(packages, dtype=float)
    out = np.full(x.shape[:-1], -1, dtype=np.int64)
    for k in range(len(rules) - 1, -1, -1):
        r = rules[k]
        bad = inside(x[..., r.when_issue], r.when) & ~inside(x[..., r.then_issue], r.then)
        out = np.where(bad, k, out)
    return out


def _nearest_in(value: float, pieces: Pieces, points: Sequence[float]) -> float | None:
    """The point of ``pieces`` nearest ``value`` (an option point on ordinal issues)."""
    if points:
        cand = [p for p in points if inside(np.array([p]), pieces)[0]]
    else:
        cand = [min(max(value, lo), hi) for lo, hi in pieces]
    if not cand:
        return None
    return float(min(cand, key=lambda p: abs(p - value)))


def project(
    package: FloatArray,
    rules: Sequence[Rule],
    cost: FloatArray,
    option_points: Sequence[Sequence[float]],
) -> tuple[FloatArray, list[str]]:
    """The nearest feasible package to a model's prediction, and what was moved.

    Greedy repair: while a rule is broken, take the cheaper of its two repairs — move the
    ``when`` issue out of its set, or move the ``then`` issue into its set — where the cost of
    moving issue *d* by :math:`\\Delta` is :math:`c_d|\\Delta|` (``cost``: the weight the
    actors put on the issue). Stops after ``2 * len(rules)`` repairs.
    """
    x = np.asarray(package, dtype=float).copy()
    notes: list[str] = []
    for _ in range(2 * len(rules)):
        k = int(first_violated(x[None], rules)[0])
        if k < 0:
            break
        r = rules[k]
        fixes = []
        for issue, pieces in ((r.when_issue, r.not_when), (r.then_issue, r.then)):
            target = _nearest_in(float(x[issue]), pieces, option_points[issue])
            if target is not None:
                fixes.append((float(cost[issue]) * abs(target - x[issue]), issue, target))
        if not fixes:
            notes.append(f"rule {r.id} cannot be met")
            break
        _, issue, target = min(fixes)
        x[issue] = target
        notes.append(f"rule {r.id}: moved issue #{issue} to {target:.3g} (unit scale)")
    return x, notes


def rules_of(scenario: Scenario, scales: Sequence[IssueScale]) -> tuple[Rule, ...]:
    """A scenario's constraints, compiled on its issues' unit scales."""
    ids = [i.id for i in scenario.issues]
    return tuple(
        compile_rule(
            r.id,
            scales,
            ids,
            (r.when.issue, r.when.options, r.when.at_least, r.when.at_most),
            (r.then.issue, r.then.options, r.then.at_least, r.then.at_most),
        )
        for r in scenario.constraints
    )
