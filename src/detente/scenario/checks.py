"""Cross-field rules a scenario must satisfy beyond its schema.

Each rule is a small function yielding :class:`Finding` objects; :func:`run_checks` runs them
all so a user sees every problem at once. Findings carry a location tuple (the path through
the YAML document) which the loader turns into a line number.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from detente.scenario.correlation import (
    nearest_correlation,
    pearson_to_spearman,
    spearman_to_pearson,
)
from detente.scenario.scales import IssueScale, scale_of
from detente.scenario.schema import (
    Actor,
    Bystander,
    Calibration,
    Citation,
    Condition,
    Constraint,
    Correlation,
    Issue,
    Judgement,
    Lever,
    NumericScale,
    Owner,
    Position,
    PowerShift,
    Proposal,
    Ratification,
    RedLine,
    Scenario,
    Side,
    War,
)
from detente.scenario.uncertain import Beta, Fixed, Normal, Triangular, Uniform

__all__ = ["Finding", "Loc", "model_warnings", "run_checks", "uncertain_paths"]

Loc = tuple[str | int, ...]
Dist = Fixed | Uniform | Triangular | Normal | Beta


@dataclass(frozen=True)
class Finding:
    """One rule broken (``error``) or one thing to look at (``warning``)."""

    loc: Loc
    message: str
    fix: str = ""
    severity: Literal["error", "warning"] = "error"
    about: Literal["model", "evidence"] = "model"
    """``evidence``: how a value is backed (``scenario validate`` lists these); ``model``: what
    the forecast does with the values (also shown by every command and in the report)."""


def _suggest(name: str, known: list[str]) -> str:
    known = list(dict.fromkeys(known))
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"use one of: {', '.join(known)}" if known else "define it first"


def _dist_values(d: Dist) -> list[tuple[str, Any]]:
    if isinstance(d, Fixed):
        return [("value", d.value)]
    if isinstance(d, Uniform):
        return [("low", d.low), ("high", d.high)]
    if isinstance(d, Triangular):
        return [("low", d.low), ("mode", d.mode), ("high", d.high)]
    if isinstance(d, Normal):
        return [(k, v) for k, v in (("low", d.low), ("high", d.high)) if v is not None]
    return []


def _numeric(d: Dist) -> list[tuple[str, float]]:
    return [(k, float(v)) for k, v in _dist_values(d) if not isinstance(v, str)]


# --- rules ------------------------------------------------------------------------------


def check_ids_unique(s: Scenario) -> Iterator[Finding]:
    """Ids are unique within each list (actors, issues, sources, levers, proposals, options)."""
    groups: list[tuple[str, list[Any]]] = [
        ("actors", s.actors),
        ("issues", s.issues),
        ("sources", s.sources),
        ("levers", s.levers),
        ("proposals", s.proposals),
    ]
    for name, items in groups:
        counts = Counter(x.id for x in items)
        seen: set[str] = set()
        for k, x in enumerate(items):
            if counts[x.id] > 1 and x.id in seen:
                yield Finding(
                    (name, k, "id"),
                    f"duplicate id '{x.id}' (it appears {counts[x.id]} times in {name})",
                    "give each entry its own id",
                )
            seen.add(x.id)
    for k, issue in enumerate(s.issues):
        if issue.scale.kind == "ordinal":
            opts = Counter(o.id for o in issue.scale.options)
            for j, o in enumerate(issue.scale.options):
                if opts[o.id] > 1:
                    yield Finding(
                        ("issues", k, "scale", "options", j, "id"),
                        f"duplicate option id '{o.id}'",
                        "give each option its own id",
                    )


def check_scales(s: Scenario) -> Iterator[Finding]:
    """Numeric scales have max > min with anchors inside; ordinal option values increase."""
    for k, issue in enumerate(s.issues):
        sc = issue.scale
        if isinstance(sc, NumericScale):
            if not sc.max > sc.min:
                yield Finding(
                    ("issues", k, "scale", "max"),
                    f"max must be greater than min (got min={sc.min:g}, max={sc.max:g})",
                    "swap or correct the bounds",
                )
                continue
            for j, a in enumerate(sc.anchors):
                if not sc.min <= a.value <= sc.max:
                    yield Finding(
                        ("issues", k, "scale", "anchors", j, "value"),
                        f"anchor {a.value:g} is outside the scale [{sc.min:g}, {sc.max:g}]",
                        "move the anchor onto the scale or widen min/max",
                    )
        else:
            given = [o.value for o in sc.options if o.value is not None]
            if given and len(given) != len(sc.options):
                yield Finding(
                    ("issues", k, "scale", "options"),
                    "some options have a `value` and some do not",
                    "give every option a value, or none (evenly spaced)",
                )
            elif given and any(b <= a for a, b in pairwise(given)):
                yield Finding(
                    ("issues", k, "scale", "options"),
                    f"option values must increase in the order listed (got {given})",
                    "list options in order with increasing values",
                )


def check_references_known(s: Scenario) -> Iterator[Finding]:
    """Every actor, issue and source id mentioned elsewhere is defined."""
    actors = [a.id for a in s.actors]
    issues = [i.id for i in s.issues]
    for aid, row in s.positions.items():
        if aid not in actors:
            yield Finding(("positions", aid), f"unknown actor '{aid}'", _suggest(aid, actors))
        for iid in row:
            if iid not in issues:
                yield Finding(
                    ("positions", aid, iid), f"unknown issue '{iid}'", _suggest(iid, issues)
                )
    if s.war is not None:
        w = s.war
        for j, side in enumerate(w.sides):
            if side not in actors:
                yield Finding(
                    ("war", "sides", j), f"unknown actor '{side}'", _suggest(side, actors)
                )
        for key in (*w.beliefs, *w.bystanders):
            group = "beliefs" if key in w.beliefs else "bystanders"
            if key not in actors:
                yield Finding(("war", group, key), f"unknown actor '{key}'", _suggest(key, actors))
    for k, lv in enumerate(s.levers):
        if lv.actor not in actors:
            yield Finding(
                ("levers", k, "actor"), f"unknown actor '{lv.actor}'", _suggest(lv.actor, actors)
            )
        for j, e in enumerate(lv.effects):
            if e.target not in actors:
                yield Finding(
                    ("levers", k, "effects", j, "target"),
                    f"unknown actor '{e.target}'",
                    _suggest(e.target, actors),
                )
    for k, p in enumerate(s.proposals):
        for iid in p.terms:
            if iid not in issues:
                yield Finding(
                    ("proposals", k, "terms", iid),
                    f"proposal '{p.id}' names unknown issue '{iid}'",
                    _suggest(iid, issues),
                )
        for j, g in enumerate(p.guaranteed_by):
            if g not in actors:
                yield Finding(
                    ("proposals", k, "guaranteed_by", j),
                    f"unknown actor '{g}'",
                    _suggest(g, actors),
                )


def check_positions_complete(s: Scenario) -> Iterator[Finding]:
    """Every actor states a position on every issue (salience 0 where it does not care)."""
    issues = [i.id for i in s.issues]
    for a in s.actors:
        row = s.positions.get(a.id)
        if row is None:
            yield Finding(
                ("positions",),
                f"actor '{a.id}' has no positions",
                f"add positions.{a.id} with an entry for each issue ({', '.join(issues)})",
            )
            continue
        missing = [i for i in issues if i not in row]
        if missing:
            yield Finding(
                ("positions", a.id),
                f"actor '{a.id}' has no position on: {', '.join(missing)}",
                "add them (salience 0 if the actor does not care about an issue)",
            )


def check_saliences_normalise(s: Scenario) -> Iterator[Finding]:
    """Each actor's saliences sum to 1 (within 0.01)."""
    for aid, row in s.positions.items():
        total = sum(p.salience for p in row.values())
        if abs(total - 1.0) > 0.01:
            yield Finding(
                ("positions", aid),
                f"saliences of '{aid}' must sum to 1 (got {total:.3f})",
                "rescale them so they add up to 1",
            )


