"""The "who trades with whom" chart: actors on a circle, exchange ties and KTAB challenges.

A circle, not a force layout: with five to ten actors every tie stays readable, and the
same actor sits in the same place in every run, so two what-ifs can be compared by eye.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from detente.models.network import TradeNetwork

__all__ = ["network_figure"]

_COALITION_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
_EXCHANGE = "#7f7f7f"
_CHALLENGE = "#d62728"


def _layout(actors: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    n = max(1, len(actors))
    angles = [math.pi / 2 - 2 * math.pi * k / n for k in range(n)]
    return {a: (math.cos(t), math.sin(t)) for a, t in zip(actors, angles, strict=False)}


def network_figure(net: TradeNetwork) -> go.Figure:
    """Grey lines: exchanges (width ∝ summed gain); red arrows: KTAB challenges (width ∝ count).

    Nodes are coloured by the KTAB coalition they end in (grey when KTAB was not run); hover
    a line for the trades behind it.
    """
    xy = _layout(net.actors)
    fig = go.Figure()
    exchanges = [e for e in net.edges if e.kind == "exchange"]
    top = max((e.weight for e in exchanges), default=0.0) or 1.0
    for e in exchanges:
        (x0, y0), (x1, y1) = xy[e.source], xy[e.target]
        fig.add_trace(
            go.Scatter(
                x=[x0, x1],
                y=[y0, y1],
                mode="lines",
                line={"color": _EXCHANGE, "width": 1 + 7 * e.weight / top},
                hovertext="<br>".join(e.issues) + f"<br>summed gain {e.weight:.4f}",
                hoverinfo="text",
                name="exchange",
                legendgroup="exchange",
                showlegend=e is exchanges[0],
            )
        )
    most = max((e.count for e in net.edges if e.kind == "challenge"), default=1)
    for e in (e for e in net.edges if e.kind == "challenge"):
        (x0, y0), (x1, y1) = xy[e.source], xy[e.target]
        fig.add_annotation(
            x=x1 * 0.9 + x0 * 0.1,
            y=y1 * 0.9 + y0 * 0.1,
            ax=x0 * 0.9 + x1 * 0.1,
            ay=y0 * 0.9 + y1 * 0.1,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=2,
            arrowwidth=1 + 3 * e.count / most,
            arrowcolor=_CHALLENGE,
            opacity=0.7,
            text="",
            hovertext=f"{e.source} challenged {e.target} {e.count}× ({e.adopted} adopted)",
        )
    groups: dict[int, list[str]] = {}
    for a in net.actors:
        groups.setdefault(net.coalition_of(a), []).append(a)
    for k, members in sorted(groups.items()):
        colour = "#7f7f7f" if k < 0 else _COALITION_COLOURS[k % len(_COALITION_COLOURS)]
        label = "actors" if k < 0 else f"coalition {k + 1}: " + ", ".join(members)
        fig.add_trace(
            go.Scatter(
                x=[xy[a][0] for a in members],
                y=[xy[a][1] for a in members],
                mode="markers+text",
                marker={"size": 26, "color": colour, "line": {"color": "white", "width": 2}},
                text=members,
                textposition="top center",
                hoverinfo="text",
                hovertext=members,
                name=label,
            )
        )
    if any(e.kind == "challenge" for e in net.edges):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                line={"color": _CHALLENGE, "width": 2},
                name="KTAB challenge (arrow: who proposed to whom)",
            )
        )
    axis = {"visible": False, "range": [-1.35, 1.35]}
    fig.update_layout(
        title="Who trades with whom: exchange model trades and KTAB challenges",
        xaxis=axis,
        yaxis={**axis, "scaleanchor": "x"},
        height=520,
        legend={"orientation": "h", "y": -0.05},
        plot_bgcolor="white",
    )
    return fig
