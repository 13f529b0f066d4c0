"""``backtest.html``: the scores, a reliability diagram, sharpness and every case's forecast curve.

Self-contained like the forecast report (plotly.js inline, no CDN). Every figure is drawn from
``backtest.json``'s mapping, so the page shows exactly what the file says.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any, Final

import plotly.graph_objects as go
from jinja2 import Environment, select_autoescape
from markupsafe import Markup
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from detente.backtest.library import event_month

__all__ = ["reliability_figure", "render_page", "sharpness_figure", "write_page"]

_CONFIG: Final = {"displaylogo": False, "responsive": True}
_COLOURS: Final = {
    "detente": "#1f77b4",
    "detente_raw": "#9ecae1",
    "reference_class": "#d62728",
    "base_rate": "#2ca02c",
    "constant": "#7f7f7f",
}
_SHOWN: Final = ("detente", "detente_raw", "reference_class", "base_rate")

_TEMPLATE: Final = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>detente backtest: {{ n_cases }} cases</title>
<script>{{ plotly_js }}</script>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;
text-align:right}th:first-child,td:first-child{text-align:left}.note{color:#555}
</style></head><body>
<h1>detente backtest</h1>
<p>{{ n_cases }} past negotiations, {{ n_questions }} resolved yes/no questions (ceasefire
reached, settlement signed, within {{ horizons }} months of each case's as-of date),
{{ n_draws }} draws per case, seed {{ seed }}.</p>
<p class="note"><b>detente</b> is the reported forecast: the simulation with its timing rates
fitted on the other cases (<b>detente_fitted</b>, a posterior mixture) through a
recalibration map also fitted on the other cases only (leave one case out).
<b>detente_raw</b> is the simulation at its prior rates, before any fit on the library.
<b>reference_class</b> is the UCDP base rate for the conflict's type and duration;
<b>base_rate</b> is the library's own rate on the other cases; <b>constant</b> answers 0.5.
Lower scores are better. Intervals: 95% bootstrap over cases.</p>
<h2>Scores</h2>
<table><tr><th>forecaster</th><th>Brier</th><th>95% interval</th><th>log</th><th>CRPS (time to
deal)</th><th>Brier, pooled questions</th><th>sharpness</th></tr>
{% for r in rows %}<tr><td>{{ r.name }}</td><td>{{ r.brier }}</td><td>{{ r.interval }}</td>
<td>{{ r.log }}</td><td>{{ r.crps }}</td><td>{{ r.pooled }}</td><td>{{ r.sharp }}</td></tr>
{% endfor %}</table>
<h3>Paired differences in Brier score (a − b; below zero: a is better)</h3>
<table><tr><th>comparison</th><th>difference</th><th>95% interval</th></tr>
{% for c in comparisons %}<tr><td>{{ c.name }}</td><td>{{ c.est }}</td><td>{{ c.interval }}</td>
</tr>{% endfor %}</table>
{% if relapse %}<h2>Durability</h2>
<p class="note">{{ relapse.n }} cases signed a settlement within 60 months: did war resume
within five years of it? <b>detente</b> is the simulation's P(relapse within 5 years) over its
own deals; <b>pad_base_rate</b> the UCDP PAD rate it starts from (no library conflict in its
fit); <b>base_rate</b> the library's rate on the other cases. One question per case.</p>
<table><tr><th>forecaster</th><th>Brier</th><th>95% interval</th><th>log</th></tr>
{% for r in relapse.rows %}<tr><td>{{ r.name }}</td><td>{{ r.brier }}</td>
<td>{{ r.interval }}</td><td>{{ r.log }}</td></tr>{% endfor %}</table>
<table><tr><th>case</th><th>war resumed</th>{% for n in relapse.names %}<th>{{ n }}</th>
{% endfor %}</tr>{% for q in relapse.questions %}<tr><td>{{ q.case }}</td><td>{{ q.answer }}</td>
{% for v in q.p %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</table>{% endif %}
<h2>Reliability</h2>
<p class="note">Forecasts binned by probability; each point is a bin at its mean forecast and
the share of its questions answered yes, labelled with its count. On the diagonal a forecast
means what it says.</p>
{{ reliability }}
<h2>Sharpness</h2>
<p class="note">How far forecasts stray from 0.5: a calibrated forecaster that is also sharp
says more.</p>
{{ sharpness }}
<h2>Cases</h2>
<p class="note">Each case's forecast P(event by month m) after its as-of date, settlement
(solid) and ceasefire reached (dotted); vertical lines mark the month a ceasefire (dotted) or
a settlement (solid) came, if one did within 60 months.</p>
<table><tr><th>case</th><th>as of</th><th>ceasefire</th><th>settlement</th><th>relapse 5y</th>
<th>Brier detente</th><th>Brier reference</th></tr>
{% for c in cases %}<tr><td>{{ c.id }}</td><td>{{ c.as_of }}</td><td>{{ c.ceasefire }}</td>
<td>{{ c.settlement }}</td><td>{{ c.relapse }}</td><td>{{ c.b_detente }}</td>
<td>{{ c.b_ref }}</td></tr>{% endfor %}</table>
{{ curves }}
</body></html>
"""