def _on_scale(scale: IssueScale, value: Any, loc: Loc, what: str) -> Iterator[Finding]:
    try:
        scale.to_unit(value)
    except ValueError as exc:
        fix = (
            f"use one of: {', '.join(scale.option_ids)}"
            if scale.kind == "ordinal"
            else f"use a number in [{scale.low:g}, {scale.high:g}]"
        )
        yield Finding(loc, f"{what}: {exc}", fix)


def check_values_on_scale(s: Scenario) -> Iterator[Finding]:
    """Stated, ideal, bottom-line, red-line, status-quo and proposal values lie on their scale."""
    scales = {i.id: scale_of(i) for i in s.issues}
    for k, issue in enumerate(s.issues):
        if issue.status_quo is not None:
            yield from _on_scale(
                scales[issue.id], issue.status_quo, ("issues", k, "status_quo"), "status quo"
            )
    for aid, row in s.positions.items():
        for iid, p in row.items():
            if iid not in scales:
                continue
            sc, base = scales[iid], ("positions", aid, iid)
            yield from _on_scale(sc, p.stated, (*base, "stated"), "stated position")
            yield from _on_scale(sc, p.ideal, (*base, "ideal"), "ideal point")
            for name, v in _dist_values(p.bottom_line):
                yield from _on_scale(sc, v, (*base, "bottom_line", name), "bottom line")
            if isinstance(p.bottom_line, Normal | Beta) and sc.kind == "ordinal":
                yield Finding(
                    (*base, "bottom_line"),
                    "a bottom line on an ordinal scale must be fixed, uniform or triangular",
                    "give it as option ids, e.g. {dist: triangular, low: …, mode: …, high: …}",
                )
            if p.red_line is not None:
                yield from _on_scale(sc, p.red_line.limit, (*base, "red_line", "limit"), "red line")
    for k, prop in enumerate(s.proposals):
        for iid, v in prop.terms.items():
            if iid in scales:
                yield from _on_scale(
                    scales[iid], v, ("proposals", k, "terms", iid), f"proposal '{prop.id}'"
                )


