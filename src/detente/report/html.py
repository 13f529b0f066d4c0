"""Assemble the self-contained ``report.html``: every chart and table in one file.

The report must open on an air-gapped laptop, so plotly.js is copied once, inline, from the
installed plotly package (no CDN), and no figure loads fonts, maps or MathJax. Charts come
from ``figures``/``zopa``, tables from ``tables``; the layout is the Jinja2 template
``templates/report.html.j2``. Sections whose data a run did not compute say so instead of
drawing an empty chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from plotly.offline import get_plotlyjs

from detente._format import pct
from detente.models.forecast import Forecast
from detente.models.nash import NashForecast
from detente.models.network import trade_network
from detente.report import figures, tables
from detente.report.network_figure import network_figure
from detente.report.zopa import zopa_figure
from detente.results.export import models_frame
from detente.results.schema import ForecastDocument
from detente.scenario.checks import model_warnings
from detente.scenario.loader import render_loc
from detente.scenario.schema import Scenario

__all__ = ["default_zopa_issues", "render_report", "write_report"]

_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["sendDataToCloud"]}


@dataclass
class _Section:
    id: str
    title: str
    intro: str = ""
    blocks: list[str] = field(default_factory=list)


def _figure(fig: go.Figure, div_id: str) -> str:
    return str(
        fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=div_id,
            config=_CONFIG,
            include_mathjax=False,
        )
    )


def _table(frame: pd.DataFrame, *, index: bool = False) -> str:
    return str(
        frame.to_html(
            index=index, escape=True, border=0, na_rep="—", float_format=lambda x: f"{x:.3g}"
        )
    )


def _note(text: str) -> str:
    return f'<p class="note">{escape(text)}</p>'


def _pct(x: float | None) -> str:
    """Whole percents in the headline cards, one decimal below 10% (0.7% is not '1%')."""
    small = isinstance(x, float | int) and abs(x) < 0.095
    return pct(x, 1 if small else 0)


def default_zopa_issues(scenario: Scenario) -> tuple[str, str]:
    """The two issues the veto players care most about (by summed salience), in scenario order."""
    veto = [a.id for a in scenario.actors if a.veto]
    weight = {
        i.id: sum(
            scenario.positions[a][i.id].salience
            for a in veto
            if i.id in scenario.positions.get(a, {})
        )
        for i in scenario.issues
    }
    top = sorted(weight, key=lambda k: -weight[k])[:2]
    order = [i.id for i in scenario.issues if i.id in top]
    return order[0], order[1]


def _headline(doc: ForecastDocument) -> list[dict[str, str]]:
    h = doc.headline
    horizon = doc.run.months[-1] if doc.run.months else "the horizon"
    months = h.median_months_to_deal
    decided = doc.p_military_decision_by_month[-1] if doc.p_military_decision_by_month else None
    return [
        {
            "label": f"P(settlement by {horizon})",
            "value": _pct(h.p_deal_by_horizon),
            "interval": f"{_pct(h.p_deal_by_horizon_low)}–{_pct(h.p_deal_by_horizon_high)}",
        },
        *(
            []
            if doc.calibration is None
            else [
                {
                    "label": (
                        f"P(settlement by {horizon}), calibrated on "
                        f"{doc.calibration.n_cases} past cases"
                    ),
                    "value": _pct(doc.calibration.p_deal_by_horizon),
                    "interval": (
                        f"{_pct(doc.calibration.p_deal_by_horizon_low)}–"
                        f"{_pct(doc.calibration.p_deal_by_horizon_high)}"
                    ),
                }
            ]
        ),
        {
            "label": f"P(ceasefire in force in {horizon})",
            "value": _pct(h.p_ceasefire_at_horizon),
            "interval": "",
        },
        {
            "label": "median months to a deal",
            "value": "beyond horizon" if months is None else f"{months:.1f}",
            "interval": "",
        },
        {
            "label": "P(a deal relapses within 5 years)",
            "value": _pct(h.p_relapse_5y),
            "interval": "",
        },
        *(
            [
                {
                    "label": f"P(decided on the battlefield by {horizon})",
                    "value": _pct(decided.p),
                    "interval": f"{_pct(decided.low)}–{_pct(decided.high)}",
                }
            ]
            if decided is not None and decided.p > 0
            else []
        ),
    ]


def _assumptions_html(scenario: Scenario) -> str:
    frame = tables.assumptions_frame(scenario)
    html = _table(frame)
    return html.replace("<td>judgement</td>", '<td><span class="judgement">judgement</span></td>')


def _citations_html(scenario: Scenario) -> str:
    frame = tables.citations_frame(scenario)
    if frame.empty:
        return _note("The scenario cites nothing.")
    html = _table(frame)
    return html.replace("<td>judgement</td>", '<td><span class="judgement">judgement</span></td>')


def _warnings_section(scenario: Scenario) -> _Section | None:
    """The scenario's warnings about what the forecast does with its values, if any."""
    found = model_warnings(scenario)
    if not found:
        return None
    items = "".join(
        f"<li><code>{escape(render_loc(f.loc))}</code>: {escape(f.message)}"
        + (f" <em>Fix:</em> {escape(f.fix)}" if f.fix else "")
        + "</li>"
        for f in found
    )
    return _Section(
        "warnings",
        "Warnings about the inputs",
        "The scenario was accepted, but the forecast does something with these values that "
        "the analyst should know.",
        [f'<ul class="warnings">{items}</ul>'],
    )


