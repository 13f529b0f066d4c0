"""The report's charts, one function per chart, each returning a plotly Figure.

Figures take data (a :class:`ForecastDocument`, a scenario, a model's forecast), never a
file or a browser, so tests can check every trace without rendering. Chances are shown as
percentages with their 90% intervals: a bare point estimate overstates what a simulation
of judgement-laden inputs can know.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from detente.models.forecast import Forecast

# The choice charts (scorecard, tornado) live in their own module, re-exported here so
# every chart is one import away.
from detente.report.choice_figures import scorecard_figure, tornado_figure
from detente.results.schema import ForecastDocument
from detente.scenario.scales import scale_of
from detente.scenario.schema import Scenario

__all__ = [
    "deal_by_month_figure",
    "eu_trace_figure",
    "scorecard_figure",
    "terms_figure",
    "time_to_deal_figure",
    "tornado_figure",
]

_SERIES = (
    ("p_settlement_by_month", "Settlement", "#1f77b4"),
    ("p_ceasefire_by_month", "Ceasefire in force", "#ff7f0e"),
    ("p_ceasefire_reached_by_month", "Ceasefire reached", "#2ca02c"),
    ("p_military_decision_by_month", "Military decision", "#7f7f7f"),
)
_CALIBRATED = (
    ("p_settlement_by_month_calibrated", "Settlement", "#1f77b4"),
    ("p_ceasefire_reached_by_month_calibrated", "Ceasefire reached", "#2ca02c"),
)
"""The same series after the map fitted on the case library: dashed, beside the raw ones."""
_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def deal_by_month_figure(doc: ForecastDocument) -> go.Figure:
    """P(settlement) and P(ceasefire) by the end of each month, each with its 90% band.

    Where the document has calibrated series, they are drawn dashed beside the raw ones, so a
    reader sees both and which is which.
    """
    fig = go.Figure()
    frames = doc.to_frames()
    for key, label, colour in _SERIES:
        f = frames[key]
        if f.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=f["month"],
                y=f["high"],
                mode="lines",
                line={"width": 0},
                showlegend=False,
                hoverinfo="skip",
                legendgroup=label,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=f["month"],
                y=f["low"],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=_rgba(colour, 0.2),
                legendgroup=label,
                name=f"{label}: 90% interval",
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=f["month"],
                y=f["p"],
                mode="lines+markers",
                name=f"P({label.lower()} by month)",
                line={"color": colour, "width": 3},
                legendgroup=label,
                hovertemplate="%{x}: %{y:.0%}<extra></extra>",
            )
        )
    for key, label, colour in _CALIBRATED:
        f = frames[key]
        if f.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=f["month"],
                y=f["p"],
                mode="lines",
                name=f"P({label.lower()} by month), calibrated on past cases",
                line={"color": colour, "width": 2, "dash": "dash"},
                customdata=f[["low", "high"]].to_numpy(),
                hovertemplate=(
                    "%{x}: %{y:.0%} calibrated (map's 90%: %{customdata[0]:.0%}–"
                    "%{customdata[1]:.0%})<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        title="Chance of a deal by the end of each month",
        yaxis_tickformat=".0%",
        yaxis_range=[0, 1],
        xaxis_title="month",
        yaxis_title="probability",
        legend={"orientation": "h", "y": -0.25},
        height=420,
    )
    fig.update_xaxes(type="category")
    return fig


def time_to_deal_figure(doc: ForecastDocument) -> go.Figure:
    """The distribution of the month of signature, with 'never' (no deal in the horizon) last."""
    f = doc.to_frames()["time_to_deal"]
    colours = ["#7f7f7f" if m == "never" else "#1f77b4" for m in f["month"]]
    fig = go.Figure(
        go.Bar(
            x=f["month"],
            y=f["p"],
            marker_color=colours,
            hovertemplate="%{x}: %{y:.1%}<extra></extra>",
            name="P(signed in month)",
        )
    )
    fig.update_layout(
        title="When the settlement is signed (time-to-deal distribution)",
        yaxis_tickformat=".0%",
        xaxis_title="month of signature",
        yaxis_title="probability",
        height=380,
    )
    fig.update_xaxes(type="category")
    return fig


def terms_figure(doc: ForecastDocument, scenario: Scenario) -> go.Figure:
    """Predicted terms per issue as distributions, beside each actor's ideal and stated position.

    All issues share one axis from 0 (the scale's first end) to 1 (its other end), so a share
    of territory and a NATO option sit on one chart; hover text gives native units.
    """
    terms = doc.to_frames()["terms"].set_index("issue")
    issues = [i for i in scenario.issues if i.id in terms.index]
    fig = go.Figure()
    for issue in issues:
        sc = scale_of(issue)
        row = terms.loc[issue.id]
        if row["q50"] is None or row["q50"] != row["q50"]:
            continue
        q = [
            sc.to_unit(float(np.clip(row[c], sc.low, sc.high)))
            for c in ("q05", "q25", "q50", "q75", "q95")
        ]
        fig.add_trace(
            go.Box(
                y=[issue.name],
                q1=[q[1]],
                median=[q[2]],
                q3=[q[3]],
                lowerfence=[q[0]],
                upperfence=[q[4]],
                orientation="h",
                name=issue.name,
                marker_color="#444",
                showlegend=False,
                hovertext=f"median: {row['label_q50']}",
                hoverinfo="text",
            )
        )
    for k, actor in enumerate(scenario.actors):
        colour = _PALETTE[k % len(_PALETTE)]
        for what, symbol in (("ideal", "diamond"), ("stated", "circle-open")):
            xs, ys, texts = [], [], []
            for issue in issues:
                pos = scenario.positions.get(actor.id, {}).get(issue.id)
                if pos is None:
                    continue
                sc = scale_of(issue)
                u = sc.to_unit(getattr(pos, what))
                xs.append(u)
                ys.append(issue.name)
                texts.append(f"{actor.name} {what}: {sc.describe(u)}")
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="markers",
                    name=f"{actor.name} ({what})",
                    legendgroup=actor.id,
                    marker={
                        "symbol": symbol,
                        "size": 11,
                        "color": colour,
                        "line": {"width": 2, "color": colour},
                    },
                    hovertext=texts,
                    hoverinfo="text",
                )
            )
    fig.update_layout(
        title="Predicted deal terms (5–95% range, box 25–75%) and each actor's positions",
        xaxis={
            "range": [-0.03, 1.03],
            "title": "position on the issue's scale (0 = first end, 1 = other end)",
        },
        height=140 + 90 * max(len(issues), 1),
        legend={"orientation": "h", "y": -0.3},
    )
    return fig


def eu_trace_figure(forecast: Forecast) -> go.Figure:
    """The expected-utility model's positions by round: a panel per issue, a line per actor."""
    trace = forecast.trace_frame()
    issues = list(forecast.issues)
    cols = min(3, len(issues))
    rows = -(-len(issues) // cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_xaxes=True,
        subplot_titles=[s.name for s in forecast.scales],
        vertical_spacing=min(0.12, 0.5 / rows),
        horizontal_spacing=0.06,
    )
    for k, actor in enumerate(forecast.actors):
        colour = _PALETTE[k % len(_PALETTE)]
        for n, issue in enumerate(issues):
            f = trace[(trace["actor"] == actor) & (trace["issue"] == issue)]
            fig.add_trace(
                go.Scatter(
                    x=f["round"],
                    y=f["position_unit"],
                    mode="lines+markers",
                    name=actor,
                    legendgroup=actor,
                    showlegend=n == 0,
                    line={"color": colour},
                ),
                row=n // cols + 1,
                col=n % cols + 1,
            )
    fig.update_yaxes(range=[-0.05, 1.05])
    fig.update_xaxes(title_text="round", row=rows)
    fig.update_annotations(font_size=11)
    fig.update_layout(
        title="Expected-utility model: positions round by round (0–1 scale)",
        height=140 + 230 * rows,
    )
    return fig