def check_distributions(s: Scenario) -> Iterator[Finding]:
    """Ranges are ordered (low ≤ mode ≤ high) and quantities lie in their domains."""
    for loc, dist, lo, hi in uncertain_paths(s):
        words = [(k, v) for k, v in _dist_values(dist) if isinstance(v, str)]
        if words:
            k, v = words[0]
            yield Finding(
                loc if isinstance(dist, Fixed) else (*loc, k),
                f"must be a number (got '{v}')",
                "write a number (option ids are only allowed for positions on ordinal issues)",
            )
            continue
        if isinstance(dist, Uniform | Triangular):
            vals = _numeric(dist)
            if len(vals) == len(_dist_values(dist)) and any(b[1] < a[1] for a, b in pairwise(vals)):
                order = "low ≤ mode ≤ high" if isinstance(dist, Triangular) else "low ≤ high"
                got = ", ".join(f"{k}={v:g}" for k, v in vals)
                yield Finding(loc, f"must satisfy {order} (got {got})", "reorder the values")
                continue
        if lo is None and hi is None:
            continue
        for name, num in _numeric(dist):
            if (lo is not None and num < lo) or (hi is not None and num > hi):
                rng = f"[{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}]"
                yield Finding(
                    (*loc, name) if not isinstance(dist, Fixed) else loc,
                    f"must be within {rng} (got {num:g})",
                    f"use a value in {rng}",
                )
        if (
            isinstance(dist, Normal)
            and (dist.low is None or dist.high is None)
            and (lo is not None and hi is not None)
        ):
            yield Finding(
                loc,
                f"a normal distribution here must be truncated to [{lo}, {hi}] (low/high missing)",
                f"add low: {lo} and high: {hi}",
            )


def uncertain_paths(s: Scenario) -> Iterator[tuple[Loc, Dist, float | None, float | None]]:
    """Yield (location, distribution, domain low, domain high) for every numeric uncertain input.

    Bottom lines are excluded (their domain is their issue's scale, checked separately).
    """
    for k, a in enumerate(s.actors):
        yield ("actors", k, "capability"), a.capability, 1e-9, None
        yield ("actors", k, "domestic_tolerance"), a.domestic_tolerance, 0.0, 1.0
        yield ("actors", k, "spoiler_capacity"), a.spoiler_capacity, 0.0, 1.0
        for j, r in enumerate(a.ratification):
            if r.margin is not None:
                yield ("actors", k, "ratification", j, "margin"), r.margin, -1.0, 1.0
            if r.accountability is not None:
                yield ("actors", k, "ratification", j, "accountability"), r.accountability, 0.0, 1.0
    if s.war is not None:
        w = s.war
        yield ("war", "p_first_prevails"), w.p_first_prevails, 0.0, 1.0
        yield ("war", "trend_per_month"), w.trend_per_month, -1.0, 1.0
        yield ("war", "volatility_per_month"), w.volatility_per_month, 0.0, 1.0
        yield ("war", "horizon_months"), w.horizon_months, 1.0, 600.0
        for aid, side in w.beliefs.items():
            yield ("war", "beliefs", aid, "optimism"), side.optimism, -1.0, 1.0
            yield ("war", "beliefs", aid, "collapse_hope"), side.collapse_hope, 0.0, 1.0
            yield ("war", "beliefs", aid, "monthly_cost"), side.monthly_cost, 0.0, 1.0
        for aid, b in w.bystanders.items():
            yield ("war", "bystanders", aid, "monthly_cost"), b.monthly_cost, 0.0, 1.0
    for aid, row in s.positions.items():
        for iid, pos in row.items():
            if pos.red_line is not None and pos.red_line.firmness is not None:
                loc = ("positions", aid, iid, "red_line", "firmness")
                yield loc, pos.red_line.firmness, 0.0, 1.0
    for k, lv in enumerate(s.levers):
        yield ("levers", k, "credibility"), lv.credibility, 0.0, 1.0
        for j, e in enumerate(lv.effects):
            yield ("levers", k, "effects", j, "delta"), e.delta, -1.0, 1.0