def render_report(
    doc: ForecastDocument,
    scenario: Scenario,
    *,
    forecasts: Sequence[Forecast] = (),
    zopa_issues: tuple[str, str] | None = None,
) -> str:
    """The report as one HTML string (see :func:`write_report`)."""
    s: list[_Section] = [_Section("headline", "Headline")]
    warned = _warnings_section(scenario)
    if warned is not None:
        s.append(warned)
    timing = _Section(
        "timing", "When: P(deal by month) and time to deal", "Shaded bands are 90% intervals."
    )
    timing.blocks += [
        _figure(figures.deal_by_month_figure(doc), "fig-deal-by-month"),
        _figure(figures.time_to_deal_figure(doc), "fig-time-to-deal"),
    ]
    s.append(timing)
    terms = _Section(
        "terms",
        "What: predicted terms per issue",
        "Boxes are the deal terms across draws that reach a deal; markers are each "
        "actor's ideal and stated (opening) position.",
    )
    terms.blocks.append(_figure(figures.terms_figure(doc, scenario), "fig-terms"))
    if any(t.n > 0 for t in doc.terms):
        terms.blocks.append(_table(doc.to_frames()["terms"]))
    else:
        terms.blocks.append(
            _note(
                "No draw reached a deal, so there are no predicted terms; the chart shows "
                "the actors' positions only."
            )
        )
    s.append(terms)
    models = _Section(
        "models",
        "The bargaining models side by side",
        "Each model's predicted outcome at the median of every uncertain input.",
    )
    frame = models_frame(forecasts) if forecasts else doc.to_frames()["models"]
    wide = tables.models_wide(frame, scenario)
    no_zopa = [f.model for f in forecasts if isinstance(f, NashForecast) and not f.zopa_exists]
    wide = wide.rename(columns={m: f"{m} (no ZOPA)" for m in no_zopa})
    models.blocks.append(_table(wide, index=True) if not wide.empty else _note("No model was run."))
    if no_zopa:
        models.blocks.append(
            _note(
                "(no ZOPA): the Nash model finds no package every veto player prefers to its "
                "floor, so its column is the package closest to acceptable, not a predicted deal."
            )
        )
    eu = [f for f in forecasts if f.model == "expected-utility" and f.trace is not None]
    if eu:
        models.blocks.append(_figure(figures.eu_trace_figure(eu[0]), "fig-eu-trace"))
    net = trade_network(forecasts)
    if net.edges:
        models.blocks.append(_figure(network_figure(net), "fig-network"))
    s.append(models)
    score = _Section(
        "scorecard",
        "Proposals scorecard",
        "Every named proposal against every actor, with the simulation's own rule in its "
        "first month: the chance the actor signs it, and what binds when it does not (a red "
        "line, a bottom line, its walk-away value, its public, or — for a ceasefire-only "
        "proposal — its insistence on settlement progress). Issues a proposal leaves open "
        "are negotiated, not frozen at today's status quo.",
    )
    if doc.proposals:
        score.blocks += [
            _figure(figures.scorecard_figure(doc, scenario), "fig-scorecard"),
            _table(tables.scorecard_wide(doc, scenario), index=True),
        ]
    else:
        score.blocks.append(_note("Proposals were not evaluated in this run."))
    s.append(score)
    levers = _Section(
        "levers",
        "Levers and uncertain inputs",
        "How far each lever (off → on) and each uncertain input (low → high end) "
        "moves P(deal by the horizon).",
    )
    moving = [x for x in doc.sensitivity if abs(x.p_high - x.p_low) > 0]
    if moving:
        levers.blocks.append(_figure(figures.tornado_figure(doc), "fig-tornado"))
    elif doc.sensitivity:
        levers.blocks.append(
            _note(
                f"None of the {len(doc.sensitivity)} levers, proposals and inputs tried moves "
                f"P(deal by the horizon) from {_pct(doc.headline.p_deal_by_horizon)} in this run."
            )
        )
    else:
        levers.blocks.append(_note("Lever and input sensitivities were not computed in this run."))
    levers.blocks += [
        _note(f"{a.name}: {a.note}") for a in doc.analyses if a.name in ("levers", "inputs")
    ]
    if doc.blockers:
        levers.blocks += [
            _note("What blocked a deal in the draws that reached none:"),
            _table(doc.to_frames()["blockers"]),
        ]
    s.append(levers)
    zx, zy = zopa_issues or default_zopa_issues(scenario)
    zopa = _Section(
        "zopa",
        "Zone of possible agreement",
        "Other issues held at the Nash model's answer; each curve is a veto player's floor "
        "(walk-away value or public tolerance); the shaded area, within every red line, is "
        "acceptable to all of them. Choose the issues with "
        "--zopa X,Y.",
    )
    nash = next((f for f in forecasts if isinstance(f, NashForecast)), None)
    zopa.blocks.append(_figure(zopa_figure(scenario, zx, zy, nash=nash), "fig-zopa"))
    if nash is not None and not nash.zopa_exists:
        zopa.blocks.append(
            _note(
                "The Nash model finds no package every veto player prefers to its floor: the "
                "other issues are held at its maximin package, the one closest to acceptable."
            )
        )
    s.append(zopa)
    assume = _Section(
        "assumptions",
        "Assumptions",
        "The inputs behind the forecast; 'judgement' marks the analyst's values, not a source's.",
    )
    assume.blocks.append(_assumptions_html(scenario))
    rates = tables.calibration_frame(doc)
    if not rates.empty:
        assume.blocks += [
            _note(
                "The simulation's calibrated rates (not scenario inputs; a scenario's "
                "calibration block overrides them). 'size: judgement' marks a rate whose "
                "direction is from the literature but whose size is the analyst's."
            ),
            _table(rates),
        ]
    s.append(assume)
    cites = _Section(
        "citations",
        "Citations and judgements",
        "Each claim's source, where in it, and what it says in our words.",
    )
    cites.blocks.append(_citations_html(scenario))
    s.append(cites)
    env = Environment(
        loader=PackageLoader("detente.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    template = env.get_template("report.html.j2")
    return template.render(
        doc=doc, sections=s, headline=_headline(doc), plotly_js=Markup(get_plotlyjs())
    )


def write_report(
    path: str | Path,
    doc: ForecastDocument,
    scenario: Scenario,
    *,
    forecasts: Sequence[Forecast] = (),
    zopa_issues: tuple[str, str] | None = None,
) -> Path:
    """Write the self-contained HTML report for a forecast and return its path.

    Parameters
    ----------
    path
        Where to write (folders are created).
    doc
        The forecast (``detente.results.build_document``), with proposals and sensitivities
        when they were computed.
    scenario
        The scenario it forecasts (positions, assumptions and citations come from it).
    forecasts
        The bargaining models' forecasts, for the side-by-side table and the expected-utility
        trace.
    zopa_issues
        The two issue ids of the ZOPA picture (default: the two the veto players weigh most).
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        render_report(doc, scenario, forecasts=forecasts, zopa_issues=zopa_issues), encoding="utf-8"
    )
    return out
