"""Stokman & Van Oosten's (1994) position-exchange model, with equal gains.

Two actors who sit on opposite sides of the expected outcome on two issues can both gain by
trading: each shifts its voting position on the issue it cares less about towards the
other's, and each gets a shift of the outcome on the issue it cares more about. Exchanges
are carried out best first; the prediction is the expected outcome once they are done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

from detente._typing import BoolArray, FloatArray, IntArray
from detente.models.base import BargainingModel, ModelInfo
from detente.models.compromise import weighted_mean
from detente.models.forecast import Forecast
from detente.models.table import PositionTable
from detente.models.utility import package_utility

__all__ = [
    "Candidates",
    "ExchangeForecast",
    "ExchangeModel",
    "candidate_exchanges",
    "select_exchanges",
]

_MIN_GAIN = 1e-12
EXCHANGE_COLUMNS = [
    "rank",
    "actor_a",
    "issue_a",
    "from_a",
    "to_a",
    "actor_b",
    "issue_b",
    "from_b",
    "to_b",
    "shift_a",
    "shift_b",
    "gain",
]


@dataclass(frozen=True)
class Candidates:
    """Every feasible exchange: actor ``i`` supplies (moves) on issue ``p``, ``j`` on ``q``.

    Attributes
    ----------
    i, j, p, q : (k,) int arrays
    shift_p, shift_q : (k,) arrays
        How far each exchange moves the expected outcome on p and on q.
    move_i, move_j : (k,) arrays
        How far i moves its voting position on p, and j on q (towards the partner).
    gain : (k,) array
        Each partner's utility gain (equal by construction).
    """

    i: IntArray
    j: IntArray
    p: IntArray
    q: IntArray
    shift_p: FloatArray
    shift_q: FloatArray
    move_i: FloatArray
    move_j: FloatArray
    gain: FloatArray


def candidate_exchanges(
    positions: FloatArray,
    saliences: FloatArray,
    weights: FloatArray,
    outcome: FloatArray,
    totals: FloatArray,
) -> Candidates:
    """All feasible equal-gain exchanges between pairs of actors on pairs of issues.

    Parameters
    ----------
    positions, saliences, weights : (n_actors, n_issues) arrays
        Positions, saliences and weights :math:`c_{id} s_{id}`.
    outcome : (n_issues,) array
        Expected outcome :math:`O_d = \\sum_i c_{id} s_{id} x_{id} / \\sum_i c_{id} s_{id}`.
    totals : (n_issues,) array
        :math:`W_d = \\sum_i c_{id} s_{id}`.

    Returns
    -------
    Candidates

    Notes
    -----
    Stokman & Van Oosten (1994), as implemented in Decide (bargaining-models.md §5):

    * i and j can trade on (p, q) if they sit on opposite sides of :math:`O` on both issues
      (groups A–D or B–C);
    * i supplies on p and j on q when :math:`s_{ip}/s_{iq} < s_{jp}/s_{jq}`;
    * moving k by :math:`\\Delta x` on d moves :math:`O_d` by
      :math:`\\Delta x\\, c_{kd} s_{kd} / W_d`;
    * equal gains, :math:`s_{iq}\\Delta O_q - s_{ip}\\Delta O_p = s_{jp}\\Delta O_p -
      s_{jq}\\Delta O_q`, fix the rate
      :math:`\\Delta O_q/\\Delta O_p = (s_{ip} + s_{jp})/(s_{iq} + s_{jq})`;
    * the exchange is as large as it can be until a supplier reaches its partner's position
      or an outcome reaches the demanding partner's position (Decide's ``check_nbs``).
    """
    x = np.asarray(positions, dtype=float)
    s = np.asarray(saliences, dtype=float)
    w = np.asarray(weights, dtype=float)
    o = np.asarray(outcome, dtype=float)
    tot = np.asarray(totals, dtype=float)
    n, m = x.shape
    side = np.sign(np.where(np.abs(x - o) > 1e-12, x - o, 0.0))
    # axes: (i, j, p, q)
    ii, jj, pp, qq = np.meshgrid(
        np.arange(n), np.arange(n), np.arange(m), np.arange(m), indexing="ij"
    )
    opposite = (side[:, None, :] * side[None, :, :]) < 0  # (i, j, d)
    ok: BoolArray = (opposite[:, :, :, None] & opposite[:, :, None, :]) & (pp < qq) & (ii != jj)
    sip, siq, sjp, sjq = s[ii, pp], s[ii, qq], s[jj, pp], s[jj, qq]
    ok &= sip * sjq < sjp * siq  # i cares relatively less about p: i supplies on p
    i, j, p, q = ii[ok], jj[ok], pp[ok], qq[ok]
    sip, siq, sjp, sjq = sip[ok], siq[ok], sjp[ok], sjq[ok]
    rate = (sip + sjp) / (siq + sjq)  # ΔO_q / ΔO_p
    wip, wjq = w[i, p], w[j, q]
    limits = np.stack(
        [
            np.abs(x[j, p] - x[i, p]) * wip / tot[p],  # i reaches j's position on p
            np.abs(x[i, q] - x[j, q]) * wjq / tot[q] / rate,  # j reaches i's position on q
            np.abs(x[j, p] - o[p]),  # O_p reaches j's position
            np.abs(x[i, q] - o[q]) / rate,  # O_q reaches i's position
        ]
    )
    shift_p = limits.min(axis=0)
    shift_q = rate * shift_p
    gain = siq * shift_q - sip * shift_p
    move_i = np.divide(shift_p * tot[p], wip, out=np.zeros_like(shift_p), where=wip > 0)
    move_j = np.divide(shift_q * tot[q], wjq, out=np.zeros_like(shift_q), where=wjq > 0)
    keep = gain > _MIN_GAIN
    return Candidates(
        i[keep],
        j[keep],
        p[keep],
        q[keep],
        shift_p[keep],
        shift_q[keep],
        move_i[keep],
        move_j[keep],
        gain[keep],
    )


def select_exchanges(c: Candidates, n_actors: int, n_issues: int) -> IntArray:
    """Indices of the exchanges carried out: best gain first, each actor supplies an issue once.

    Notes
    -----
    Stokman & Van Oosten (1994): the exchange with the highest gain is made first; every
    other exchange in which one of its actors would supply on the same issue again is
    dropped; repeat. Exchanges are valued at the initial positions and outcome (no
    recalculation). Equal gains go to the earlier (i, j, p, q) in table order.
    """
    order = np.lexsort((np.arange(c.gain.size), -c.gain))
    used = np.zeros((n_actors, n_issues), dtype=bool)
    chosen: list[int] = []
    for k in order:
        a, pa, b, qb = c.i[k], c.p[k], c.j[k], c.q[k]
        if used[a, pa] or used[b, qb]:
            continue
        used[a, pa] = used[b, qb] = True
        chosen.append(int(k))
    return np.asarray(chosen, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class ExchangeForecast(Forecast):
    """A Forecast plus the exchanges behind it.

    Attributes
    ----------
    exchanges : DataFrame
        One row per exchange, in the order made: ``actor_a`` moves on ``issue_a`` from
        ``from_a`` to ``to_a`` (native units) and ``actor_b`` on ``issue_b``; ``shift_a`` and
        ``shift_b`` are the outcome shifts (unit scale) and ``gain`` each partner's gain.
    """

    exchanges: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EXCHANGE_COLUMNS))


@dataclass(frozen=True, kw_only=True)
class ExchangeModel(BargainingModel):
    """Stokman & Van Oosten's position-exchange model with equal gains, on unit scales.

    The model has no parameters. Positions are compared on each issue's unit scale, so gains
    on different issues are comparable (as with Stokman's 0–100 issue scales). The predicted
    outcome is the capability × salience weighted mean of the voting positions after every
    exchange; it equals the compromise model when no exchange is possible.
    """

    name: ClassVar[str] = "exchange"
    info: ClassVar[ModelInfo] = ModelInfo(
        title="Position exchange (equal gain)",
        summary="Actors trade support across issues they care about unequally; the outcome is "
        "the weighted mean after the trades.",
        reference="Stokman & Van Oosten 1994",
    )

    def _forecast(self, table: PositionTable, rng: np.random.Generator) -> Forecast:
        del rng
        x = table.positions
        w = table.capabilities * table.saliences
        totals = w.sum(axis=0)
        start = weighted_mean(x, w)
        cands = candidate_exchanges(x, table.saliences, w, start, totals)
        chosen = select_exchanges(cands, table.n_actors, table.n_issues)
        voting = np.array(x, dtype=float, copy=True)
        rows = []
        for rank, k in enumerate(chosen, start=1):
            i, j, p, q = (int(v[k]) for v in (cands.i, cands.j, cands.p, cands.q))
            to_i = x[i, p] + np.sign(x[j, p] - x[i, p]) * cands.move_i[k]
            to_j = x[j, q] + np.sign(x[i, q] - x[j, q]) * cands.move_j[k]
            voting[i, p], voting[j, q] = to_i, to_j
            sp, sq = table.scales[p], table.scales[q]
            rows.append(
                [
                    rank,
                    table.actors[i],
                    table.issues[p],
                    sp.from_unit(x[i, p]),
                    sp.from_unit(to_i),
                    table.actors[j],
                    table.issues[q],
                    sq.from_unit(x[j, q]),
                    sq.from_unit(to_j),
                    cands.shift_p[k],
                    cands.shift_q[k],
                    cands.gain[k],
                ]
            )
        outcome = np.clip(weighted_mean(voting, w), 0.0, 1.0)
        return self._result(
            table,
            outcome,
            kind=ExchangeForecast,
            utilities=package_utility(x, table.saliences, outcome[None, :])[0],
            exchanges=pd.DataFrame(rows, columns=EXCHANGE_COLUMNS),
        )