def check_war(s: Scenario) -> Iterator[Finding]:
    """The war block names two distinct belligerents, each with its beliefs."""
    if s.war is None:
        return
    w = s.war
    if w.sides[0] == w.sides[1]:
        yield Finding(("war", "sides"), "the two sides must differ", "name two different actors")
    by_id = {a.id: a for a in s.actors}
    for j, side in enumerate(w.sides):
        if side in by_id and by_id[side].role != "belligerent":
            yield Finding(
                ("war", "sides", j),
                f"'{side}' is a {by_id[side].role}, not a belligerent",
                "set its role to belligerent or name a belligerent here",
            )
        if side not in w.beliefs:
            yield Finding(
                ("war", "beliefs"), f"no beliefs given for side '{side}'", f"add war.beliefs.{side}"
            )
    for key in w.beliefs:
        if key not in w.sides:
            yield Finding(
                ("war", "beliefs", key),
                f"'{key}' is not one of the two sides",
                "move it to war.bystanders or to war.sides",
            )
    if w.started is not None and w.started > s.as_of:
        yield Finding(
            ("war", "started"),
            f"the war must have started by as_of {s.as_of} (got {w.started})",
            "give the start of the episode running at as_of, or leave started out",
        )
    if (w.kind is None) != (w.started is None):
        given, missing = ("kind", "started") if w.started is None else ("started", "kind")
        yield Finding(
            ("war", missing),
            f"war.{given} is given without war.{missing}; the reference class needs both",
            f"add war.{missing}, or remove war.{given}",
        )


def check_correlations(s: Scenario) -> Iterator[Finding]:
    """Correlations name two different uncertain inputs that exist, each pair once, and form
    a valid (positive-definite) matrix — or the analyst is told how far the repair moves them."""
    known = {".".join(str(p) for p in loc): loc for loc, *_ in uncertain_paths(s)}
    known.update(_named_paths(s))
    first: dict[frozenset[Loc], int] = {}
    pairs: dict[frozenset[Loc], int] = {}
    for k, c in enumerate(s.correlations):
        for key in ("a", "b"):
            path = getattr(c, key)
            if path not in known:
                yield Finding(
                    ("correlations", k, key),
                    f"'{path}' is not an uncertain input of this scenario",
                    _suggest(path, sorted(known)),
                )
        if c.a == c.b or (c.a in known and known[c.a] == known.get(c.b)):
            yield Finding(("correlations", k), "a and b must differ", "name two different inputs")
            continue
        if c.a not in known or c.b not in known:
            continue
        pair = frozenset((known[c.a], known[c.b]))
        if pair in first:
            j = first[pair]
            yield Finding(
                ("correlations", k),
                f"duplicate pair: correlations[{j}] and correlations[{k}] both correlate "
                f"'{c.a}' and '{c.b}' (rho {s.correlations[j].rho:g} and {c.rho:g}); only one "
                "can hold",
                "keep one entry per pair of inputs",
            )
            continue
        first[pair] = k
        pairs[pair] = k
    yield from _repaired_matrix(s, pairs)


def _repaired_matrix(s: Scenario, pairs: dict[frozenset[Loc], int]) -> Iterator[Finding]:
    """A warning saying how far the nearest valid matrix moves the declared correlations."""
    if not pairs:
        return
    locs = sorted({loc for pair in pairs for loc in pair}, key=str)
    index = {loc: i for i, loc in enumerate(locs)}
    corr = np.eye(len(locs))
    for pair, k in pairs.items():
        a, b = (index[loc] for loc in pair)
        corr[a, b] = corr[b, a] = spearman_to_pearson(s.correlations[k].rho)
    fixed, repaired = nearest_correlation(corr)
    if not repaired:
        return
    moves = []
    for pair, k in pairs.items():
        a, b = (index[loc] for loc in pair)
        moves.append((abs(pearson_to_spearman(fixed[a, b]) - s.correlations[k].rho), k, a, b))
    shift, k, a, b = max(moves)
    c = s.correlations[k]
    yield Finding(
        ("correlations",),
        "the correlations are not mutually consistent (the matrix is not positive definite), "
        f"so the nearest valid matrix is used: it moves them by up to {shift:.3f} "
        f"(correlations[{k}] '{c.a}'–'{c.b}' {c.rho:g} → "
        f"{pearson_to_spearman(fixed[a, b]):.3f})",
        "lower the strongest correlations, or check their signs agree (if a and b move "
        "together and b and c too, a and c cannot move apart)",
        severity="warning",
    )


def _named_paths(s: Scenario) -> dict[str, Loc]:
    """Readable aliases for uncertain inputs: actors.<id>.x, levers.<id>.credibility and
    positions.<actor>.<issue>.bottom_line (the names the sampler gives them, so an analyst can
    correlate, say, one side's bottom lines on two issues)."""
    out: dict[str, Loc] = {}
    for k, a in enumerate(s.actors):
        for f in ("capability", "domestic_tolerance", "spoiler_capacity"):
            out[f"actors.{a.id}.{f}"] = ("actors", k, f)
        for j, r in enumerate(a.ratification):
            for f in ("margin", "accountability"):
                if getattr(r, f) is not None:
                    out[f"actors.{a.id}.ratification.{j}.{f}"] = ("actors", k, "ratification", j, f)
    for k, lv in enumerate(s.levers):
        out[f"levers.{lv.id}.credibility"] = ("levers", k, "credibility")
    for aid, row in s.positions.items():
        for iid in row:
            out[f"positions.{aid}.{iid}.bottom_line"] = ("positions", aid, iid, "bottom_line")
    return out


