"""The monthly agreement check: is there a zone of agreement, on what terms, and what blocks it.

The exact two-party reduction lives in :mod:`detente.models.nash.two_party` (tested there against
the full package-space Nash model); this module prepares its inputs from per-draw bottom lines
and red lines, and attributes each failure to a constraint (kind, actor, issue) for the
``blockers`` table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente._typing import BoolArray, FloatArray
from detente.dynamics import kernels
from detente.models.feasibility import Rule, first_violated
from detente.models.nash.two_party import TwoPartyZopa, zopa_two_party
from detente.models.nash.two_party_quadratic import zopa_two_party_quadratic
from detente.models.utility import issue_loss, package_utility

__all__ = [
    "Intervals",
    "admissible_intervals",
    "check_agreement",
    "could_agree",
    "floor_blame",
    "interval_blame",
    "is_interim",
    "package_ceasefire_ok",
    "restrict_to_terms",
    "third_party_accepts",
]


@dataclass(frozen=True)
class Intervals:
    """Per-draw acceptable intervals of the two sides.

    Attributes
    ----------
    low, high : (n_draws, 2, n_issues)
        Each side's interval (red line ∩ bottom line).
    joint_low, joint_high : (n_draws, n_issues)
        Their intersection.
    issue_ok : (n_draws, n_issues) bool
        True where the intersection holds an admissible point (an option, if ordinal).
    """

    low: FloatArray
    high: FloatArray
    joint_low: FloatArray
    joint_high: FloatArray
    issue_ok: BoolArray


def admissible_intervals(
    ideals: FloatArray,
    bottom: FloatArray,
    red_low: FloatArray,
    red_high: FloatArray,
    option_points: tuple[tuple[float, ...], ...],
    within: tuple[FloatArray, FloatArray] | None = None,
) -> Intervals:
    """Acceptable intervals from bottom lines and red lines.

    Parameters
    ----------
    ideals : (2, n_issues)
    bottom : (n_draws, 2, n_issues) sampled bottom lines on [0, 1]
    red_low, red_high : (2, n_issues), or (n_draws, 2, n_issues) where red lines are drawn
    option_points : per issue, option points (empty for numeric)
    within : (low, high), each (n_draws, n_issues), optional
        Terms ownership allows: the joint intervals are intersected with them; each side's own
        interval is left as it is, so blame still reads what each side would accept.

    Notes
    -----
    A side concedes towards its rival's ideal, down to its bottom line:
    :math:`[0, \\max(b, \\hat x)]` if the rival's ideal lies above its own, else
    :math:`[\\min(b, \\hat x), 1]`; then intersected with its red lines. Stated positions
    are opening offers, not bottom lines (Charap & Radchenko 2025), so only bottom lines bind.
    """
    lo, hi, jl, jh, ok = kernels.interval_arrays(
        ideals, bottom, red_low, red_high, option_points, within
    )
    return Intervals(lo, hi, jl, jh, ok)


def check_agreement(
    ideals: FloatArray,
    saliences: FloatArray,
    intervals: Intervals,
    rows: np.ndarray,
    floors: FloatArray,
    weights: FloatArray,
    option_points: tuple[tuple[float, ...], ...],
    want_deal: BoolArray | None = None,
    rules: tuple[Rule, ...] = (),
    utility: str = "linear",
) -> tuple[BoolArray, FloatArray]:
    """ZOPA and Nash deal for the draws ``rows`` (those whose intervals all hold a point).

    ``utility`` picks the loss: linear (the exact search of
    :mod:`~detente.models.nash.two_party`) or quadratic
    (:mod:`~detente.models.nash.two_party_quadratic`).

    With feasibility ``rules`` the deal is the Nash point over the packages that satisfy them
    (found for every row, since a ZOPA in the box may hold no feasible point).

    ``want_deal`` (one flag per row) limits the Nash point to the rows that need it — those
    that sign this month; ``exists`` is computed for every row regardless.

    Returns
    -------
    exists : (len(rows),) bool
    deal : (len(rows), n_issues) unit-scale Nash point (NaN where none)
    """
    n_i = ideals.shape[-1]
    exists = np.zeros(len(rows), dtype=bool)
    deal = np.full((len(rows), n_i), np.nan)
    if len(rows) == 0:
        return exists, deal
    lo, hi = intervals.joint_low[rows], intervals.joint_high[rows]
    maybe = np.flatnonzero(
        could_agree(ideals, saliences, lo, hi, floors[rows], option_points, utility)
    )
    if maybe.size == 0:
        return exists, deal
    opts = tuple(p if p else None for p in option_points)
    box = (ideals, saliences, lo[maybe], hi[maybe], floors[rows][maybe], weights[rows][maybe], opts)
    if rules:
        ex, dl, _ = _solve_with_rules(*box, tuple(rules), 2 * len(rules), utility)
    else:
        want = None if want_deal is None else np.asarray(want_deal, dtype=bool)[maybe]
        z = _zopa(utility, *box, want)
        ex, dl = np.asarray(z.exists, dtype=bool), np.asarray(z.deal, dtype=float)
    exists[maybe], deal[maybe] = ex, dl
    return exists, deal


def _zopa(
    utility: str,
    ideals: FloatArray,
    saliences: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    floors: FloatArray,
    weights: FloatArray,
    opts: tuple[tuple[float, ...] | None, ...],
    want: BoolArray | None = None,
) -> TwoPartyZopa:
    """The two-party search for ``utility`` (no blocking table: the simulation blames itself)."""
    if utility == "quadratic":
        return zopa_two_party_quadratic(
            ideals, saliences, lo, hi, floors, weights, opts, want_deal=want
        )
    return zopa_two_party(
        ideals, saliences, lo, hi, floors, weights, opts, want_deal=want, with_blocking=False
    )


def _nash_value(
    ideals: FloatArray,
    saliences: FloatArray,
    deal: FloatArray,
    floors: FloatArray,
    weights: FloatArray,
    utility: str = "linear",
) -> FloatArray:
    """The weighted Nash product's log at each deal (-inf where none)."""
    u = package_utility(ideals, saliences, np.nan_to_num(deal, nan=0.5), utility)
    gain = np.maximum(u - floors, 1e-300)
    w = weights / weights.sum(axis=1, keepdims=True)
    v = (w * np.log(gain)).sum(axis=1)
    return np.asarray(np.where(np.isnan(deal).any(axis=1), -np.inf, v), dtype=float)


