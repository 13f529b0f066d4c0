"""A probe of the month loop: would each side accept each named proposal, month by month?

The proposals scorecard asks the simulation's own question of every named proposal: in each
draw and month, with the bottom lines, floors and coupling the month loop has just computed,
would each belligerent sign it? ``run_chunk`` calls :meth:`Probe.observe` once a month when a
probe is given (nothing is computed otherwise), so the scorecard and the simulation cannot
drift apart.

A proposal is a unit-scale package with NaN on the issues it leaves open. One that names only
ceasefire-track issues is *interim*: it is judged on the ceasefire track alone, with the
ceasefire rule of the month loop (the named terms inside the side's interval, and its coupling
willingness). Any other proposal is a settlement: the named terms inside the side's interval,
and some completion of the open issues reaching the side's floor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from detente._typing import BoolArray, FloatArray
from detente.dynamics import agreement, tracks

__all__ = ["REASONS", "Probe"]

REASONS = (
    "accepted",
    "red_line",
    "bottom_line",
    "walk_away",
    "public_tolerance",
    "coupling",
    "holds_no_term",
)
"""Binding reasons, in the order of the codes ``Probe.reason`` records."""


@dataclass
class Probe:
    """Named packages to test each month, and what the two sides answered (filled by the loop).

    Attributes
    ----------
    packages : (n_props, n_issues)
        Unit-scale terms; NaN where the proposal leaves the issue open.
    ceasefire_issues : (n_issues,) bool
        The ceasefire track (``World.ceasefire_issues``).
    accepted : (n, n_months, n_props, 2) bool
        The terms are acceptable to the side (red lines, bottom lines and, for a settlement,
        the floor); the coupling is not in it.
    willing : (n, n_months, n_props, 2)
        The side's willingness to sign: its ceasefire coupling willingness for an interim
        proposal (``tracks.ceasefire_willingness``), 1 for a settlement. The chance it signs
        is ``accepted * willing``, as the month loop's ceasefire hazard has it.
    reason, issue : (n, n_months, n_props, 2) int
        Code into ``REASONS`` of what binds (``coupling`` where the terms pass and the
        willingness is below 1) and the issue that binds (-1: none).
    margin : (n, n_months, n_props, 2)
        Best utility over the completions minus the floor (settlements; NaN for interim).
    """

    packages: FloatArray
    ceasefire_issues: BoolArray
    accepted: BoolArray = field(init=False, repr=False)
    willing: FloatArray = field(init=False, repr=False)
    reason: np.ndarray = field(init=False, repr=False)
    issue: np.ndarray = field(init=False, repr=False)
    margin: FloatArray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.packages = np.atleast_2d(np.asarray(self.packages, dtype=float))
        self.interim = np.array(
            [agreement.is_interim(x, self.ceasefire_issues) for x in self.packages], dtype=bool
        )

    def start(self, n: int, n_months: int) -> None:
        """Allocate the records of a chunk of ``n`` draws."""
        shape = (n, n_months, len(self.packages), 2)
        self.accepted = np.zeros(shape, dtype=bool)
        self.willing = np.ones(shape, dtype=np.float32)
        self.reason = np.zeros(shape, dtype=np.int8)
        self.issue = np.full(shape, -1, dtype=np.int16)
        self.margin = np.full(shape, np.nan, dtype=np.float32)

    def observe(
        self,
        t: int,
        ideals: FloatArray,
        saliences: FloatArray,
        red_low: FloatArray,
        red_high: FloatArray,
        iv: agreement.Intervals,
        floors: FloatArray,
        public: BoolArray,
        coupling: FloatArray,
        settlement_progress: FloatArray,
        option_points: tuple[tuple[float, ...], ...],
    ) -> None:
        """Record month ``t``: each side's answer to each package (arrays over the chunk)."""
        will = tracks.ceasefire_willingness(coupling, settlement_progress)
        for j, x in enumerate(self.packages):
            ok, reason, issue, margin = side_verdicts(
                x,
                self.interim[j],
                self.ceasefire_issues,
                ideals,
                saliences,
                red_low,
                red_high,
                iv,
                floors,
                public,
                option_points,
            )
            w = will if self.interim[j] else np.ones_like(will)
            reason = np.where(ok & (w < 1.0 - 1e-12), REASONS.index("coupling"), reason)
            self.accepted[:, t, j] = ok
            self.willing[:, t, j] = w
            self.reason[:, t, j] = reason
            self.issue[:, t, j] = issue
            self.margin[:, t, j] = margin