# --- evidence ------------------------------------------------------------------------------

_VALUE_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {
    Actor: ("capability", "domestic_tolerance", "spoiler_capacity"),
    Ratification: ("instrument", "margin", "date", "accountability"),
    Position: ("stated", "ideal", "bottom_line", "salience", "red_line"),
    Side: ("optimism", "collapse_hope", "monthly_cost"),
    Bystander: ("monthly_cost",),
    War: (
        "p_first_prevails",
        "trend_per_month",
        "volatility_per_month",
        "horizon_months",
        "kind",
        "started",
    ),
    Lever: ("effects", "credibility"),
    Proposal: ("terms",),
    Issue: ("status_quo",),
    Owner: ("actor", "needed_for"),
    RedLine: ("firmness",),
    PowerShift: ("at_min", "at_max"),
    Constraint: ("when", "then"),
    Calibration: (
        "sign_hazard",
        "relapse_5y",
        "relapse_shape",
        "guarantee_hazard_ratio",
        "power_shift_hazard_ratio",
        "tolerance_hazard_ratio",
        "ceasefire_hazard_ratio",
        "relapse_penalty",
        "cost_escalation",
        "belief_strength",
        "coupling",
    ),
    Correlation: ("rho",),
}


def _records(s: Scenario) -> Iterator[tuple[Loc, BaseModel]]:
    for k, a in enumerate(s.actors):
        yield ("actors", k), a
        for j, r in enumerate(a.ratification):
            yield ("actors", k, "ratification", j), r
    for k, i in enumerate(s.issues):
        yield ("issues", k), i
        for j, o in enumerate(i.owners):
            yield ("issues", k, "owners", j), o
        if i.power_shift is not None:
            yield ("issues", k, "power_shift"), i.power_shift
    for aid, row in s.positions.items():
        for iid, p in row.items():
            yield ("positions", aid, iid), p
            if p.red_line is not None and p.red_line.firmness is not None:
                yield ("positions", aid, iid, "red_line"), p.red_line
    if s.war is not None:
        yield ("war",), s.war
        for aid, side in s.war.beliefs.items():
            yield ("war", "beliefs", aid), side
        for aid, b in s.war.bystanders.items():
            yield ("war", "bystanders", aid), b
    for k, lv in enumerate(s.levers):
        yield ("levers", k), lv
    for k, prop in enumerate(s.proposals):
        yield ("proposals", k), prop
    for k, c in enumerate(s.correlations):
        yield ("correlations", k), c
    for k, rule in enumerate(s.constraints):
        yield ("constraints", k), rule
    if s.calibration is not None:
        yield ("calibration",), s.calibration


def check_evidence(s: Scenario) -> Iterator[Finding]:
    """Citations name known sources and real fields, and never look ahead of ``as_of``.

    Values with no citation or judgement are reported as warnings (errors under ``strict``).
    """
    sources = {src.id: src for src in s.sources}
    for loc, rec in _records(s):
        fields = _VALUE_FIELDS.get(type(rec), ())
        evidence: list[Citation | Judgement] = list(getattr(rec, "evidence", []))
        covered: set[str] = set()
        for j, ev in enumerate(evidence):
            eloc = (*loc, "evidence", j)
            for name in ev.supports:
                if name != "*" and name not in fields:
                    yield Finding(
                        (*eloc, "supports"),
                        f"'{name}' is not a value field of this record",
                        _suggest(name, ["*", *fields]),
                    )
            covered.update(fields if "*" in ev.supports else ev.supports)
            if isinstance(ev, Citation):
                src = sources.get(ev.source)
                if src is None:
                    yield Finding(
                        (*eloc, "source"),
                        f"unknown source '{ev.source}'",
                        _suggest(ev.source, list(sources)),
                    )
                elif src.published > s.as_of:
                    if not ev.fact_true_by_as_of:
                        yield Finding(
                            (*eloc, "fact_true_by_as_of"),
                            f"source '{src.id}' was published {src.published}, "
                            f"after as_of {s.as_of}",
                            "cite it only for a fact already true by as_of, and say why "
                            "in fact_true_by_as_of",
                        )
                    else:
                        yield Finding(
                            eloc,
                            f"cites '{src.id}' (published {src.published}, after as_of {s.as_of}) "
                            f"for a fact true by then: {ev.fact_true_by_as_of}",
                            severity="warning",
                            about="evidence",
                        )
        set_fields = [
            f for f in fields if f in rec.model_fields_set and getattr(rec, f) is not None
        ]
        uncited = [f for f in set_fields if f not in covered]
        if uncited:
            yield Finding(
                loc,
                f"no citation or judgement backs: {', '.join(uncited)}",
                "add an evidence entry (a citation, or a judgement with its rationale)",
                severity="warning",
                about="evidence",
            )


