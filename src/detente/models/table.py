"""PositionTable: the one numeric input every bargaining model reads.

It plays the part of scikit-learn's ``X``. Models never see pydantic objects, so a change to
the scenario schema cannot break the maths, and data that is not a peace process (EU
legislative decisions, corporate bargaining, KTAB files) enters through the same door.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import pandas as pd

from detente._typing import BoolArray, FloatArray
from detente.errors import InvalidParameterError, Problem, ScenarioError
from detente.models.feasibility import Rule, rules_of
from detente.models.walk_away import war_walk_away
from detente.scenario.scales import IssueScale, red_line_interval, scale_of
from detente.scenario.uncertain import ScaleValue, point

if TYPE_CHECKING:
    from detente.scenario.schema import Scenario

__all__ = ["LongRows", "PositionTable"]


def _blank(value: object) -> bool:
    """An empty cell: None, a blank string, or pandas' NaN for a missing value (not the text
    'nan', which is a non-number the user wrote)."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    return not str(value).strip()


_A = TypeVar("_A", FloatArray, BoolArray)


def _ro(a: _A) -> _A:
    """A read-only copy, so no model can mutate its input."""
    out: _A = np.array(a, copy=True)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class PositionTable:
    """Positions, saliences and capabilities of actors on issues, on unit scales.

    Axis order is ``(n_actors, n_issues)``. Arrays are read-only copies, so no model can
    mutate its input.

    Attributes
    ----------
    actors, issues : tuple of str
        Ids, in row and column order.
    scales : tuple of IssueScale
        One per issue, to map unit points back to each issue's own units and labels.
    positions : (n_actors, n_issues)
        Ideal points on [0, 1] (for plain tables, the positions as given).
    saliences : (n_actors, n_issues)
        Importance of each issue to each actor, in [0, 1].
    capabilities : (n_actors, n_issues)
        Power each actor brings to each issue (> 0; only ratios matter).
    veto, at_table : (n_actors,) bool
        Whose consent a deal needs; who is negotiating.
    stated : (n_actors, n_issues) or None
        Public positions, where known.
    reference : (n_issues,) or None
        Status quo / no-agreement point per issue (NaN where unknown).
    walk_away : (n_actors,) or None
        Utility of no deal (fighting on, net of costs) under ``package_utility``.
    min_utility : (n_actors,) or None
        Lowest utility each actor's public tolerates (1 − domestic tolerance).
    acceptable_low, acceptable_high : (n_actors, n_issues) or None
        Red lines as the interval of acceptable unit points per actor and issue.
    bottom_lines : (n_actors, n_issues) or None
        Median bottom line on the unit scale.
    actor_names, issue_names : tuple of str
        Display names.
    issue_info : tuple of mappings or None
        Per-issue facts some table-only models read (from the DEU reader: ``procedure``
        COD/CNS, ``rule`` QMV/Unan, and the actor ids of the ``commission`` and
        ``parliament``). None for scenarios and plain tables.
    rules : tuple of Rule
        Feasibility constraints between issues (scenario ``constraints``); every model's
        prediction is moved to the nearest package that meets them.
    """

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    scales: tuple[IssueScale, ...]
    positions: FloatArray
    saliences: FloatArray
    capabilities: FloatArray
    veto: BoolArray
    at_table: BoolArray
    stated: FloatArray | None = None
    reference: FloatArray | None = None
    walk_away: FloatArray | None = None
    min_utility: FloatArray | None = None
    acceptable_low: FloatArray | None = None
    acceptable_high: FloatArray | None = None
    bottom_lines: FloatArray | None = None
    actor_names: tuple[str, ...] = field(default=())
    issue_names: tuple[str, ...] = field(default=())
    issue_info: tuple[Mapping[str, str], ...] | None = None
    rules: tuple[Rule, ...] = ()

    def __post_init__(self) -> None:
        n_a, n_i = len(self.actors), len(self.issues)
        for name in ("positions", "saliences", "capabilities"):
            arr = np.asarray(getattr(self, name), dtype=float)
            if arr.ndim == 1 and name == "capabilities":
                arr = np.repeat(arr[:, None], n_i, axis=1)
            if arr.shape != (n_a, n_i):
                msg = f"'{name}' must have shape ({n_a}, {n_i}) (got {arr.shape})"
                raise InvalidParameterError(msg)
            object.__setattr__(self, name, _ro(arr))
        for name in ("veto", "at_table"):
            arr_b = np.asarray(getattr(self, name), dtype=bool)
            if arr_b.shape != (n_a,):
                msg = f"'{name}' must have shape ({n_a},) (got {arr_b.shape})"
                raise InvalidParameterError(msg)
            object.__setattr__(self, name, _ro(arr_b))
        for name in (
            "stated",
            "reference",
            "walk_away",
            "min_utility",
            "acceptable_low",
            "acceptable_high",
            "bottom_lines",
        ):
            val = getattr(self, name)
            if val is not None:
                object.__setattr__(self, name, _ro(np.asarray(val, dtype=float)))
        if self.issue_info is not None and len(self.issue_info) != n_i:
            msg = f"'issue_info' must have one entry per issue ({n_i}) (got {len(self.issue_info)})"
            raise InvalidParameterError(msg)
        if len(self.scales) != n_i:
            msg = f"'scales' must have one entry per issue ({n_i}) (got {len(self.scales)})"
            raise InvalidParameterError(msg)
        if not self.actor_names:
            object.__setattr__(self, "actor_names", self.actors)
        if not self.issue_names:
            object.__setattr__(self, "issue_names", self.issues)

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actors)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issues)

    def to_native(self, unit: FloatArray) -> FloatArray:
        """Map unit points (..., n_issues) to each issue's own scale."""
        lo = np.array([s.low for s in self.scales])
        hi = np.array([s.high for s in self.scales])
        return np.asarray(lo + np.asarray(unit, dtype=float) * (hi - lo), dtype=float)

    def take_actors(self, order: Sequence[int]) -> PositionTable:
        """A copy with actors reordered (or subset) by row index."""
        idx = np.asarray(order, dtype=int)

        def pick(a: FloatArray | None) -> FloatArray | None:
            return None if a is None else a[idx]

        return replace(
            self,
            actors=tuple(self.actors[i] for i in idx),
            actor_names=tuple(self.actor_names[i] for i in idx),
            positions=self.positions[idx],
            saliences=self.saliences[idx],
            capabilities=self.capabilities[idx],
            veto=self.veto[idx],
            at_table=self.at_table[idx],
            stated=pick(self.stated),
            walk_away=pick(self.walk_away),
            min_utility=pick(self.min_utility),
            acceptable_low=pick(self.acceptable_low),
            acceptable_high=pick(self.acceptable_high),
            bottom_lines=pick(self.bottom_lines),
        )

    # --- constructors -------------------------------------------------------------------

    @classmethod
    def coerce(cls, data: PositionTable | Scenario) -> PositionTable:
        """Return ``data`` as a table (the only conversion point models use)."""
        if isinstance(data, PositionTable):
            return data
        return cls.from_scenario(data)

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> PositionTable:
        """Build the table of a scenario at the median of every uncertain input."""
        actors = tuple(a.id for a in scenario.actors)
        issues = tuple(i.id for i in scenario.issues)
        scales = tuple(scale_of(i) for i in scenario.issues)
        n_a, n_i = len(actors), len(issues)

        def unit(value: ScaleValue, k: int) -> float:
            return scales[k].to_unit(value)

        ideal = np.zeros((n_a, n_i))
        stated = np.zeros((n_a, n_i))
        sal = np.zeros((n_a, n_i))
        bottom = np.zeros((n_a, n_i))
        lo = np.zeros((n_a, n_i))
        hi = np.ones((n_a, n_i))
        for a, aid in enumerate(actors):
            for k, iid in enumerate(issues):
                p = scenario.positions[aid][iid]
                ideal[a, k] = unit(p.ideal, k)
                stated[a, k] = unit(p.stated, k)
                sal[a, k] = p.salience
                bottom[a, k] = _unit_point(p.bottom_line, scales[k])
                if p.red_line is not None:
                    lo[a, k], hi[a, k] = red_line_interval(ideal[a, k], unit(p.red_line.limit, k))
        cap = np.array([point(a.capability) for a in scenario.actors])
        reference = np.array(
            [
                np.nan if i.status_quo is None else unit(i.status_quo, k)
                for k, i in enumerate(scenario.issues)
            ]
        )
        tolerance = np.array([point(a.domestic_tolerance) for a in scenario.actors])
        walk = _walk_away_from_war(scenario, actors, ideal, sal)
        return cls(
            actors=actors,
            issues=issues,
            scales=scales,
            positions=ideal,
            saliences=sal,
            capabilities=np.repeat(cap[:, None], n_i, axis=1),
            veto=np.array([a.veto for a in scenario.actors]),
            at_table=np.array([a.at_table for a in scenario.actors]),
            stated=stated,
            reference=reference,
            walk_away=walk,
            min_utility=1.0 - tolerance,
            acceptable_low=lo,
            acceptable_high=hi,
            bottom_lines=bottom,
            actor_names=tuple(a.name for a in scenario.actors),
            issue_names=tuple(i.name for i in scenario.issues),
            rules=rules_of(scenario, scales),
        )

    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        *,
        name: str = "<table>",
        salience_scale: float | None = None,
        position_scale: tuple[float, float] | None = None,
        lines: Sequence[int] | None = None,
    ) -> PositionTable:
        """Build a table from a long frame: one row per actor × issue, every actor on every
        issue (for ragged data, where an actor is absent from some issues, use
        :meth:`detente.models.issueset.IssueSet.from_frame`).

        Columns ``issue, actor, position, salience, capability`` and optionally ``reference``
        (the issue's status quo) and ``outcome`` (ignored here; for scoring). Each issue's
        scale runs from the smallest to the largest position (or reference) given for it,
        unless ``position_scale`` (or a header ``position[LOW-HIGH]``) declares one;
        saliences are divided by ``salience_scale`` (or the header's ``salience[0-MAX]``),
        default 1. Every bad row is reported at once, with its line in the file (header =
        line 1; ``lines`` gives each row's line when the file has blank lines).
        """
        rows = LongRows.read(
            df,
            name=name,
            salience_scale=salience_scale,
            position_scale=position_scale,
            lines=lines,
        )
        problems = [
            Problem(
                name,
                None,
                "actor/issue",
                f"no row for actor '{a}' on issue '{i}'",
                "add it (salience 0 if the actor does not care), or read the table as ragged "
                "data (IssueSet.from_frame; `detente compare --table` does)",
            )
            for a in rows.actors
            for i in rows.issues
            if (a, i) not in rows.cells
        ]
        if problems:
            raise ScenarioError(problems)
        return rows.block(rows.actors, rows.issues)