def side_verdicts(
    x: FloatArray,
    interim: bool,
    ceasefire_issues: BoolArray,
    ideals: FloatArray,
    saliences: FloatArray,
    red_low: FloatArray,
    red_high: FloatArray,
    iv: agreement.Intervals,
    floors: FloatArray,
    public: BoolArray,
    option_points: tuple[tuple[float, ...], ...],
) -> tuple[BoolArray, np.ndarray, np.ndarray, FloatArray]:
    """Whether each side accepts package ``x`` on its terms, why not, where, and by how much.

    Parameters
    ----------
    x : (n_issues,) unit terms, NaN where open
    ideals, saliences : (2, n_issues) of the two sides
    red_low, red_high : (2, n_issues), or (n or 1, 2, n_issues) red lines drawn per draw
    iv : the month's admissible intervals (red lines ∩ the month's bottom lines)
    floors, public : (n, 2) the month's floors and whether the public's tolerance sets them

    Returns
    -------
    accepted : (n, 2) bool
    reason, issue : (n, 2) int codes into ``REASONS`` and issue indices (-1: none)
    margin : (n, 2) utility of the side's best completion minus its floor (NaN if interim)

    Notes
    -----
    Checked in order, the first failing binds: a named term beyond the side's red line
    (``red_line``), beyond its month-``t`` bottom line (``bottom_line``); then, for a
    settlement, the best completion's utility below the floor (``walk_away`` or
    ``public_tolerance``, as ``floor_utility`` says). The binding issue is the one with the
    largest salience-weighted breach, or for a floor the scored issue costing the side most.
    """
    n = floors.shape[0]
    named = ~np.isnan(x)
    xv = np.where(named, x, 0.0)
    eps = 1e-9
    accepted = np.ones((n, 2), dtype=bool)
    reason = np.zeros((n, 2), dtype=np.int64)
    issue = np.full((n, 2), -1, dtype=np.int64)
    margin = np.full((n, 2), np.nan)
    for k in range(2):
        w = saliences[k]
        # red lines per draw (a red line with a firmness binds only in some draws)
        rl = red_low[:, k] if red_low.ndim == 3 else red_low[k][None]
        rh = red_high[:, k] if red_high.ndim == 3 else red_high[k][None]
        red_gap = np.maximum(rl - xv[None], 0.0) + np.maximum(xv[None] - rh, 0.0)
        red_gap = np.broadcast_to(
            np.where(named[None] & (red_gap > eps), w[None] * red_gap + eps, 0.0), (n, len(x))
        )
        lo, hi = iv.low[:, k], iv.high[:, k]
        b_gap = np.maximum(lo - xv[None], 0.0) + np.maximum(xv[None] - hi, 0.0)
        b_gap = np.where(named[None] & (b_gap > eps), w[None] * b_gap + eps, 0.0)
        red_any = red_gap.any(axis=1)
        b_any = b_gap.any(axis=1)
        accepted[:, k] = ~red_any & ~b_any
        reason[:, k] = np.where(
            red_any,
            REASONS.index("red_line"),
            np.where(b_any, REASONS.index("bottom_line"), 0),
        )
        issue[:, k] = np.where(
            red_any,
            np.argmax(red_gap, axis=1),
            np.where(b_any, np.argmax(b_gap, axis=1), -1),
        )
        if interim:
            continue
        loss = best_completion_loss(k, xv, named, ideals, saliences, iv, option_points)
        u = 1.0 - loss.sum(axis=1)
        margin[:, k] = u - floors[:, k]
        short = accepted[:, k] & (margin[:, k] < -1e-12)
        accepted[:, k] &= ~short
        floor_code = np.where(
            public[:, k], REASONS.index("public_tolerance"), REASONS.index("walk_away")
        )
        reason[:, k] = np.where(short, floor_code, reason[:, k])
        issue[:, k] = np.where(short, np.argmax(loss, axis=1), issue[:, k])
    return accepted, reason, issue, margin


def best_completion_loss(
    k: int,
    xv: FloatArray,
    named: BoolArray,
    ideals: FloatArray,
    saliences: FloatArray,
    iv: agreement.Intervals,
    option_points: tuple[tuple[float, ...], ...],
) -> FloatArray:
    """Side ``k``'s salience-weighted loss per issue, (n, n_issues), at its best completion.

    Named issues sit at their terms. An open issue is negotiated: the side's best point in the
    two sides' *joint* interval (what could still be agreed: its ideal clipped to it, or the
    nearest admissible option), or, where the joint interval is empty, in its own interval
    (which holds its ideal: nothing is lost there; the issue is then contested, not conceded).
    """
    w, ideal = saliences[k], ideals[k]
    n = iv.joint_low.shape[0]
    loss = np.where(named[None], w * np.abs(xv - ideal)[None], 0.0) * np.ones((n, 1))
    for d in np.flatnonzero(~named):
        lo = np.where(iv.issue_ok[:, d], iv.joint_low[:, d], iv.low[:, k, d])
        hi = np.where(iv.issue_ok[:, d], iv.joint_high[:, d], iv.high[:, k, d])
        if option_points[d]:
            p = np.asarray(option_points[d])[None, :]
            inside = (p >= lo[:, None] - 1e-9) & (p <= hi[:, None] + 1e-9)
            dist = np.where(inside, np.abs(p - ideal[d]), np.inf).min(axis=1)
            dist = np.where(np.isfinite(dist), dist, 0.0)
        else:
            dist = np.abs(np.clip(ideal[d], lo, hi) - ideal[d])
        loss[:, d] = w[d] * dist
    return np.asarray(loss, dtype=float)
