"""The report's tables as DataFrames: models side by side, the proposals scorecard, the
assumptions and the citations.

Tables are data first (testable, exportable) and HTML second; ``html.py`` renders them.
Every value a reader sees in the assumptions table says whether a source or the analyst's
judgement stands behind it, because a forecast is only as good as its least-cited input.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pandas as pd
from pydantic import BaseModel

from detente._format import pct
from detente.results.schema import ForecastDocument
from detente.scenario.schema import Citation, Judgement, Scenario

__all__ = [
    "assumptions_frame",
    "citations_frame",
    "models_wide",
    "scorecard_wide",
]


def models_wide(frame: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """The side-by-side table from :func:`models_frame`: a row per issue, a column per model."""
    if frame.empty:
        return pd.DataFrame()
    names = {i.id: i.name for i in scenario.issues}
    wide = frame.pivot(index="issue", columns="model", values="label")
    order = [i.id for i in scenario.issues if i.id in wide.index]
    wide = wide.loc[order]
    wide.index = [names[i] for i in wide.index]
    wide.index.name = "issue"
    wide.columns.name = None
    return wide


def _verdict(row: Any) -> str:
    """ "✓ 80%", "✗ 0% bottom line (donbas)", "✗ red line (crimea) 0%"; margins for old tables."""
    if row.breaks_red_line:
        crossed = list(getattr(row, "red_lines", None) or [])
        mark = "✗ red line" + (f" ({', '.join(crossed)})" if crossed else "")
    elif row.acceptable:
        mark = "✓"
    else:
        mark = "✗"
        reason = getattr(row, "reason", None)
        if reason and reason not in ("accepted", "red_line"):
            issue = getattr(row, "binding_issue", None)
            mark += " " + reason.replace("_", " ") + (f" ({issue})" if issue else "")
    p = getattr(row, "p_accept", None)
    if p is not None and p == p:
        return f"{mark} {100 * p:.0f}%"
    margin = "" if row.margin is None or row.margin != row.margin else f" {row.margin:+.2f}"
    return mark + margin


def scorecard_wide(doc: ForecastDocument, scenario: Scenario) -> pd.DataFrame:
    """Proposal × actor verdicts ("✓ 80%", "✗ bottom line (donbas) 3%"), track, durability."""
    frame = doc.to_frames()["proposals"]
    if frame.empty:
        return pd.DataFrame()
    frame = frame.assign(verdict=[_verdict(r) for r in frame.itertuples(index=False)])
    wide = frame.pivot(index="proposal", columns="actor", values="verdict")
    actors = [a.id for a in scenario.actors if a.id in wide.columns]
    wide = wide[actors].rename(columns={a.id: a.name for a in scenario.actors})
    durability = frame.groupby("proposal")["durability"].first()
    track = frame.groupby("proposal")["track"].first()
    if track.notna().any():
        wide["track"] = [t if isinstance(t, str) else "" for t in track.reindex(wide.index)]
    wide["durability (5 y)"] = [pct(d, 0) for d in durability.reindex(wide.index)]
    names = {
        p.id: p.name + (" (reference case)" if p.reference_case else "") for p in scenario.proposals
    }
    order = [p.id for p in scenario.proposals if p.id in wide.index]
    order += [p for p in wide.index if p not in order]
    wide = wide.loc[order]
    wide.index = [names.get(p, p) for p in wide.index]
    wide.index.name = "proposal"
    wide.columns.name = None
    return wide


def _records(node: Any, path: str) -> Iterator[tuple[str, BaseModel]]:
    """Every record with an ``evidence`` list in the scenario, with its dotted path."""
    if isinstance(node, BaseModel):
        if "evidence" in type(node).model_fields:
            yield path, node
        for name in type(node).model_fields:
            if name != "evidence":
                yield from _records(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _records(v, f"{path}.{k}")
    elif isinstance(node, (list, tuple)):
        for i, v in enumerate(node):
            key = getattr(v, "id", None) or str(i)
            yield from _records(v, f"{path}.{key}")


def citations_frame(scenario: Scenario) -> pd.DataFrame:
    """One row per piece of evidence: record, kind, source, locator, paraphrase or judgement."""
    titles = {s.id: f"{s.title} ({s.author}, {s.outlet}, {s.published})" for s in scenario.sources}
    rows = []
    for path, record in _records(scenario, ""):
        for ev in getattr(record, "evidence", []):
            if isinstance(ev, Citation):
                rows.append(
                    {
                        "record": path,
                        "kind": "citation",
                        "source": titles.get(ev.source, ev.source),
                        "locator": ev.locator,
                        "text": ev.paraphrase,
                        "supports": ", ".join(ev.supports),
                    }
                )
            elif isinstance(ev, Judgement):
                rows.append(
                    {
                        "record": path,
                        "kind": "judgement",
                        "source": "analyst's judgement",
                        "locator": "",
                        "text": ev.judgement,
                        "supports": ", ".join(ev.supports),
                    }
                )
    return pd.DataFrame(rows, columns=["record", "kind", "source", "locator", "text", "supports"])


def _g(x: Any) -> str:
    return f"{x:g}" if isinstance(x, (int, float)) else str(x)


def _dist(d: Any) -> str:
    if isinstance(d, (int, float, str)):
        return _g(d)
    return str(d.describe())


def _basis(evidence: Sequence[Any], fields: Sequence[str] = ()) -> str:
    """Which kind of evidence backs a row, and for which of its fields.

    Only evidence that ``supports`` one of ``fields`` (or every field, '*') counts. Where both
    a citation and a judgement back the row, each part is named with the fields it backs,
    e.g. "cited (stated, red_line) + judgement (bottom_line)".
    """
    wanted = set(fields)
    backs: dict[str, set[str]] = {}
    for e in evidence:
        sup = set(getattr(e, "supports", ["*"]))
        if wanted and "*" not in sup and not (sup & wanted):
            continue
        kind = "judgement" if isinstance(e, Judgement) else "cited"
        backs.setdefault(kind, set()).update(sup if "*" in sup or not wanted else sup & wanted)
    if not backs:
        return "uncited"
    if len(backs) == 1:
        return next(iter(backs))

    def part(kind: str) -> str:
        got = backs[kind]
        return kind if "*" in got else f"{kind} ({', '.join(sorted(got))})"

    return f"{part('cited')} + {part('judgement')}"


def assumptions_frame(scenario: Scenario) -> pd.DataFrame:
    """The inputs that drive the forecast, each with its basis: cited, judgement or uncited."""
    rows: list[dict[str, str]] = []

    def add(what: str, value: str, evidence: Sequence[Any], *fields: str) -> None:
        rows.append({"assumption": what, "value": value, "basis": _basis(evidence, fields)})

    for a in scenario.actors:
        add(f"{a.name}: capability", _dist(a.capability), a.evidence, "capability")
        add(
            f"{a.name}: domestic tolerance",
            _dist(a.domestic_tolerance),
            a.evidence,
            "domestic_tolerance",
        )
    for actor_id, by_issue in scenario.positions.items():
        actor = scenario.actor(actor_id).name
        for issue_id, p in by_issue.items():
            issue = scenario.issue(issue_id).name
            red = f"; red line {p.red_line.limit}" if p.red_line else ""
            add(
                f"{actor} on {issue}: bottom line "
                f"(stated {p.stated}, salience {p.salience:.2f}{red})",
                _dist(p.bottom_line),
                p.evidence,
                "bottom_line",
                "stated",
                "salience",
                "red_line",
            )
    if scenario.war is not None:
        w = scenario.war
        add("P(side A prevails)", _dist(w.p_first_prevails), w.evidence, "p_first_prevails")
        add("front-line trend per month", _dist(w.trend_per_month), w.evidence, "trend_per_month")
        for actor_id, side in w.beliefs.items():
            name = scenario.actor(actor_id).name
            add(f"{name}: optimism", _dist(side.optimism), side.evidence, "optimism")
            add(
                f"{name}: monthly cost of war",
                _dist(side.monthly_cost),
                side.evidence,
                "monthly_cost",
            )
    for lever in scenario.levers:
        add(
            f"lever {lever.name}: credibility",
            _dist(lever.credibility),
            lever.evidence,
            "credibility",
        )
    return pd.DataFrame(rows, columns=["assumption", "value", "basis"])


def calibration_frame(doc: ForecastDocument) -> pd.DataFrame:
    """The calibrated rates the forecast used, each with where its value comes from.

    The rates are not scenario inputs but the simulation's own constants (defaults, or the
    scenario's ``calibration`` block); the forecast rests on them as much as on the inputs.
    """
    params = doc.run.params
    values = dict(params.get("calibration", {}))
    sources = dict(params.get("calibration_sources", {}))
    rows = []
    for name, value in values.items():
        if isinstance(value, dict):
            shown = ", ".join(f"{k} {_g(v)}" for k, v in sorted(value.items())) or "—"
        else:
            shown = f"{value:.4g}" if isinstance(value, (int, float)) else str(value)
        rows.append({"rate": name, "value": shown, "source": sources.get(name, "")})
    return pd.DataFrame(rows, columns=["rate", "value", "source"])
