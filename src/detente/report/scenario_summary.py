"""A readable terminal summary of a scenario (rich renderables; the CLI prints them)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from detente.scenario.scales import scale_of
from detente.scenario.schema import Scenario

__all__ = ["scenario_summary"]


def _dist_text(d: object) -> str:
    describe = getattr(d, "describe", None)
    return str(describe()) if callable(describe) else str(d)


def scenario_summary(s: Scenario) -> RenderableType:
    """Actors, issues with each actor's stated/ideal position, proposals and sources."""
    head = Text.assemble(
        (s.title, "bold"), f"  (as of {s.as_of}, id {s.id})\n", s.description.strip()
    )
    actors = Table("actor", "role", "veto", "at table", "capability", "tolerance", title="Actors")
    for a in s.actors:
        actors.add_row(
            escape(a.name),
            a.role,
            "yes" if a.veto else "",
            "yes" if a.at_table else "no",
            escape(_dist_text(a.capability)),
            escape(_dist_text(a.domestic_tolerance)),
        )
    issues = Table(
        "issue", "track", *[a.id for a in s.actors], title="Issues: stated → bottom line (salience)"
    )
    for issue in s.issues:
        sc = scale_of(issue)
        cells = []
        for a in s.actors:
            p = s.positions[a.id][issue.id]
            red = " [red]■[/]" if p.red_line else ""
            cell = f"{p.stated} → {_dist_text(p.bottom_line)} ({p.salience:.2f})"
            cells.append(escape(cell) + red)
        name = escape(issue.name) + (f"\n[dim]{escape(sc.unit)}[/]" if sc.unit else "")
        issues.add_row(name, issue.track, *cells)
    proposals = Table("proposal", "author", "date", "issues covered", title="Named proposals")
    for prop in s.proposals:
        tag = " (reference case)" if prop.reference_case else ""
        proposals.add_row(
            escape(prop.name + tag), escape(prop.author), str(prop.date), ", ".join(prop.terms)
        )
    sources = Table("source", "author", "outlet", "published", title="Sources")
    for src in s.sources:
        sources.add_row(
            escape(src.title),
            escape(src.author),
            escape(src.outlet),
            f"{src.published} ({src.date_precision})",
        )
    foot = Text(
        "■ = a red line the sources show.  Stated positions are opening offers; "
        "bottom lines are uncertain.",
        style="dim",
    )
    return Group(head, actors, issues, proposals, sources, foot)