SCALED_COLUMN = re.compile(
    r"^(salience|position)\s*\[\s*(-?\d+(?:\.\d*)?)\s*[-:\u2013]\s*(-?\d+(?:\.\d*)?)\s*\]$"
)
"""A header declaring its column's scale: ``salience[0-100]``, ``position[-10:10]``."""

TABLE_COLUMNS = ("issue", "actor", "position", "salience", "capability")
OPTIONAL_COLUMNS = ("reference", "outcome")


def _declared_scales(
    columns: list[str],
    name: str,
    salience_scale: float | None,
    position_scale: tuple[float, float] | None,
    problems: list[Problem],
) -> tuple[dict[str, str], float, tuple[float, float] | None]:
    """Rename ``salience[0-100]``-style headers and reconcile them with the arguments.

    Returns the renaming, the salience scale (default 1) and the position scale (None: each
    issue's own range). A header and an argument that disagree are a problem, not a choice.
    """
    rename: dict[str, str] = {}
    header: dict[str, tuple[float, float]] = {}
    for col in columns:
        m = SCALED_COLUMN.match(str(col).strip().lower())
        if m is None:
            continue
        base = m.group(1)
        if base in columns or base in rename.values():
            problems.append(
                Problem(
                    name,
                    1,
                    str(col),
                    f"two '{base}' columns",
                    f"keep one '{base}' column (declare its scale in its header, e.g. "
                    f"{base}[0-100])",
                )
            )
            continue
        rename[col] = base
        header[base] = (float(m.group(2)), float(m.group(3)))
    flag = {"salience": "--salience-scale", "position": "--position-scale"}
    sal = 1.0 if salience_scale is None else float(salience_scale)
    if "salience" in header:
        lo, hi = header["salience"]
        if lo != 0 or hi <= 0:
            problems.append(
                Problem(
                    name,
                    1,
                    f"salience[{lo:g}-{hi:g}]",
                    f"a salience scale must run from 0 to a positive maximum (got {lo:g} to "
                    f"{hi:g})",
                    "write salience[0-MAX], e.g. salience[0-100]",
                )
            )
        elif salience_scale is not None and salience_scale != hi:
            problems.append(
                Problem(
                    name,
                    1,
                    f"salience[0-{hi:g}]",
                    f"the header declares saliences on 0–{hi:g} but {flag['salience']} says "
                    f"{salience_scale:g}",
                    "drop the option or make it agree with the header",
                )
            )
        else:
            sal = hi
    if not (np.isfinite(sal) and sal > 0):
        problems.append(
            Problem(
                name,
                None,
                "",
                f"the salience scale must be a positive number (got {sal:g})",
                "give the saliences' maximum, e.g. --salience-scale 100",
            )
        )
    pos = position_scale
    if "position" in header:
        got = header["position"]
        if position_scale is not None and tuple(position_scale) != got:
            problems.append(
                Problem(
                    name,
                    1,
                    f"position[{got[0]:g}-{got[1]:g}]",
                    f"the header declares positions on {got[0]:g}–{got[1]:g} but "
                    f"{flag['position']} says {position_scale[0]:g}:{position_scale[1]:g}",
                    "drop the option or make it agree with the header",
                )
            )
        pos = got
    if pos is not None and not pos[0] < pos[1]:
        problems.append(
            Problem(
                name,
                1 if "position" in header else None,
                "position",
                f"a position scale must run from low to high (got {pos[0]:g} to {pos[1]:g})",
                "write LOW-HIGH with LOW below HIGH, e.g. position[0-100] or "
                "--position-scale 0:100",
            )
        )
    return rename, sal, pos


