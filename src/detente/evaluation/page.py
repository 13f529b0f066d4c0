"""The evaluation as one self-contained HTML page (plotly inlined: works offline, no CDN)."""

from __future__ import annotations

import html
from pathlib import Path

import plotly.graph_objects as go

from detente.evaluation.scores import Evaluation

__all__ = ["evaluation_html", "write_evaluation_html"]


def _figure(ev: Evaluation) -> go.Figure:
    o = ev.overall.sort_values("mae")
    fig = go.Figure()
    fig.add_bar(
        x=o["model"],
        y=o["diff"],
        error_y={
            "type": "data",
            "symmetric": False,
            "array": (o["diff_hi"] - o["diff"]).tolist(),
            "arrayminus": (o["diff"] - o["diff_lo"]).tolist(),
        },
        text=[f"MAE {m:.1f}" for m in o["mae"]],
        name="MAE − baseline",
    )
    fig.update_layout(
        title=f"Mean absolute error minus {ev.baseline}'s (95% paired bootstrap over issues)",
        yaxis_title=f"MAE difference from {ev.baseline} (scale points)",
        template="plotly_white",
    )
    return fig


def _group_figure(ev: Evaluation) -> go.Figure:
    g = ev.by_group
    fig = go.Figure()
    for model, rows in g.groupby("model", sort=False):
        fig.add_bar(x=rows["group"] + "=" + rows["value"], y=rows["mae"], name=str(model))
    fig.update_layout(
        title="MAE by procedure and voting rule", barmode="group", template="plotly_white"
    )
    return fig


def evaluation_html(ev: Evaluation, *, title: str = "detente evaluate") -> str:
    """The page: the two figures and the score tables."""
    grouped = not ev.by_group.empty  # a plain table has no procedures or voting rules
    figs = [_figure(ev).to_html(full_html=False, include_plotlyjs=True)]
    if grouped:
        figs.append(_group_figure(ev).to_html(full_html=False, include_plotlyjs=False))
    tables = [
        ev.overall.round(3).to_html(index=False),
        ev.by_group.round(3).to_html(index=False)
        if grouped
        else "<p>No procedure or voting rule in the data.</p>",
    ]
    fails = "".join(f"<li>{html.escape(k)}: {html.escape(v)}</li>" for k, v in ev.failures.items())
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f"<p>{int(ev.overall['n'].max())} issues with outcomes; intervals from "
        f"{ev.n_boot} paired bootstrap resamples of issues.</p>"
        + "".join(figs)
        + "<h2>Scores</h2>"
        + tables[0]
        + "<h2>By procedure and voting rule</h2>"
        + tables[1]
        + (f"<h2>Not scored</h2><ul>{fails}</ul>" if fails else "")
        + "</body></html>"
    )


def write_evaluation_html(ev: Evaluation, path: str | Path, *, title: str = "") -> Path:
    """Write :func:`evaluation_html` to ``path``."""
    p = Path(path)
    p.write_text(evaluation_html(ev, title=title or "detente evaluate"), encoding="utf-8")
    return p
