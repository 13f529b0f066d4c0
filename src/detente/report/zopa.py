"""The two-issue picture of the zone of possible agreement (ZOPA).

A ZOPA over many issues cannot be drawn, but a slice through it can: vary two issues the
analyst picks, hold the others at the Nash model's own answer (its Nash point, or its
maximin package where it finds no ZOPA), and draw where each veto player's utility equals
its floor — the Nash model's floors: the walk-away value or the public's tolerance,
whichever binds. Points beyond a veto player's red line are outside the zone, and on an
ordinal issue only its options can be agreed. Inside every curve lies the ZOPA; along the
Pareto frontier no player can gain without another losing. The report computes nothing of
its own here beyond the slice: the centre and the floors are the model's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import plotly.graph_objects as go

from detente._typing import BoolArray, FloatArray
from detente.errors import InvalidParameterError
from detente.models.nash import NashBargainingModel, NashForecast
from detente.models.table import PositionTable
from detente.models.utility import package_utility
from detente.scenario.schema import Scenario

__all__ = ["ZopaSlice", "zopa_figure", "zopa_slice"]

_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b")


def _veto_players(table: PositionTable) -> list[int]:
    veto = [int(i) for i in np.flatnonzero(table.veto)]
    if len(veto) < 2:
        msg = (
            f"a ZOPA needs at least two veto players (got {len(veto)}). Fix: mark them veto: true."
        )
        raise InvalidParameterError(msg)
    return veto


@dataclass(frozen=True)
class ZopaSlice:
    """Two issues on a grid, other issues held at the Nash point.

    Attributes
    ----------
    issues : (str, str)
        The x and y issue ids.
    grid : (n,) array
        Unit-scale points along each axis.
    gains : (n_y, n_x, n_veto) array
        Each veto player's utility minus its walk-away value.
    veto : tuple of str
        Veto players' ids, in the order of the last axis of ``gains``.
    zopa : (n_y, n_x) bool array
        True where every veto player gains.
    pareto : (m, 2) array
        Unit (x, y) points on the first two veto players' Pareto frontier.
    nash : (2,) array or None
        The Nash model's Nash point on the two issues (None where the model finds no ZOPA).
    """

    issues: tuple[str, str]
    grid: FloatArray
    gains: FloatArray
    veto: tuple[str, ...]
    zopa: BoolArray
    pareto: FloatArray
    nash: FloatArray | None


def zopa_slice(
    scenario: Scenario,
    x_issue: str,
    y_issue: str,
    *,
    nash: NashForecast | None = None,
    steps: int = 101,
) -> ZopaSlice:
    """Compute the ZOPA picture's data for two issues of ``scenario`` (at median inputs).

    ``nash`` is the Nash model's forecast of the scenario (computed when not given): the
    other issues sit at its outcome and each veto player's floor is its floor.
    """
    table = PositionTable.from_scenario(scenario)
    for issue in (x_issue, y_issue):
        if issue not in table.issues:
            known = ", ".join(table.issues)
            msg = (
                f"--zopa issues must be issue ids of the scenario (got '{issue}'; known: {known})."
            )
            raise InvalidParameterError(msg + " Fix: pick two of those.")
    if x_issue == y_issue:
        msg = f"--zopa needs two different issues (got '{x_issue}' twice). Fix: pick another."
        raise InvalidParameterError(msg)
    veto = _veto_players(table)
    kx, ky = table.issues.index(x_issue), table.issues.index(y_issue)
    if nash is None:
        nash = cast(NashForecast, NashBargainingModel().forecast(scenario))
    base = np.asarray(nash.outcome, dtype=float)
    floors = np.asarray(nash.floors, dtype=float)[veto]
    grid = np.linspace(0.0, 1.0, steps)
    gx, gy = np.meshgrid(grid, grid)  # (n_y, n_x)
    packages = np.broadcast_to(base, (*gx.shape, table.n_issues)).copy()
    packages[..., kx] = gx
    packages[..., ky] = gy
    u = package_utility(table.positions[veto], table.saliences[veto], packages)
    gains = np.asarray(u - floors, dtype=float)
    agreeable = np.ones(gx.shape, dtype=bool)
    for k, g in ((kx, gx), (ky, gy)):
        if table.acceptable_low is not None and table.acceptable_high is not None:
            lo, hi = table.acceptable_low[veto, k], table.acceptable_high[veto, k]
            inside = (g[..., None] >= lo - 1e-9) & (g[..., None] <= hi + 1e-9)
            agreeable &= inside.all(axis=-1)
        points = table.scales[k].option_points
        if points:
            agreeable &= np.isclose(g[..., None], np.asarray(points), atol=0.5 / steps).any(axis=-1)
    zopa: BoolArray = np.asarray((gains >= 0).all(axis=-1) & agreeable, dtype=bool)
    point: FloatArray | None = None
    if nash.zopa_exists:  # the model's own Nash point lies on this slice
        point = np.array([base[kx], base[ky]])
    two = gains[..., :2].reshape(-1, 2)
    order = np.lexsort((-two[:, 1], -two[:, 0]))
    best_second = -np.inf
    keep = []
    for i in order:
        if two[i, 1] > best_second + 1e-12:
            keep.append(i)
            best_second = two[i, 1]
    pts = np.column_stack([gx.ravel()[keep], gy.ravel()[keep]])
    return ZopaSlice(
        issues=(x_issue, y_issue),
        grid=grid,
        gains=gains,
        veto=tuple(table.actors[i] for i in veto),
        zopa=zopa,
        pareto=pts,  # ordered along the frontier, from the first veto player's best
        nash=point,
    )


def zopa_figure(
    scenario: Scenario, x_issue: str, y_issue: str, *, nash: NashForecast | None = None
) -> go.Figure:
    """Veto players' floor contours, the ZOPA shaded, the Pareto frontier, the Nash point."""
    z = zopa_slice(scenario, x_issue, y_issue, nash=nash)
    ix, iy = scenario.issue(x_issue), scenario.issue(y_issue)
    names = {a.id: a.name for a in scenario.actors}
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            x=z.grid,
            y=z.grid,
            z=z.zopa.astype(float),
            showscale=False,
            hoverinfo="skip",
            colorscale=[[0, "rgba(255,255,255,0)"], [1, "rgba(44,160,44,0.25)"]],
            name="ZOPA",
        )
    )
    for k, actor in enumerate(z.veto):
        colour = _COLOURS[k % len(_COLOURS)]
        fig.add_trace(
            go.Contour(
                x=z.grid,
                y=z.grid,
                z=z.gains[..., k],
                showscale=False,
                name=f"{names[actor]}: floor",
                contours={"start": 0.0, "end": 0.0, "size": 1.0, "coloring": "none"},
                line={"color": colour, "width": 3},
                showlegend=True,
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=z.pareto[:, 0],
            y=z.pareto[:, 1],
            mode="lines",
            line={"color": "black", "dash": "dot"},
            name=f"Pareto frontier ({names[z.veto[0]]}, {names[z.veto[1]]})",
        )
    )
    table = PositionTable.from_scenario(scenario)
    kx, ky = table.issues.index(x_issue), table.issues.index(y_issue)
    for k, actor in enumerate(z.veto):
        a = table.actors.index(actor)
        fig.add_trace(
            go.Scatter(
                x=[table.positions[a, kx]],
                y=[table.positions[a, ky]],
                mode="markers+text",
                marker={"symbol": "diamond", "size": 12, "color": _COLOURS[k % len(_COLOURS)]},
                text=[f"{names[actor]}'s ideal"],
                textposition="top center",
                name=f"{names[actor]}'s ideal",
            )
        )
    if z.nash is not None:
        fig.add_trace(
            go.Scatter(
                x=[z.nash[0]],
                y=[z.nash[1]],
                mode="markers",
                name="Nash point",
                marker={
                    "symbol": "star",
                    "size": 18,
                    "color": "gold",
                    "line": {"color": "black", "width": 1},
                },
            )
        )
    else:
        fig.add_annotation(
            text="No ZOPA on this slice", x=0.5, y=0.5, showarrow=False, font={"size": 16}
        )
    fig.update_layout(
        title=f"Zone of possible agreement: {ix.name} × {iy.name}",
        xaxis_title=_axis_title(table, kx),
        yaxis_title=_axis_title(table, ky),
        height=520,
        legend={"orientation": "h", "y": -0.2},
    )
    fig.update_xaxes(range=[-0.02, 1.02], **_ticks(table, kx))
    fig.update_yaxes(range=[-0.02, 1.02], **_ticks(table, ky))
    return fig


def _axis_title(table: PositionTable, k: int) -> str:
    s = table.scales[k]
    return f"{s.name} ({s.unit})" if s.unit else s.name


def _ticks(table: PositionTable, k: int) -> dict[str, object]:
    s = table.scales[k]
    if s.kind == "ordinal":
        short = [lab if len(lab) <= 22 else lab[:21] + "…" for lab in s.option_labels]
        return {"tickvals": list(s.option_points), "ticktext": short}
    vals = np.linspace(0, 1, 6)
    return {"tickvals": list(vals), "ticktext": [f"{s.from_unit(v):.3g}" for v in vals]}
