"""The charts about choices: which proposal each actor accepts, and which lever moves P(deal).

Split from ``figures`` only to keep modules small; ``figures`` re-exports both functions.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from detente.results.schema import ForecastDocument
from detente.scenario.schema import Scenario

__all__ = ["scorecard_figure", "tornado_figure"]


def scorecard_figure(doc: ForecastDocument, scenario: Scenario) -> go.Figure:
    """Proposal × actor heatmap of the chance each actor signs now (of the margin over its
    floor in documents without it); ✗ marks a refusal, with a crossed red line named."""
    f = doc.to_frames()["proposals"]
    names = {p.id: p.name for p in scenario.proposals}
    actors = [a for a in scenario.actors if a.id in set(f["actor"])]
    proposals = list(dict.fromkeys(f["proposal"]))
    margin = f.pivot(index="proposal", columns="actor", values="margin").reindex(
        index=proposals, columns=[a.id for a in actors]
    )
    red = f.pivot(index="proposal", columns="actor", values="breaks_red_line").reindex(
        index=proposals, columns=[a.id for a in actors]
    )
    ok = f.pivot(index="proposal", columns="actor", values="acceptable").reindex(
        index=proposals, columns=[a.id for a in actors]
    )
    p = f.pivot(index="proposal", columns="actor", values="p_accept").reindex(
        index=proposals, columns=[a.id for a in actors]
    )
    chance = bool(np.isfinite(p.to_numpy(dtype=float)).any())
    z = (p if chance else margin).to_numpy(dtype=float)
    text = [
        [
            ("✗ red line" if bool(red.iat[i, j]) else ("✓" if bool(ok.iat[i, j]) else "✗"))
            + (
                ""
                if np.isnan(z[i, j])
                else (f" {100 * z[i, j]:.0f}%" if chance else f" {z[i, j]:+.2f}")
            )
            for j in range(z.shape[1])
        ]
        for i in range(z.shape[0])
    ]
    lim = float(np.nanmax(np.abs(z))) if np.isfinite(z).any() else 1.0
    zmid, zmin, zmax = (0.5, 0.0, 1.0) if chance else (0.0, -lim, lim)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[a.name for a in actors],
            y=[names.get(p, p) for p in proposals],
            text=text,
            texttemplate="%{text}",
            colorscale="RdYlGn",
            zmid=zmid,
            zmin=zmin,
            zmax=zmax,
            colorbar={"title": "P(signs now)" if chance else "margin"},
        )
    )
    fig.update_layout(
        title=(
            "Proposals scorecard: chance each actor signs now"
            if chance
            else "Proposals scorecard: margin over each actor's walk-away value"
        ),
        height=160 + 50 * len(proposals),
        yaxis={"autorange": "reversed"},
    )
    return fig


def tornado_figure(doc: ForecastDocument, *, top: int = 25) -> go.Figure:
    """The ``top`` levers', proposals' and inputs' swings of P(deal by the horizon), largest on
    top; those that move nothing are left out."""
    f = doc.to_frames()["sensitivity"]
    base = doc.headline.p_deal_by_horizon or 0.0
    f = f.assign(swing=(f["p_high"] - f["p_low"]).abs())
    f = f[f["swing"] > 0].sort_values("swing").tail(top)
    fig = go.Figure()
    labels = {
        "lever": "lever (off → on)",
        "proposal": "proposal (tabled)",
        "reference": "past framework (tabled)",
        "input": "uncertain input (5th → 95th pct)",
    }
    colours = {
        "lever": "#2ca02c",
        "proposal": "#9467bd",
        "reference": "#8c564b",
        "input": "#1f77b4",
    }
    kinds = [*colours, *sorted(set(f["kind"]) - set(colours))]
    for kind in kinds:
        colour = colours.get(kind, "#7f7f7f")
        g = f[f["kind"] == kind]
        if g.empty:
            continue
        label = labels.get(kind, kind)
        fig.add_trace(
            go.Bar(
                y=g["name"],
                x=g["p_high"] - g["p_low"],
                base=g["p_low"],
                orientation="h",
                marker_color=colour,
                name=label,
                customdata=np.column_stack([g["p_low"], g["p_high"]]),
                hovertemplate="%{y}: %{customdata[0]:.0%} → %{customdata[1]:.0%}<extra></extra>",
            )
        )
    fig.add_vline(x=base, line_dash="dash", annotation_text=f"base {base:.0%}")
    fig.update_layout(
        title="What moves P(deal by the horizon): levers and uncertain inputs",
        xaxis_tickformat=".0%",
        xaxis_title="P(deal by the horizon)",
        barmode="overlay",
        height=160 + 34 * max(len(f), 1),
        yaxis={"categoryorder": "array", "categoryarray": list(f["name"])},
    )
    return fig
