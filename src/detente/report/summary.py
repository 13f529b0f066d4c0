"""The forecast's terminal summary (rich renderables; the CLI prints them).

Three things a reader needs before opening the report: the headline chances with their
intervals, what blocks a deal, and which levers move the odds most.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from detente.results.schema import ForecastDocument

__all__ = ["forecast_summary"]


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def forecast_summary(doc: ForecastDocument, *, top: int = 5) -> RenderableType:
    """Headline probabilities with 90% intervals, the top blocking constraints and levers."""
    h = doc.headline
    horizon = doc.run.months[-1] if doc.run.months else "the horizon"
    head = Text.assemble(
        (doc.scenario.title, "bold"),
        f"  (as of {doc.scenario.as_of}; {doc.run.n_draws} draws, seed {doc.run.seed})",
    )
    numbers = Table("", "chance", "90% interval", title="Headline", title_justify="left")
    numbers.add_row(
        f"settlement by {horizon}",
        _pct(h.p_deal_by_horizon),
        f"{_pct(h.p_deal_by_horizon_low)}–{_pct(h.p_deal_by_horizon_high)}",
    )
    numbers.add_row(f"ceasefire by {horizon}", _pct(h.p_ceasefire_at_horizon), "")
    months = h.median_months_to_deal
    numbers.add_row(
        "median months to a deal", "beyond horizon" if months is None else f"{months:.1f}", ""
    )
    numbers.add_row("a deal relapses within 5 years", _pct(h.p_relapse_5y), "")
    parts: list[RenderableType] = [head, numbers]
    if doc.blockers:
        blockers = Table(
            "constraint",
            "actor",
            "issue",
            "share of no-deal draws",
            title="What blocks a deal",
            title_justify="left",
        )
        for b in sorted(doc.blockers, key=lambda b: -b.share)[:top]:
            blockers.add_row(escape(b.constraint), b.actor or "", b.issue or "", _pct(b.share))
        parts.append(blockers)
    levers = [s for s in doc.sensitivity if s.kind == "lever"]
    if levers:
        table = Table("lever", "off → on", "change", title="Top levers", title_justify="left")
        for s in sorted(levers, key=lambda s: -abs(s.p_high - s.p_low))[:top]:
            change = 100 * (s.p_high - s.p_low)
            table.add_row(
                escape(s.name), f"{_pct(s.p_low)} → {_pct(s.p_high)}", f"{change:+.0f} pts"
            )
        parts.append(table)
    return Group(*parts)