LATEST_AS_OF = dt.date(9979, 12, 31)
"""The latest ``as_of`` a forecast can start from: its months (up to 240, the simulation's
limit) must still have four-digit years, as every results file writes them (``YYYY-MM``)."""


def check_dates(s: Scenario) -> Iterator[Finding]:
    """``as_of`` leaves room for a forecast, and no proposal is dated after it (look-ahead)."""
    if s.as_of > LATEST_AS_OF:
        yield Finding(
            ("as_of",),
            f"as_of must be no later than {LATEST_AS_OF} (got {s.as_of}): a forecast runs up "
            "to 240 months past it, and months are written with four-digit years",
            "write the date the scenario describes",
        )
    for k, prop in enumerate(s.proposals):
        if prop.date > s.as_of:
            yield Finding(
                ("proposals", k, "date"),
                f"proposal '{prop.id}' is dated {prop.date}, after as_of {s.as_of}: the scenario "
                "cannot know of it",
                "remove the proposal, or move as_of to a date when it was on the table",
            )


def check_at_table(s: Scenario) -> Iterator[Finding]:
    """``at_table: false`` changes nothing for a belligerent without veto or spoiler capacity.

    The simulation uses ``at_table`` twice: a deal is signed only when every veto player is
    seated, and a party left out may spoil the deal by its spoiler capacity. A belligerent with
    neither is modelled the same at the table or away from it, which the analyst should know.
    """
    for k, a in enumerate(s.actors):
        spoiler = [v for _, v in _numeric(a.spoiler_capacity)] or [0.0]
        if a.role == "belligerent" and not a.at_table and not a.veto and max(spoiler) <= 0:
            yield Finding(
                ("actors", k, "at_table"),
                f"at_table: false has no effect for '{a.id}': it has no veto and no spoiler "
                "capacity, so the forecast is the same as if it were at the table",
                "give it veto: true if no deal holds without it, or a spoiler_capacity if it "
                "can undermine a deal it is left out of",
                severity="warning",
            )


def check_ratification(s: Scenario) -> Iterator[Finding]:
    """Each instrument has the fields its kind needs and no other; an election lies ahead.

    A vote on the deal (referendum, parliament) needs a ``margin`` and has no ``date`` (it is
    held when a deal is signed); an election needs its ``date`` (after ``as_of``) and the
    leader's ``accountability``, and has no margin (it votes on the leader, not the deal). Only
    the two belligerents' floors are simulated, so an instrument elsewhere is a warning.
    """
    sides = set(s.war.sides) if s.war is not None else set()
    for k, a in enumerate(s.actors):
        for j, r in enumerate(a.ratification):
            loc: Loc = ("actors", k, "ratification", j)
            if r.instrument == "election":
                if r.date is None:
                    yield Finding(
                        (*loc, "date"),
                        f"the election of '{a.id}' has no date",
                        "give the election day (ISO 8601), after as_of",
                    )
                elif r.date <= s.as_of:
                    yield Finding(
                        (*loc, "date"),
                        f"the election of '{a.id}' on {r.date} is not after as_of {s.as_of}: "
                        "a past election holds no one to account",
                        "give the next election after as_of, or remove the entry",
                    )
                if r.accountability is None:
                    yield Finding(
                        (*loc, "accountability"),
                        f"the election of '{a.id}' has no accountability",
                        "add accountability (0–1): how far the leader fears a bad deal's "
                        "consequences at the polls, far from the election",
                    )
                if r.margin is not None:
                    yield Finding(
                        (*loc, "margin"),
                        "an election votes on the leader, not on the deal: margin has no meaning",
                        "remove margin, or make this a referendum or parliament vote",
                    )
            else:
                if r.margin is None:
                    yield Finding(
                        (*loc, "margin"),
                        f"the {r.instrument} of '{a.id}' has no margin",
                        "add margin (utility, −1 to 1): how far above the public's floor a "
                        "deal must sit to pass (0 = at the floor it passes half the time)",
                    )
                if r.date is not None:
                    yield Finding(
                        (*loc, "date"),
                        f"a {r.instrument} votes when a deal is signed: date has no meaning",
                        "remove date, or make this an election",
                    )
            if sides and a.id not in sides:
                yield Finding(
                    (*loc, "instrument"),
                    f"'{a.id}' is not one of the war's two sides: the simulation models only "
                    "their floors and votes, so this instrument changes no forecast",
                    "move it to a belligerent named in war.sides, or remove it",
                    severity="warning",
                )


