"""The forecast's terminal summary (rich renderables; the CLI prints them).

The one summary of a forecast document: the headline chances with their intervals, the path
over time, what blocked a deal, the terms of the deals reached, the levers that move the odds
most, and how each analysis was run. Built from the document, so a stored run prints the same.
Every table fits 80 columns.
"""

from __future__ import annotations

from collections import defaultdict

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from detente._format import BLOCKER_WORDS, pct, pts
from detente.results.schema import ForecastDocument

__all__ = ["forecast_summary"]


def _table(*columns: str, title: str) -> Table:
    return Table(*columns, title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)


def forecast_summary(doc: ForecastDocument, *, top: int = 6) -> RenderableType:
    """Headline, over time, blockers, terms, top levers and the analyses' draw counts."""
    h = doc.headline
    horizon = doc.run.months[-1] if doc.run.months else "the horizon"
    title = f"{doc.scenario.title} — forecast as of {doc.scenario.as_of}"
    head = Table(title=escape(title), show_header=False, box=None, title_justify="left")
    head.add_column(style="bold")
    head.add_column()
    head.add_row(
        f"P(settlement signed by {horizon})",
        f"{pct(h.p_deal_by_horizon)}  (90% MC interval "
        f"{pct(h.p_deal_by_horizon_low)}–{pct(h.p_deal_by_horizon_high)})",
    )
    extra = h.model_extra or {}
    lo, hi = extra.get("p_deal_by_horizon_rates_low"), extra.get("p_deal_by_horizon_rates_high")
    if lo is not None and hi is not None:
        head.add_row("  over the fitted timing rates (90%)", f"{pct(lo)}–{pct(hi)}")
    cal = doc.calibration
    if cal is not None:
        head.add_row(
            f"  calibrated on {cal.n_cases} past cases",
            f"{pct(cal.p_deal_by_horizon)}  (90% map interval "
            f"{pct(cal.p_deal_by_horizon_low)}–{pct(cal.p_deal_by_horizon_high)})",
        )
    head.add_row(f"P(ceasefire in force at {horizon})", pct(h.p_ceasefire_at_horizon))
    if cal is not None and doc.p_ceasefire_reached_by_month_calibrated:
        raw, q = (
            doc.p_ceasefire_reached_by_month[-1],
            doc.p_ceasefire_reached_by_month_calibrated[-1],
        )
        head.add_row(
            f"P(a ceasefire reached by {horizon})",
            f"{pct(raw.p)} raw · {pct(q.p)} calibrated",
        )
    if doc.p_military_decision_by_month:
        dec = doc.p_military_decision_by_month[-1]
        won = extra.get("p_decision_for_first")
        first = (doc.run.params.get("war_sides") or ["side A"])[0]
        side = (
            f", {pct(won)} of them won by {escape(str(first))}"
            if won is not None and dec.p > 0
            else ""
        )
        head.add_row(f"P(decided on the battlefield by {horizon})", f"{pct(dec.p)}{side}")
    mm = h.median_months_to_deal
    head.add_row("Median months to a deal", "beyond the horizon" if mm is None else f"{mm:.0f}")
    head.add_row("P(war resumes within 5 years of a deal)", pct(h.p_relapse_5y))
    head.add_row("Draws", f"{doc.run.n_draws:,} (seed {doc.run.seed})")
    parts: list[RenderableType] = [head, _calibration_note(doc), _over_time(doc)]
    blockers = _blockers(doc, top)
    if blockers is not None:
        parts.append(blockers)
    if doc.terms and doc.terms[0].n > 0:
        terms = _table("issue", "median deal", "5–95%", title="Terms of the deals reached")
        for t in doc.terms:
            spread = "—" if t.q05 is None or t.q95 is None else f"{t.q05:.3g} – {t.q95:.3g}"
            terms.add_row(escape(t.issue_name), escape(t.label_q50), spread)
        parts.append(terms)
    levers = [s for s in doc.sensitivity if s.kind == "lever" and s.p_high != s.p_low]
    if levers:
        table = _table("lever", "off → on", "change (pts)", title="Levers that move P(deal) most")
        for s in sorted(levers, key=lambda s: -abs(s.p_high - s.p_low))[:3]:
            table.add_row(
                escape(s.name), f"{pct(s.p_low)} → {pct(s.p_high)}", pts(s.p_high - s.p_low)
            )
        parts.append(table)
    parts += [
        Text(f"model {f.model} could not run: {f.error}", style="yellow")
        for f in doc.model_failures
    ]
    parts += [
        Text(f"{a.name}: {a.note}", style="dim")
        for a in doc.analyses
        if a.name in ("levers", "inputs")
    ]
    return Group(*parts)


def _calibration_note(doc: ForecastDocument) -> Text:
    """Which numbers are raw and which calibrated, or how to get the calibrated ones."""
    if doc.calibration is None:
        return Text(
            "Raw simulation only: give war.kind and war.started in the scenario to see the "
            "forecast calibrated on the case library (docs/validation.md).",
            style="dim",
        )
    return Text(
        "Raw: shares of simulated draws. Calibrated: what such shares have meant on the case "
        "library (`detente backtest`, docs/validation.md); its interval is the map's own "
        "uncertainty.",
        style="dim",
    )


def _over_time(doc: ForecastDocument) -> Table:
    table = _table("month", "P(settlement by)", "P(ceasefire in force)", title="Over time")
    n = len(doc.p_settlement_by_month)
    for k in sorted({min(3, n) - 1, min(6, n) - 1, min(12, n) - 1, n - 1}):
        s, c = doc.p_settlement_by_month[k], doc.p_ceasefire_by_month[k]
        table.add_row(
            s.month,
            f"{pct(s.p)} [{pct(s.low)}, {pct(s.high)}]",
            f"{pct(c.p)} [{pct(c.low)}, {pct(c.high)}]",
        )
    return table


def _blockers(doc: ForecastDocument, top: int) -> RenderableType | None:
    """Blockers grouped by issue and kind (actors joined), largest share first."""
    if not doc.blockers:
        return None
    names = {t.issue: t.issue_name for t in doc.terms}
    share: dict[tuple[str, str], float] = defaultdict(float)
    actors: dict[tuple[str, str], set[str]] = defaultdict(set)
    coupled = 0.0
    for b in doc.blockers:
        if b.kind == "coupling":
            coupled += b.share
            continue
        key = (names.get(b.issue or "", "(whole deal)"), b.kind)
        share[key] += b.share
        if b.actor:
            actors[key].add(b.actor)
    table = _table("issue", "constraint", "whose", "share", title="What blocked a deal most often")
    for key in sorted(share, key=lambda k: -share[k])[:top]:
        where, kind = key
        table.add_row(
            escape(where),
            BLOCKER_WORDS.get(kind, kind),
            escape(", ".join(sorted(actors[key]))),
            pct(share[key]),
        )
    if coupled > 0:
        table.caption = (
            f"Besides: in {pct(coupled)} of those months a ceasefire was held back "
            "by a side that will not stop fighting before its settlement terms are met."
        )
    return table
