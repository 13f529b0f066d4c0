"""The explorer's controls: a scenario's main levers and beliefs as sliders and switches.

A control never edits the validated scenario: it is translated into the same ``--set``
assignments the command line takes (``levers.<id>.credibility=…``), so a what-if moved on
a slider can be replayed with ``detente forecast --set …`` and is re-validated like a file.
Moving an uncertain input moves its *centre* and keeps its spread (a triangular's mode and
both ends shift together, clipped to the input's bounds): the analyst's doubt about a number
survives the what-if, as it should.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from detente.errors import Problem, ScenarioError
from detente.scenario.schema import Scenario

__all__ = ["Control", "control_sets", "controls", "dist_centre", "scale_dist", "shift_dist"]

_CRED = "cred."
_ON = "on."
_LEVEL = "level."
_OPT = "opt."
_SEAT = "seat."
_OPT_RANGE = (-0.3, 0.5)
_LEVEL_RANGE = (0.0, 3.0)


@dataclass(frozen=True)
class Control:
    """One control: ``kind`` slider (``min``–``max`` by ``step``) or toggle; ``value`` is the
    scenario's own (the baseline); ``path`` is what it sets (``--set path=…``)."""

    id: str
    kind: Literal["slider", "toggle"]
    group: Literal["levers", "beliefs", "table"]
    label: str
    help: str
    value: float | bool
    path: str
    min: float = 0.0
    max: float = 1.0
    step: float = 0.05

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def dist_centre(dist: Mapping[str, Any]) -> float:
    """The centre a control shows and moves: the value, mode, mean or the range's middle."""
    kind = dist.get("dist", "fixed")
    if kind == "fixed":
        return float(dist["value"])
    if kind == "triangular":
        return float(dist["mode"])
    if kind == "uniform":
        return (float(dist["low"]) + float(dist["high"])) / 2
    return float(dist["mean"])


def _clip(x: float, lo: float, hi: float) -> float:
    return min(hi, max(lo, x))


def shift_dist(dist: Mapping[str, Any], centre: float, lo: float, hi: float) -> dict[str, Any]:
    """``dist`` moved so its centre is ``centre``, its spread kept, every bound in [lo, hi]."""
    kind = dist.get("dist", "fixed")
    c = _clip(centre, lo, hi)
    if kind == "fixed":
        return {"dist": "fixed", "value": c}
    d = c - dist_centre(dist)
    if kind in ("triangular", "uniform"):
        out = {k: _clip(float(dist[k]) + d, lo, hi) for k in ("low", "mode", "high") if k in dist}
        if out["low"] >= out["high"]:
            return {"dist": "fixed", "value": c}
        return {"dist": kind, **out}
    if kind == "normal":
        return {**dict(dist), "mean": c}
    # beta: the mean strictly inside (0, 1) and a spread the new mean can carry
    m = _clip(c, 1e-3, 1 - 1e-3)
    sd = min(float(dist["sd"]), 0.95 * math.sqrt(m * (1 - m)))
    return {"dist": "beta", "mean": m, "sd": sd}


def scale_dist(dist: Mapping[str, Any], factor: float) -> dict[str, Any]:
    """``dist`` times ``factor`` ≥ 0 (an effect's size scaled: half the aid, twice the aid)."""
    kind = dist.get("dist", "fixed")
    if kind == "fixed" or factor == 0:
        return {"dist": "fixed", "value": dist_centre(dist) * factor}
    keys = ("low", "mode", "high", "mean", "sd")
    return {
        **dict(dist),
        **{k: float(dist[k]) * factor for k in keys if dist.get(k) is not None},
    }