def _f(x: Any, digits: int = 3) -> str:
    return "–" if x is None else f"{float(x):.{digits}f}"


def reliability_figure(doc: dict[str, Any]) -> go.Figure:
    """Observed rate against mean forecast per bin, marker area by count, with the diagonal."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 1], y=[0, 1], mode="lines", line={"dash": "dash", "color": "#aaa"}, name="ideal"
        )
    )
    for name in _SHOWN:
        bins = doc["scores"][name]["reliability"]
        fig.add_trace(
            go.Scatter(
                x=[b["mean_forecast"] for b in bins],
                y=[b["observed_rate"] for b in bins],
                mode="lines+markers+text",
                text=[str(b["n"]) for b in bins],
                textposition="top center",
                marker={
                    "size": [6 + 2 * math.sqrt(b["n"]) for b in bins],
                    "color": _COLOURS[name],
                },
                line={"color": _COLOURS[name]},
                name=name,
            )
        )
    fig.update_layout(
        xaxis={"title": "forecast probability", "range": [0, 1]},
        yaxis={"title": "observed share answered yes", "range": [0, 1.05]},
        height=520,
        margin={"t": 20},
    )
    return fig


def sharpness_figure(doc: dict[str, Any]) -> go.Figure:
    """Histogram of the question probabilities of each forecaster."""
    fig = go.Figure()
    for name in _SHOWN:
        ps = [q["p"][name] for c in doc["cases"] for q in c["questions"]]
        fig.add_trace(
            go.Histogram(
                x=ps,
                xbins={"start": 0, "end": 1, "size": 0.05},
                name=name,
                opacity=0.6,
                marker={"color": _COLOURS[name]},
            )
        )
    fig.update_layout(
        barmode="overlay",
        xaxis={"title": "forecast probability", "range": [0, 1]},
        yaxis={"title": "questions"},
        height=360,
        margin={"t": 20},
    )
    return fig


def _outcome_month(as_of: str, when: str | None) -> int | None:
    """The simulated month an outcome date falls in (``library.event_month``, from ISO text)."""
    if when is None:
        return None
    return event_month(dt.date.fromisoformat(as_of), dt.date.fromisoformat(when))


def curves_figure(doc: dict[str, Any]) -> go.Figure:
    """Small multiples: each case's settlement and ceasefire curves against its outcomes."""
    cases = doc["cases"]
    cols = 3
    rows = max(1, math.ceil(len(cases) / cols))
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[c["id"] for c in cases],
        shared_yaxes=True,
        vertical_spacing=0.06 if rows < 8 else 0.03,
    )
    months = list(range(1, doc["run"]["n_months"] + 1))
    for k, c in enumerate(cases):
        r, col = k // cols + 1, k % cols + 1
        for name in ("detente", "reference_class"):
            for event, dash in (("settlement", "solid"), ("ceasefire", "dot")):
                fig.add_trace(
                    go.Scatter(
                        x=months,
                        y=c["forecast"][name][event],
                        mode="lines",
                        line={"color": _COLOURS[name], "dash": dash, "width": 1.5},
                        name=f"{name}: {event}",
                        legendgroup=f"{name}{event}",
                        showlegend=k == 0,
                    ),
                    row=r,
                    col=col,
                )
        for event, dash in (("settlement", "solid"), ("ceasefire", "dot")):
            m = _outcome_month(c["as_of"], c["outcome"][event])
            if m is not None and m <= months[-1]:
                fig.add_vline(
                    x=m, line={"color": "black", "dash": dash, "width": 1}, row=r, col=col
                )
    fig.update_yaxes(range=[0, 1])
    fig.update_layout(height=230 * rows, margin={"t": 40}, legend={"orientation": "h"})
    return fig