def _solve_with_rules(
    ideals: FloatArray,
    saliences: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    floors: FloatArray,
    weights: FloatArray,
    opts: tuple[tuple[float, ...] | None, ...],
    rules: tuple[Rule, ...],
    depth: int,
    utility: str = "linear",
) -> tuple[BoolArray, FloatArray, FloatArray]:
    """Exact Nash point over the feasible part of each box (see :mod:`~detente.models.feasibility`).

    Solve the box; where its Nash point breaks a rule, solve the boxes that keep the rule's
    ``when`` issue outside its set or put its ``then`` issue inside, and keep the best of them
    (the feasible set is their union). ``depth`` bounds the recursion; rows still breaking a
    rule at depth 0 are given no deal (never an infeasible one).
    """
    z = _zopa(utility, ideals, saliences, lo, hi, floors, weights, opts)
    exists = np.asarray(z.exists, dtype=bool).copy()
    deal = np.asarray(z.deal, dtype=float).copy()
    deal[~exists] = np.nan
    value = _nash_value(ideals, saliences, deal, floors, weights, utility)
    broken = np.where(exists, first_violated(deal, rules), -1)
    bad = np.flatnonzero(broken >= 0)
    if bad.size == 0:
        return exists, deal, value
    exists[bad], deal[bad], value[bad] = False, np.nan, -np.inf
    if depth <= 0:
        return exists, deal, value
    for k in np.unique(broken[bad]):
        rows = bad[broken[bad] == k]
        r = rules[int(k)]
        for issue, pieces in ((r.when_issue, r.not_when), (r.then_issue, r.then)):
            for p_lo, p_hi in pieces:
                b_lo, b_hi = lo[rows].copy(), hi[rows].copy()
                b_lo[:, issue] = np.maximum(b_lo[:, issue], p_lo)
                b_hi[:, issue] = np.minimum(b_hi[:, issue], p_hi)
                ok = b_lo[:, issue] <= b_hi[:, issue] + 1e-12
                if not ok.any():
                    continue
                sub = rows[ok]
                ex, dl, val = _solve_with_rules(
                    ideals,
                    saliences,
                    b_lo[ok],
                    b_hi[ok],
                    floors[sub],
                    weights[sub],
                    opts,
                    rules,
                    depth - 1,
                    utility,
                )
                better = ex & (val > value[sub])
                tgt = sub[better]
                exists[tgt], deal[tgt], value[tgt] = True, dl[better], val[better]
    return exists, deal, value