def _finite(value: object) -> float:
    v = float(value)  # type: ignore[arg-type]
    if not np.isfinite(v):
        raise ValueError
    return v


@dataclass(frozen=True, eq=False)
class LongRows:
    """The checked rows of a long table (one row per actor × issue), before any layout.

    ``cells`` maps (actor, issue) to (position on the data's scale, salience on [0, 1],
    capability); ``refs``/``outcomes`` give each issue's reference and outcome on the data's
    scale; ``scales`` each issue's (low, high). Actors and issues keep their order of first
    appearance. :meth:`block` lays a subset out as a :class:`PositionTable`.
    """

    name: str
    cells: dict[tuple[str, str], tuple[float, float, float]]
    refs: dict[str, float]
    outcomes: dict[str, float]
    scales: dict[str, tuple[float, float]]

    @property
    def actors(self) -> tuple[str, ...]:
        """Actors in order of first appearance."""
        return tuple(dict.fromkeys(a for a, _ in self.cells))

    @property
    def issues(self) -> tuple[str, ...]:
        """Issues in order of first appearance."""
        return tuple(dict.fromkeys(i for _, i in self.cells))

    def members(self, issue: str) -> tuple[str, ...]:
        """The actors with a row on ``issue``, in order of first appearance."""
        return tuple(a for a in self.actors if (a, issue) in self.cells)

    @classmethod
    def read(
        cls,
        df: pd.DataFrame,
        *,
        name: str = "<table>",
        salience_scale: float | None = None,
        position_scale: tuple[float, float] | None = None,
        issue_scales: Mapping[str, tuple[float, float]] | None = None,
        lines: Sequence[int] | None = None,
    ) -> LongRows:
        """Check every row of ``df``; raise :class:`ScenarioError` listing every problem.

        ``issue_scales`` declares some issues' scales (as a Decide file's ``#M`` rows do);
        positions, references and outcomes outside a declared scale are problems.
        """
        problems: list[Problem] = []
        columns = [str(c) for c in df.columns]
        rename, s_scale, p_scale = _declared_scales(
            columns, name, salience_scale, position_scale, problems
        )
        if problems:  # a bad scale declaration: the rows cannot be judged against it
            raise ScenarioError(problems)
        if rename:
            df = df.rename(columns=rename)
            columns = [str(c) for c in df.columns]
        allowed = [*TABLE_COLUMNS, *OPTIONAL_COLUMNS]
        missing = [c for c in TABLE_COLUMNS if c not in columns]
        if missing:
            raise ScenarioError(
                [
                    *problems,
                    Problem(
                        name,
                        1,
                        "",
                        f"missing column(s): {', '.join(missing)}",
                        f"the header must contain {', '.join(TABLE_COLUMNS)} (and optionally "
                        "reference, outcome)",
                    ),
                ]
            )
        extra = [c for c in columns if c not in allowed]
        if extra:
            problems.append(
                Problem(
                    name,
                    1,
                    "",
                    f"unknown column(s): {', '.join(extra)}",
                    "remove them or rename to one of: " + ", ".join(allowed),
                )
            )
        if df.empty:
            raise ScenarioError(
                [Problem(name, 1, "", "the table has no rows", "add one row per actor and issue")]
            )
        declared = dict(issue_scales or {})
        cells: dict[tuple[str, str], tuple[float, float, float]] = {}
        refs: dict[str, float] = {}
        outcomes: dict[str, float] = {}
        for k, row in enumerate(df.to_dict("records")):
            line = lines[k] if lines is not None else k + 2
            actor, issue = str(row["actor"]).strip(), str(row["issue"]).strip()
            if not actor or actor == "nan" or not issue or issue == "nan":
                problems.append(
                    Problem(
                        name,
                        line,
                        "actor/issue",
                        "actor and issue must not be empty",
                        "fill them in",
                    )
                )
                continue
            vals: list[float] = []
            for col in ("position", "salience", "capability"):
                try:
                    vals.append(_finite(row[col]))
                except (TypeError, ValueError, OverflowError):
                    problems.append(
                        Problem(
                            name,
                            line,
                            col,
                            f"must be a number (got {row[col]!r})",
                            "write a finite number",
                        )
                    )
            if len(vals) < 3:
                continue
            pos, sal, cap = vals
            if not 0 <= sal <= s_scale:
                fix = (
                    "declare the saliences' scale: --salience-scale 100 or a header "
                    "salience[0-100] if your data uses 0–100"
                    if s_scale == 1
                    else "correct the salience or declare the scale the data use"
                )
                problems.append(
                    Problem(
                        name,
                        line,
                        "salience",
                        f"must be within [0, {s_scale:g}] (got {sal:g})",
                        fix,
                    )
                )
            if cap <= 0:
                problems.append(
                    Problem(
                        name,
                        line,
                        "capability",
                        f"must be > 0 (got {cap:g})",
                        "use a positive number",
                    )
                )
            bounds = declared.get(issue, p_scale)
            if bounds is not None and not bounds[0] <= pos <= bounds[1]:
                problems.append(
                    Problem(
                        name,
                        line,
                        "position",
                        f"position {pos:g} is outside the issue's declared scale "
                        f"[{bounds[0]:g}, {bounds[1]:g}]",
                        "correct the position or declare the scale the data use",
                    )
                )
            if (actor, issue) in cells:
                problems.append(
                    Problem(
                        name,
                        line,
                        "actor/issue",
                        f"duplicate row for actor '{actor}' on issue '{issue}'",
                        "keep one row per actor and issue",
                    )
                )
            cells[(actor, issue)] = (pos, sal / s_scale, cap)
            for col, store in (("reference", refs), ("outcome", outcomes)):
                if col not in df.columns or _blank(row.get(col)):
                    continue
                try:
                    r = _finite(row[col])
                except (TypeError, ValueError, OverflowError):
                    problems.append(
                        Problem(
                            name,
                            line,
                            col,
                            f"must be a finite number (got {row[col]!r})",
                            "write a number or leave it empty",
                        )
                    )
                    continue
                if issue in store and store[issue] != r:
                    problems.append(
                        Problem(
                            name,
                            line,
                            col,
                            f"issue '{issue}' has two {col}s ({store[issue]:g} and {r:g})",
                            f"give one {col} per issue",
                        )
                    )
                if bounds is not None and not bounds[0] <= r <= bounds[1]:
                    problems.append(
                        Problem(
                            name,
                            line,
                            col,
                            f"{col} {r:g} is outside the issue's declared scale "
                            f"[{bounds[0]:g}, {bounds[1]:g}]",
                            f"correct the {col} or declare the scale the data use",
                        )
                    )
                store[issue] = r
        if problems:
            raise ScenarioError(problems)
        scales: dict[str, tuple[float, float]] = {}
        for i in dict.fromkeys(i for _, i in cells):
            if i in declared or p_scale is not None:
                scales[i] = declared.get(i, p_scale)  # type: ignore[assignment]
                continue
            # the issue's own range: positions and reference, never the outcome (so no
            # prediction can depend on it)
            vals = [v[0] for (_, j), v in cells.items() if j == i]
            vals += [refs[i]] if i in refs else []
            lo, hi = min(vals), max(vals)
            if not np.isfinite(float(hi) - float(lo)):
                problems.append(
                    Problem(
                        name,
                        None,
                        "position",
                        f"positions on issue '{i}' span {lo:g} to {hi:g}, wider than a float "
                        "can hold",
                        "rescale the issue's positions (any scale works, e.g. 0–100)",
                    )
                )
                continue
            scales[i] = (lo, lo + 1.0) if hi == lo else (lo, hi)
        if problems:
            raise ScenarioError(problems)
        return cls(name, cells, refs, outcomes, scales)

    def block(self, actors: Sequence[str], issues: Sequence[str]) -> PositionTable:
        """The rectangular table of ``actors`` × ``issues`` (every cell must exist)."""
        pos_arr = np.array([[self.cells[(a, i)][0] for i in issues] for a in actors])
        sal_arr = np.array([[self.cells[(a, i)][1] for i in issues] for a in actors])
        cap_arr = np.array([[self.cells[(a, i)][2] for i in issues] for a in actors])
        unit = np.zeros_like(pos_arr)
        reference = np.full(len(issues), np.nan)
        scales = []
        for k, i in enumerate(issues):
            lo, hi = self.scales[i]
            scales.append(IssueScale(i, i, "numeric", lo, hi))
            unit[:, k] = (pos_arr[:, k] - lo) / (hi - lo)
            if i in self.refs:
                reference[k] = (self.refs[i] - lo) / (hi - lo)
        return PositionTable(
            actors=tuple(actors),
            issues=tuple(issues),
            scales=tuple(scales),
            positions=unit,
            saliences=sal_arr,
            capabilities=cap_arr,
            veto=np.ones(len(actors), dtype=bool),
            at_table=np.ones(len(actors), dtype=bool),
            reference=reference,
        )