def _as_dist(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {"dist": "fixed", "value": value}


def _lever_name(lever: Mapping[str, Any]) -> str:
    return str(lever.get("name") or lever["id"])


def controls(scenario: Scenario) -> list[Control]:
    """The scenario's controls: every lever's credibility and switch, the size of each aid
    lever, each belligerent's optimism, and a seat at the table for every non-belligerent."""
    data = scenario.model_dump(mode="json", exclude_none=True)
    out: list[Control] = []
    for lever in data.get("levers", []):
        lid, name = lever["id"], _lever_name(lever)
        out.append(
            Control(
                id=f"{_ON}{lid}",
                kind="toggle",
                group="levers",
                label=name,
                help=f"Whether {name.lower()} is in play ({lever['kind']}, {lever['mode']}).",
                value=bool(lever.get("active", True)),
                path=f"levers.{lid}.active",
            )
        )
        out.append(
            Control(
                id=f"{_CRED}{lid}",
                kind="slider",
                group="levers",
                label=f"{name}: credibility",
                help="The chance the other side believes it will be carried out (centre of "
                "the scenario's range; the spread is kept).",
                value=round(dist_centre(_as_dist(lever["credibility"])), 4),
                path=f"levers.{lid}.credibility",
            )
        )
        if lever["kind"] == "aid":
            out.append(
                Control(
                    id=f"{_LEVEL}{lid}",
                    kind="slider",
                    group="levers",
                    label=f"{name}: level",
                    help="The aid's size as a multiple of the scenario's (1 = as written; "
                    "every effect of the lever is scaled).",
                    value=1.0,
                    path=f"levers.{lid}.effects",
                    min=_LEVEL_RANGE[0],
                    max=_LEVEL_RANGE[1],
                    step=0.25,
                )
            )
    war = data.get("war") or {}
    for side, beliefs in (war.get("beliefs") or {}).items():
        out.append(
            Control(
                id=f"{_OPT}{side}",
                kind="slider",
                group="beliefs",
                label=f"{side}: battlefield optimism",
                help=f"How much higher {side} rates its chance of prevailing than the "
                "analyst's estimate (probability points; 0 = unbiased).",
                value=round(dist_centre(_as_dist(beliefs["optimism"])), 4),
                path=f"war.beliefs.{side}.optimism",
                min=_OPT_RANGE[0],
                max=_OPT_RANGE[1],
                step=0.01,
            )
        )
    for actor in data.get("actors", []):
        if actor.get("role") == "belligerent":
            continue
        out.append(
            Control(
                id=f"{_SEAT}{actor['id']}",
                kind="toggle",
                group="table",
                label=f"{actor.get('name', actor['id'])} at the table",
                help="A seat at the table: the actor takes part in the talks and must sign.",
                value=bool(actor.get("at_table", True)),
                path=f"actors.{actor['id']}.at_table",
            )
        )
    return out


def _problem(cid: str, message: str, fix: str) -> ScenarioError:
    return ScenarioError([Problem("controls", None, cid, message, fix)])


def _yaml(value: Any) -> str:
    """A flow-YAML value the ``--set`` parser reads back exactly (floats by repr)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    return str(value)


def control_sets(scenario: Scenario, values: Mapping[str, float | bool]) -> list[str]:
    """The ``--set`` assignments that put the controls at ``values`` (unchanged ones omitted).

    Raises
    ------
    ScenarioError
        Naming the control, when an id is unknown or a value is of the wrong kind or range.
    """
    known = {c.id: c for c in controls(scenario)}
    data = scenario.model_dump(mode="json", exclude_none=True)
    levers = {lv["id"]: lv for lv in data.get("levers", [])}
    beliefs = (data.get("war") or {}).get("beliefs") or {}
    sets: list[str] = []
    for cid, raw in values.items():
        c = known.get(cid)
        if c is None:
            raise _problem(cid, "no such control", "GET /api/scenarios/{name}/controls lists them")
        if c.kind == "toggle":
            if not isinstance(raw, bool):
                raise _problem(cid, f"expected true or false (got {raw!r})", "send a boolean")
            if raw != c.value:
                sets.append(f"{c.path}={_yaml(raw)}")
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise _problem(cid, f"expected a number (got {raw!r})", f"send {c.min}–{c.max}")
        x = float(raw)
        if not c.min <= x <= c.max:
            raise _problem(cid, f"{x} is outside {c.min}–{c.max}", f"send {c.min}–{c.max}")
        if math.isclose(x, float(c.value), abs_tol=1e-9):
            continue
        kind, key = cid.split(".", 1)
        if kind + "." == _CRED:
            new = shift_dist(_as_dist(levers[key]["credibility"]), x, 0.0, 1.0)
            sets.append(f"{c.path}={_yaml(new)}")
        elif kind + "." == _OPT:
            new = shift_dist(_as_dist(beliefs[key]["optimism"]), x, -1.0, 1.0)
            sets.append(f"{c.path}={_yaml(new)}")
        else:  # level of an aid lever: scale every effect's delta
            for k, eff in enumerate(levers[key].get("effects", [])):
                new = scale_dist(_as_dist(eff["delta"]), x)
                sets.append(f"{c.path}.{k}.delta={_yaml(new)}")
    return sets