def check_calibration(s: Scenario) -> Iterator[Finding]:
    """The calibration block's coupling names known actors."""
    if s.calibration is None:
        return
    actors = [a.id for a in s.actors]
    for aid in s.calibration.coupling:
        if aid not in actors:
            yield Finding(
                ("calibration", "coupling", aid), f"unknown actor '{aid}'", _suggest(aid, actors)
            )


def free_terms(issue: Issue, scale: IssueScale, owner: Owner) -> list[bool]:
    """Which options of an ordinal issue need no consent from ``owner``."""
    sq = issue.status_quo
    if owner.needed_for is None:
        return [o == sq for o in scale.option_ids]
    needed = {str(v) for v in owner.needed_for}
    return [o not in needed for o in scale.option_ids]


def check_owners(s: Scenario) -> Iterator[Finding]:
    """Owners are known non-belligerents; what needs their consent is on the issue's scale and
    leaves one run of terms (holding the status quo) that does not."""
    actors = [a.id for a in s.actors]
    sides = set(s.war.sides) if s.war is not None else set()
    for k, issue in enumerate(s.issues):
        scale = scale_of(issue)
        seen: set[str] = set()
        for j, o in enumerate(issue.owners):
            loc: Loc = ("issues", k, "owners", j)
            if o.actor not in actors:
                yield Finding(
                    (*loc, "actor"), f"unknown actor '{o.actor}'", _suggest(o.actor, actors)
                )
                continue
            if o.actor in sides:
                yield Finding(
                    (*loc, "actor"),
                    f"'{o.actor}' is a belligerent, and the belligerents consent to every deal",
                    "list only outside parties whose consent some terms need",
                )
            if o.actor in seen:
                yield Finding((*loc, "actor"), f"'{o.actor}' is listed twice", "list it once")
            seen.add(o.actor)
            if scale.kind == "numeric":
                if o.needed_for is not None:
                    yield Finding(
                        (*loc, "needed_for"),
                        "a numeric issue's owner consents to any change from the status quo",
                        "leave needed_for out",
                    )
                if issue.status_quo is None:
                    yield Finding(
                        ("issues", k, "status_quo"),
                        "an issue with owners needs a status quo (what holds without consent)",
                        "give status_quo",
                    )
                continue
            for m, v in enumerate(o.needed_for or []):
                if str(v) not in scale.option_ids:
                    yield Finding(
                        (*loc, "needed_for", m),
                        f"'{v}' is not an option of issue '{issue.id}'",
                        _suggest(str(v), list(scale.option_ids)),
                    )
            if o.needed_for is None and issue.status_quo is None:
                yield Finding(
                    (*loc, "needed_for"),
                    "without a status quo, say which options need the owner's consent",
                    "list them in needed_for, or give the issue a status_quo",
                )
                continue
            free = free_terms(issue, scale, o)
            runs = sum(1 for a, b in zip([False, *free], free, strict=False) if b and not a)
            if runs != 1:
                yield Finding(
                    (*loc, "needed_for"),
                    f"the options that need no consent from '{o.actor}' must form one run "
                    f"(got {runs})",
                    "list the options at one end (or both ends) of the scale",
                )
            if issue.status_quo is not None and str(issue.status_quo) in {
                str(v) for v in o.needed_for or []
            }:
                yield Finding(
                    (*loc, "needed_for"),
                    "the status quo cannot need consent (it holds without a deal)",
                    f"drop '{issue.status_quo}' from needed_for",
                )


def _check_condition(s: Scenario, c: Condition, loc: Loc) -> Iterator[Finding]:
    issues = [i.id for i in s.issues]
    if c.issue not in issues:
        yield Finding((*loc, "issue"), f"unknown issue '{c.issue}'", _suggest(c.issue, issues))
        return
    scale = scale_of(s.issue(c.issue))
    if scale.kind == "ordinal":
        if c.options is None or c.at_least is not None or c.at_most is not None:
            yield Finding(
                loc,
                f"issue '{c.issue}' is ordinal: give `options`, not a range",
                "list option ids in options",
            )
        for m, o in enumerate(c.options or []):
            if o not in scale.option_ids:
                yield Finding(
                    (*loc, "options", m),
                    f"'{o}' is not an option of issue '{c.issue}'",
                    _suggest(o, list(scale.option_ids)),
                )
        return
    if c.options is not None or (c.at_least is None and c.at_most is None):
        yield Finding(
            loc, f"issue '{c.issue}' is numeric: give at_least and/or at_most", "give a range"
        )
    for key in ("at_least", "at_most"):
        v = getattr(c, key)
        if v is not None and not scale.low <= v <= scale.high:
            yield Finding(
                (*loc, key),
                f"{v} is off the scale of '{c.issue}' ({scale.low}–{scale.high})",
                "give a value on the scale",
            )