def could_agree(
    ideals: FloatArray,
    saliences: FloatArray,
    low: FloatArray,
    high: FloatArray,
    floors: FloatArray,
    option_points: tuple[tuple[float, ...], ...],
    utility: str = "linear",
) -> BoolArray:
    r"""A cheap necessary condition for a ZOPA, to skip the exact check where none can exist.

    Utilities are separable by issue, so over the box of joint intervals each side's best
    utility, and the best *sum* of the two, are found issue by issue:

    .. math::
        \max_x u_k(x) = 1 - \sum_d \min_{x_d} w_{kd}|x_d - \hat x_{kd}|, \qquad
        \max_x (u_A + u_B)(x) = 2 - \sum_d \min_{x_d}
        \bigl(w_{Ad}|x_d - \hat x_{Ad}| + w_{Bd}|x_d - \hat x_{Bd}|\bigr).

    A ZOPA needs :math:`\max u_A \ge f_A`, :math:`\max u_B \ge f_B` and
    :math:`\max(u_A + u_B) \ge f_A + f_B`; rows failing any of them have none, so the
    result of the exact check is unchanged. The per-issue minima are attained at the box's
    ends or a clipped ideal under linear loss; under quadratic loss (``utility``) the sum's
    minimiser is the salience-weighted mean of the ideals, clipped, so it joins the candidates.
    """
    if utility not in ("linear", "quadratic"):
        msg = f"utility must be 'linear' or 'quadratic' (got {utility!r})"
        raise ValueError(msg)
    return kernels.could_agree_rows(
        ideals, saliences, low, high, floors, option_points, utility == "quadratic"
    )


def interval_blame(
    ideals: FloatArray, intervals: Intervals, rows: np.ndarray, saliences: FloatArray | None = None
) -> FloatArray:
    """Who blocks where no admissible point exists: (len(rows), 2, n_issues) shares summing to 1.

    Among the issues whose joint interval is empty, each gets a share proportional to its
    stake :math:`(w_{Ad} + w_{Bd})\\,|\\hat x_{Ad} - \\hat x_{Bd}|` (equal shares without
    saliences): an incompatibility on an issue that matters little is a lesser obstacle. On an
    issue, a side is blamed when its own interval excludes its rival's ideal; where both do
    (or neither), the blame is shared equally.
    """
    bad = ~intervals.issue_ok[rows]
    rival = ideals[::-1][None]
    lo, hi = intervals.low[rows], intervals.high[rows]
    excl = ((rival < lo - 1e-12) | (rival > hi + 1e-12)) & bad[:, None, :]
    both = excl.sum(axis=1, keepdims=True)
    share = np.where(both > 0, excl / np.maximum(both, 1), 0.5) * bad[:, None, :]
    if saliences is not None:
        stake = (saliences[0] + saliences[1]) * np.abs(ideals[0] - ideals[1])
        share = share * np.maximum(stake, 1e-9)[None, None, :]
    total = share.sum(axis=(1, 2), keepdims=True)
    return np.asarray(share / np.where(total > 0, total, 1.0), dtype=float)


def floor_blame(
    ideals: FloatArray,
    saliences: FloatArray,
    intervals: Intervals,
    rows: np.ndarray,
    floors: FloatArray,
    utility: str = "linear",
) -> FloatArray:
    """Who blocks where the floors leave no deal: (len(rows), 2, n_issues) shares summing to 1.

    Notes
    -----
    Issue shares are each issue's stake in the gap,
    :math:`(w_{Ad} + w_{Bd})\\,|\\hat x_{Ad} - \\hat x_{Bd}|`:
    the issues on which the sides are far apart and that matter most to them. Side shares are
    each floor's excess over the side's utility for the split-the-difference package
    :math:`\\bar x` (the midpoint of the two ideals clipped to the admissible intervals),
    :math:`\\max(0, f_i - u_i(\\bar x))`.
    """
    jl, jh = intervals.joint_low[rows], intervals.joint_high[rows]
    a = np.clip(ideals[0][None], jl, jh)
    b = np.clip(ideals[1][None], jl, jh)
    stake = (saliences[0] + saliences[1]) * np.abs(ideals[0] - ideals[1])
    issue = np.broadcast_to(stake / max(float(stake.sum()), 1e-12), a.shape)
    mid = 0.5 * (a + b)
    loss = issue_loss(mid[:, None, :] - ideals[None], utility)
    u_mid = 1.0 - (saliences[None] * loss).sum(axis=-1)
    excess = np.maximum(floors[rows] - u_mid, 0.0)
    tot = excess.sum(axis=1, keepdims=True)
    side = np.where(tot > 0, excess / np.where(tot > 0, tot, 1.0), 0.5)
    return np.asarray(side[:, :, None] * issue[:, None, :], dtype=float)