def _unit_point(dist: object, scale: IssueScale) -> float:
    """Median of a bottom-line distribution on the unit scale (option ids resolved)."""
    from detente.scenario.uncertain import Fixed, Triangular, Uniform

    if isinstance(dist, Fixed):
        return scale.to_unit(dist.value)
    if isinstance(dist, Uniform):
        return 0.5 * (scale.to_unit(dist.low) + scale.to_unit(dist.high))
    if isinstance(dist, Triangular):
        resolved = Triangular(
            dist="triangular",
            low=scale.to_unit(dist.low),
            mode=scale.to_unit(dist.mode),
            high=scale.to_unit(dist.high),
        )
        return point(resolved)
    return scale.to_unit(point(dist))  # type: ignore[arg-type]


def _walk_away_from_war(
    scenario: Scenario, actors: tuple[str, ...], ideal: FloatArray, sal: FloatArray
) -> FloatArray | None:
    """Walk-away utilities at the median of every war input (None without a war block)."""
    w = scenario.war
    if w is None:
        return None
    a_idx, b_idx = actors.index(w.sides[0]), actors.index(w.sides[1])
    p_a = point(w.p_first_prevails)
    horizon = point(w.horizon_months)
    believed = np.full(len(actors), p_a)
    cost = np.zeros(len(actors))
    for aid, side in w.beliefs.items():
        k = actors.index(aid)
        own = p_a if k == a_idx else 1 - p_a
        hope = 1 - (1 - point(side.collapse_hope)) ** horizon
        own = min(1.0, max(0.0, own + point(side.optimism)))
        own = own + (1 - own) * hope
        believed[k] = own if k == a_idx else 1 - own
        cost[k] = point(side.monthly_cost)
    for aid, b in w.bystanders.items():
        cost[actors.index(aid)] = point(b.monthly_cost)
    return war_walk_away(ideal, sal, a_idx, b_idx, p_a, believed, cost, horizon)