def _html(fig: go.Figure) -> Markup:
    return Markup(fig.to_html(full_html=False, include_plotlyjs=False, config=_CONFIG))


def render_page(doc: dict[str, Any]) -> str:
    """The whole page as one HTML string."""
    env = Environment(autoescape=select_autoescape(default_for_string=True, default=True))
    template = env.from_string(_TEMPLATE)
    rows = []
    for name, s in doc["scores"].items():
        i = s["brier_interval"]
        rows.append(
            {
                "name": name,
                "brier": _f(s["brier"]),
                "interval": f"{_f(i['low'])} – {_f(i['high'])}",
                "log": _f(s["log"]),
                "crps": _f(s["crps"]),
                "pooled": _f(s["brier_pooled"]),
                "sharp": _f(s["sharpness"], 2),
            }
        )
    comparisons = [
        {"name": k, "est": _f(v["estimate"]), "interval": f"{_f(v['low'])} – {_f(v['high'])}"}
        for k, v in doc["comparisons"].items()
    ]
    cases = [
        {
            "id": c["id"],
            "as_of": c["as_of"],
            "ceasefire": c["outcome"]["ceasefire"] or "none",
            "settlement": c["outcome"]["settlement"] or "none",
            "relapse": {True: "yes", False: "no", None: "–"}[c["outcome"]["relapse_5y"]],
            "b_detente": _f(c["scores"]["detente"]["brier"]),
            "b_ref": _f(c["scores"]["reference_class"]["brier"]),
        }
        for c in doc["cases"]
    ]
    rel = doc.get("relapse")
    relapse = None
    if rel:
        names = list(rel["scores"])
        relapse = {
            "n": len(rel["questions"]),
            "names": names,
            "rows": [
                {
                    "name": n,
                    "brier": _f(s["brier"]),
                    "interval": f"{_f(s['brier_interval']['low'])} – "
                    f"{_f(s['brier_interval']['high'])}",
                    "log": _f(s["log"]),
                }
                for n, s in rel["scores"].items()
            ],
            "questions": [
                {
                    "case": q["case"],
                    "answer": "yes" if q["answer"] else "no",
                    "p": [_f(q["p"][n], 2) for n in names],
                }
                for q in rel["questions"]
            ],
        }
    run = doc["run"]
    return template.render(
        relapse=relapse,
        plotly_js=Markup(get_plotlyjs()),
        n_cases=run["n_cases"],
        n_questions=run["n_questions"],
        horizons=", ".join(str(h) for h in run["horizons_months"]),
        n_draws=run["n_draws"],
        seed=run["seed"],
        rows=rows,
        comparisons=comparisons,
        cases=cases,
        reliability=_html(reliability_figure(doc)),
        sharpness=_html(sharpness_figure(doc)),
        curves=_html(curves_figure(doc)),
    )


def write_page(doc: dict[str, Any], path: Path) -> None:
    """Write the page to ``path`` (UTF-8)."""
    path.write_text(render_page(doc), encoding="utf-8")