def check_constraints(s: Scenario) -> Iterator[Finding]:
    """Constraints name real issues and terms, and relate two different issues."""
    seen: set[str] = set()
    for k, r in enumerate(s.constraints):
        loc: Loc = ("constraints", k)
        if r.id in seen:
            yield Finding((*loc, "id"), f"duplicate constraint id '{r.id}'", "give each its own id")
        seen.add(r.id)
        if r.when.issue == r.then.issue:
            yield Finding(
                (*loc, "then", "issue"),
                "a constraint relates two different issues",
                "restrict the issue's own terms through positions or red lines instead",
            )
        yield from _check_condition(s, r.when, (*loc, "when"))
        yield from _check_condition(s, r.then, (*loc, "then"))


def check_authors(s: Scenario) -> Iterator[Finding]:
    """A proposal's authors are known actors."""
    actors = [a.id for a in s.actors]
    for k, p in enumerate(s.proposals):
        for m, a in enumerate(p.authors):
            if a not in actors:
                yield Finding(
                    ("proposals", k, "authors", m), f"unknown actor '{a}'", _suggest(a, actors)
                )


def check_provision_ranges(s: Scenario) -> Iterator[Finding]:
    """Provision ranges on numeric scales lie on the scale."""
    for k, issue in enumerate(s.issues):
        if not isinstance(issue.scale, NumericScale):
            continue
        sc = issue.scale
        for j, pr in enumerate(sc.provisions):
            for key in ("at_least", "at_most"):
                v = getattr(pr, key)
                if v is not None and not sc.min <= v <= sc.max:
                    yield Finding(
                        ("issues", k, "scale", "provisions", j, key),
                        f"{v} is off the scale ({sc.min}–{sc.max})",
                        "give a value on the scale",
                    )


RULES: tuple[Callable[[Scenario], Iterator[Finding]], ...] = (
    check_ids_unique,
    check_scales,
    check_references_known,
    check_positions_complete,
    check_saliences_normalise,
    check_values_on_scale,
    check_distributions,
    check_war,
    check_correlations,
    check_calibration,
    check_ratification,
    check_dates,
    check_at_table,
    check_owners,
    check_constraints,
    check_authors,
    check_provision_ranges,
    check_evidence,
)


def run_checks(s: Scenario) -> list[Finding]:
    """Run every rule and return all findings (errors and warnings) in rule order."""
    return [f for rule in RULES for f in rule(s)]


def model_warnings(s: Scenario) -> list[Finding]:
    """The warnings about what the forecast does with the values (e.g. a repaired correlation
    matrix), which every forecast shows; evidence warnings are for ``scenario validate``."""
    return [f for f in run_checks(s) if f.severity == "warning" and f.about == "model"]


def raw_option_findings(data: Mapping[str, Any]) -> Iterator[Finding]:
    """Option ids that name no option of their ordinal issue, found in *unvalidated* data.

    Run when the schema rejects the file for another reason, so that a second mistake (a
    misspelt option id, which only the checks after validation would catch) is reported in
    the same pass instead of after the first one is fixed. Only plain, well-formed pieces are
    looked at; anything malformed is the schema's to report.
    """
    options: dict[str, list[str]] = {}
    for issue in data.get("issues") or []:
        if not isinstance(issue, Mapping) or not isinstance(issue.get("id"), str):
            continue
        scale = issue.get("scale")
        if isinstance(scale, Mapping) and scale.get("kind") == "ordinal":
            ids = [o.get("id") for o in scale.get("options") or [] if isinstance(o, Mapping)]
            options[issue["id"]] = [i for i in ids if isinstance(i, str)]
    positions = data.get("positions")
    if not isinstance(positions, Mapping):
        return
    for aid, row in positions.items():
        if not isinstance(row, Mapping):
            continue
        for iid, p in row.items():
            known = options.get(iid)
            if known is None or not isinstance(p, Mapping):
                continue
            base: Loc = ("positions", aid, iid)
            values: list[tuple[Loc, Any]] = [
                ((*base, "stated"), p.get("stated")),
                ((*base, "ideal"), p.get("ideal")),
            ]
            bl = p.get("bottom_line")
            if isinstance(bl, Mapping):
                values += [((*base, "bottom_line", k), bl.get(k)) for k in ("low", "mode", "high")]
            else:
                values.append(((*base, "bottom_line"), bl))
            red = p.get("red_line")
            if isinstance(red, Mapping):
                values.append(((*base, "red_line", "limit"), red.get("limit")))
            for loc, v in values:
                if isinstance(v, str) and v not in known:
                    yield Finding(
                        loc,
                        f"'{v}' is not an option of issue '{iid}'",
                        _suggest(v, known),
                    )