def is_interim(package: FloatArray, ceasefire_issues: BoolArray) -> bool:
    """True when a package (NaN = open issue) names ceasefire-track issues only.

    Such a proposal is an interim arrangement: it is agreed on the ceasefire track, and the
    settlement track stays open.
    """
    named = ~np.isnan(np.asarray(package, dtype=float))
    return bool(named.any() and not (named & ~np.asarray(ceasefire_issues, dtype=bool)).any())


def restrict_to_terms(intervals: Intervals, package: FloatArray) -> Intervals:
    """The zone of agreement with the package's named terms fixed (NaN = left to negotiation).

    On a named issue the joint interval becomes the term itself where the term lies inside it
    and is empty otherwise; open issues keep their joint interval, so ``check_agreement`` on
    the result finds the Nash point of what can still be negotiated around the named terms.
    """
    x = np.asarray(package, dtype=float)
    named = ~np.isnan(x)
    xv = np.where(named, x, 0.0)[None]
    inside = (xv >= intervals.joint_low - 1e-9) & (xv <= intervals.joint_high + 1e-9)
    jl = np.where(named[None], xv, intervals.joint_low)
    jh = np.where(named[None], xv, intervals.joint_high)
    ok = np.where(named[None], inside, intervals.issue_ok)
    return Intervals(intervals.low, intervals.high, jl, jh, np.asarray(ok, dtype=bool))


def package_ceasefire_ok(
    intervals: Intervals, package: FloatArray, ceasefire_issues: BoolArray
) -> BoolArray:
    """Per draw: the ceasefire track agrees an interim package (named terms inside both sides'
    intervals, every open ceasefire issue's joint interval holding a point)."""
    ok = restrict_to_terms(intervals, package).issue_ok
    return np.asarray(ok[:, np.asarray(ceasefire_issues, dtype=bool)].all(axis=1), dtype=bool)


def third_party_accepts(
    package: FloatArray,
    ideal: FloatArray,
    bottom: FloatArray,
    red_low: FloatArray,
    red_high: FloatArray,
    saliences: FloatArray | None = None,
) -> tuple[BoolArray, np.ndarray, np.ndarray, FloatArray]:
    r"""Whether an actor without a war value (mediator, guarantor, stakeholder) accepts terms.

    Parameters
    ----------
    package : (n_issues,) unit terms, NaN where the proposal leaves the issue open
    ideal, red_low, red_high : (n_issues,) the actor's ideal and red-line interval
    bottom : (n, n_issues) its bottom lines in each draw
    saliences : (n_issues,) optional weights for the margin (equal weights without)

    Returns
    -------
    accepted : (n,) bool
    reason : (n,) int: 0 accepted, 1 red line, 2 bottom line (``probe.REASONS`` codes)
    issue : (n,) int, the binding issue (-1: none)
    margin : (n,) the salience-weighted slack on the tightest named issue (negative: breach)

    Notes
    -----
    Utility is single-peaked, so the actor accepts on each named issue what it likes at least
    as much as its bottom line, within its red line:

    .. math:: x_d \in \{x : |x - \hat x_d| \le |b_d - \hat x_d|\} \cap R_d

    Open issues are not its to accept here. The same rule decides whether an actor that owns
    an issue consents to the terms on it.
    """
    x = np.asarray(package, dtype=float)
    named = ~np.isnan(x)
    b = np.atleast_2d(np.asarray(bottom, dtype=float))
    n, n_i = b.shape
    w = np.ones(n_i) / max(n_i, 1) if saliences is None else np.asarray(saliences, dtype=float)
    xv = np.where(named, x, 0.0)
    red_gap = np.maximum(red_low - xv, 0.0) + np.maximum(xv - red_high, 0.0)
    red_bad = named & (red_gap > 1e-9)
    slack = np.abs(b - ideal[None]) - np.abs(xv - ideal)[None]
    slack = np.where(named[None], w[None] * slack, np.inf)
    bottom_bad = slack < -1e-9
    margin = slack.min(axis=1) if named.any() else np.zeros(n)
    reason = np.zeros(n, dtype=np.int64)
    issue = np.full(n, -1, dtype=np.int64)
    if red_bad.any():
        reason[:] = 1
        issue[:] = int(np.argmax(np.where(red_bad, w * red_gap, -1.0)))
    else:
        has = bottom_bad.any(axis=1)
        reason = np.where(has, 2, 0)
        issue = np.where(has, np.argmin(slack, axis=1), -1)
    accepted = np.asarray(reason == 0, dtype=bool)
    return accepted, reason, issue, np.asarray(margin, dtype=float)
