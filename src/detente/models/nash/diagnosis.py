"""Why there is no deal: binding red lines and floors, and how far each side must move.

Used by :class:`~detente.models.nash.model.NashBargainingModel` when the ZOPA is empty. Three
kinds of obstacle are reported (docs/models.md, "Nash bargaining"):

* **conflicting red lines**: an issue on which the players' acceptable intervals leave no
  admissible point; the amount is the distance between the two limits (for an ordinal issue,
  to the nearest option that would become admissible);
* **floors**: players whose floor binds at the maximin package, and how far each player's
  floor must fall if it alone moves, :math:`f_i - \\max\\{u_i(x) : x \\in R,\\ u_j(x) \\ge f_j\\
  \\forall j \\ne i\\}`;
* **active red lines**: a player's limit on which the maximin package sits, with the
  smallest move of that limit alone (everything else fixed) that opens a ZOPA: the nearest
  option beyond it that works (ordinal) or a bisection on the limit (numeric; ZOPA
  existence is monotone in the move). ``inf`` if even dropping the red line does not help.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from detente._typing import FloatArray, IntArray
from detente.models.nash.solutions import BargainingSolution
from detente.models.table import PositionTable
from detente.scenario.scales import IssueScale

__all__ = [
    "active_limits",
    "conflict_records",
    "floor_records",
    "native_amount",
    "relax_limit",
]

Record = dict[str, Any]


def native_amount(scale: IssueScale, amount: float) -> float:
    """A unit-scale distance in the issue's own units (ordinal distances stay unit)."""
    return amount * (scale.high - scale.low) if scale.kind != "ordinal" else amount


def conflict_records(
    table: PositionTable,
    players: IntArray,
    lows: FloatArray,
    highs: FloatArray,
    conflicts: list[int],
) -> tuple[list[Record], list[Record]]:
    """``binding`` and ``gap_to_open`` rows for issues whose red lines admit no point."""
    binding: list[Record] = []
    rows: list[Record] = []
    for d in conflicts:
        sc = table.scales[d]
        lo_p = players[int(np.argmax(lows[players, d]))]
        hi_p = players[int(np.argmin(highs[players, d]))]
        lo_v, hi_v = float(lows[lo_p, d]), float(highs[hi_p, d])
        if sc.kind == "ordinal":
            p = np.asarray(sc.option_points)
            amount = float((np.maximum(0, lo_v - p) + np.maximum(0, p - hi_v)).min())
        else:
            amount = lo_v - hi_v
        actors = (table.actors[lo_p], table.actors[hi_p])
        native = native_amount(sc, amount)
        binding.append(
            {
                "kind": "red_line",
                "issue": sc.id,
                "actors": actors,
                "amount": amount,
                "amount_native": native,
            }
        )
        rows.extend(
            {
                "actor": a,
                "kind": "red_line",
                "source": "",
                "issue": sc.id,
                "amount": amount,
                "amount_native": native,
            }
            for a in actors
        )
    return binding, rows


def floor_records(
    table: PositionTable,
    sol: BargainingSolution,
    players: IntArray,
    floors: FloatArray,
    source: list[str],
    loss: FloatArray,
) -> tuple[list[Record], list[Record]]:
    """Binding floors at the maximin package and each player's solo floor gap.

    ``loss`` is (n_actors, n_issues): each actor's utility loss per issue at the maximin
    package (to name the issues on which a binding player loses most).
    """
    binding: list[Record] = []
    rows: list[Record] = []
    u = 1.0 - loss.sum(axis=1)
    for k, i in enumerate(players):
        surplus = u[i] - floors[k]
        if surplus <= sol.t_star + 1e-9:
            top = np.argsort(-loss[i], kind="stable")[:3]
            binding.append(
                {
                    "kind": "floor",
                    "actor": table.actors[i],
                    "source": source[k],
                    "floor": float(floors[k]),
                    "utility": float(u[i]),
                    "shortfall": float(-surplus),
                    "issues": tuple(table.issues[d] for d in top if loss[i, d] > 0),
                }
            )
        rows.append(
            {
                "actor": table.actors[i],
                "kind": "floor",
                "source": source[k],
                "issue": "",
                "amount": float(floors[k] - sol.alone[k]),
                "amount_native": float("nan"),
            }
        )
    rows.append(
        {
            "actor": "all",
            "kind": "floor",
            "source": "",
            "issue": "",
            "amount": max(0.0, -sol.t_star),
            "amount_native": float("nan"),
        }
    )
    return binding, rows


def active_limits(
    sol: BargainingSolution, players: IntArray, lows: FloatArray, highs: FloatArray
) -> list[tuple[int, int, str, float]]:
    """(actor, issue, "low"|"high", limit) for red lines the maximin package sits on."""
    out = []
    for i in players:
        for d in range(lows.shape[1]):
            for side, lim in (("low", lows[i, d]), ("high", highs[i, d])):
                if 0.0 < lim < 1.0 and abs(sol.maximin[d] - lim) < 1e-9:
                    out.append((int(i), d, side, float(lim)))
    return out


def relax_limit(
    scale: IssueScale,
    side: str,
    limit: float,
    opens: Callable[[float], bool],
    tol: float = 1e-5,
) -> float:
    """Smallest move of one red-line limit (unit scale) that opens a ZOPA, or ``inf``.

    A "low" limit moves down toward 0, a "high" one up toward 1. ``opens(v)`` says whether
    the ZOPA is non-empty with the limit at ``v``.
    """
    end = 0.0 if side == "low" else 1.0
    if scale.kind == "ordinal":
        pts = np.asarray(scale.option_points, dtype=float)
        beyond = pts[(pts < limit - 1e-9) if side == "low" else (pts > limit + 1e-9)]
        for v in sorted(beyond, key=lambda p: abs(p - limit)):
            if opens(float(v)):
                return float(abs(v - limit))
        return float("inf")
    if not opens(end):
        return float("inf")
    near, far = 0.0, abs(end - limit)
    step = -1.0 if side == "low" else 1.0
    while far - near > tol:
        mid = 0.5 * (near + far)
        near, far = (near, mid) if opens(limit + step * mid) else (mid, far)
    return far
