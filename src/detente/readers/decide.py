"""The input file of Stokman's Decide exchange model (Stokman & Van Oosten 1994; the Decide
software and its open re-implementation ``decide-exchange-model``) read into an
:class:`IssueSet`.

The format, as the files in circulation are written: one record per line, cells separated by
tabs (older files: semicolons), cells optionally quoted with ``'`` or ``"``, the first cell a
tag saying what the line is:

``#A  id  full name  [comment…]``
    an actor;
``#P  id  description  [comment…]``
    an issue (a "policy");
``#M  issue  point  [meaning…]``
    a labelled point of the issue's scale; the issue runs from its lowest to its highest
    ``#M`` point (0–100 when it has none);
``#D  actor  issue  position  salience  power  [comment…]``
    an actor on an issue: position on the issue's scale, salience on [0, 1], power (only
    ratios matter);
``#O  text`` and ``#/  text…``
    a title and comments (``#/`` lines name the columns); ignored.

Blank lines are skipped and the order of lines does not matter. An actor without a ``#D``
line on an issue is not part of it (Decide's own cases leave such gaps), so the data are
ragged, held as blocks like DEU data.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from detente._files import read_bounded
from detente._limits import TABLE_BYTES
from detente.errors import Problem, ScenarioError
from detente.models.issueset import IssueSet
from detente.readers.deu import DEFAULT_MAX_PROBLEMS, report_capped

__all__ = ["DECIDE_TAGS", "read_decide"]

DECIDE_TAGS = {
    "#A": "actor",
    "#P": "issue",
    "#M": "scale point",
    "#D": "actor on an issue",
    "#O": "title",
    "#/": "comment",
}
"""Every line tag a Decide file may use."""

_MIN_CELLS = {"#A": 2, "#P": 2, "#M": 3, "#D": 6}
_FIX_LAYOUT = (
    "write tab-separated lines starting #A (actor), #P (issue), #M (scale point) or #D "
    "(actor, issue, position, salience, power); see docs/models.md"
)


def _unquote(cell: str) -> str:
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] and cell[0] in "'\"":
        return cell[1:-1].strip()
    return cell


def _number(text: str) -> float:
    """A number with a dot as decimal separator (ValueError otherwise)."""
    return float(text)


def _decode(raw: bytes) -> tuple[str, str | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), (
            "the file is not UTF-8; read as Windows-1252 (Western European)"
        )


def read_decide(
    path: str | Path,
    *,
    salience_scale: float | None = None,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
) -> IssueSet:
    """Read a Decide input file into an :class:`IssueSet` (one block per actor set).

    Parameters
    ----------
    salience_scale : float or None
        The saliences' maximum (Decide: 1, the default); they are divided by it.
    max_problems : int
        At most this many line-level problems are reported (0: all), then a line counting
        the rest.

    Raises
    ------
    ScenarioError
        For every problem at once, each with the file, line, field and fix: a line without a
        known tag, too few cells, a non-number, an actor or issue used in ``#D`` but never
        declared, a position outside the issue's ``#M`` scale, a salience outside
        [0, scale], a negative power, a duplicate.
    """
    name = str(path)
    raw = read_bounded(Path(path), TABLE_BYTES, kind="Decide file", name=name)
    if b"\x00" in raw[:8192]:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise ScenarioError(
            [Problem(name, line, "", "this is a binary file, not a Decide file", _FIX_LAYOUT)]
        )
    text, encoding_note = _decode(raw)
    lines = [(k, ln.rstrip("\r")) for k, ln in enumerate(text.split("\n"), start=1)]
    lines = [(k, ln) for k, ln in lines if ln.strip()]
    if not lines:
        raise ScenarioError([Problem(name, 1, "", "the file is empty", _FIX_LAYOUT)])
    first = lines[0][1]
    sep = "\t" if "\t" in first else ";" if ";" in first else None
    if sep is None:
        raise ScenarioError(
            [
                Problem(
                    name,
                    lines[0][0],
                    "",
                    f"the first line has no tabs or semicolons, so this is not a Decide file "
                    f"(got {first[:60]!r})",
                    _FIX_LAYOUT,
                )
            ]
        )
    problems: list[Problem] = []
    notes: list[str] = [encoding_note] if encoding_note else []
    actors: dict[str, int] = {}
    issues: dict[str, int] = {}
    points: dict[str, list[float]] = {}
    first_m: dict[str, int] = {}
    data: list[tuple[int, list[str]]] = []
    for line, content in lines:
        cells = [_unquote(c) for c in content.split(sep)]
        while cells and not cells[-1]:
            cells.pop()
        tag = cells[0].upper() if cells else ""
        if tag not in DECIDE_TAGS:
            problems.append(
                Problem(
                    name,
                    line,
                    "",
                    f"a line must start with one of {', '.join(DECIDE_TAGS)} (got "
                    f"{cells[0][:20] if cells else ''!r})",
                    _FIX_LAYOUT,
                )
            )
            continue
        need = _MIN_CELLS.get(tag, 0)
        if len(cells) < need:
            fields = {
                "#A": "#A, id, full name",
                "#P": "#P, id, description",
                "#M": "#M, issue, point (, meaning)",
                "#D": "#D, actor, issue, position, salience, power",
            }[tag]
            problems.append(
                Problem(
                    name,
                    line,
                    tag,
                    f"a {tag} line ({DECIDE_TAGS[tag]}) needs {need} cells (got {len(cells)})",
                    f"write {fields}, separated by {'tabs' if sep == chr(9) else 'semicolons'}",
                )
            )
            continue
        if tag in ("#A", "#P"):
            store = actors if tag == "#A" else issues
            key = cells[1]
            if not key:
                problems.append(
                    Problem(name, line, tag, f"the {DECIDE_TAGS[tag]} id is empty", "fill it in")
                )
            elif key in store:
                problems.append(
                    Problem(
                        name,
                        line,
                        tag,
                        f"{DECIDE_TAGS[tag]} '{key}' is declared twice (first on line "
                        f"{store[key]})",
                        "declare each once",
                    )
                )
            else:
                store[key] = line
        elif tag == "#M":
            first_m.setdefault(cells[1], line)
            try:
                points.setdefault(cells[1], []).append(_number(cells[2]))
            except ValueError:
                problems.append(
                    Problem(
                        name,
                        line,
                        "#M",
                        f"the scale point must be a number (got {cells[2]!r})",
                        "write a number with a dot as decimal separator",
                    )
                )
        elif tag == "#D":
            data.append((line, cells))
    scales: dict[str, tuple[float, float]] = {}
    for issue, pts in points.items():
        if issue not in issues:
            problems.append(
                Problem(
                    name,
                    first_m.get(issue),
                    "#M",
                    f"scale point of issue '{issue}', which no #P line declares",
                    "declare it with a #P line, or correct the id",
                )
            )
        elif len(pts) == 1:
            problems.append(
                Problem(
                    name,
                    first_m.get(issue),
                    "#M",
                    f"issue '{issue}' has one scale point ({pts[0]:g}); a scale needs its "
                    "lowest and highest",
                    "add #M lines for both ends of the scale, or none (0–100)",
                )
            )
        elif pts:
            scales[issue] = (min(pts), max(pts))
    for issue in issues:
        scales.setdefault(issue, (0.0, 100.0))
    rows: list[dict[str, str]] = []
    row_lines: list[int] = []
    zero_power: list[str] = []
    for line, cells in data:
        actor, issue = cells[1], cells[2]
        bad = False
        if actor not in actors:
            problems.append(
                Problem(
                    name,
                    line,
                    "#D.actor",
                    f"actor '{actor}' is not declared by an #A line",
                    "add `#A<tab>" + actor + "<tab>full name`, or correct the id",
                )
            )
            bad = True
        if issue not in issues:
            problems.append(
                Problem(
                    name,
                    line,
                    "#D.issue",
                    f"issue '{issue}' is not declared by a #P line",
                    "add `#P<tab>" + issue + "<tab>description`, or correct the id",
                )
            )
            bad = True
        if bad:
            continue
        try:
            power = _number(cells[5])
        except ValueError:
            power = None  # reported below as a non-number
        if power == 0:
            zero_power.append(f"{actor} on {issue}")
            continue
        rows.append(
            {
                "issue": issue,
                "actor": actor,
                "position": cells[3],
                "salience": cells[4],
                "capability": cells[5],
            }
        )
        row_lines.append(line)
    if zero_power:
        notes.append(
            f"{len(zero_power)} #D line(s) with power 0 left out (no influence): "
            + ", ".join(zero_power[:5])
            + (" …" if len(zero_power) > 5 else "")
        )
    unused = [i for i in issues if not any(r["issue"] == i for r in rows)]
    if unused:
        notes.append(f"issue(s) without #D lines left out: {', '.join(unused)}")
    if not rows and not problems:
        problems.append(
            Problem(name, None, "#D", "the file has no #D lines", "add one per actor and issue")
        )
    result = None
    if rows:  # the #D values are checked even when other lines are bad: every problem at once
        try:
            result = IssueSet.from_frame(
                pd.DataFrame(rows, dtype=object),
                name=name,
                salience_scale=salience_scale,
                issue_scales=scales,
                lines=row_lines,
            )
        except ScenarioError as exc:
            problems.extend(
                replace(p, path="#D." + {"capability": "power"}.get(p.path, p.path))
                if p.path
                else p
                for p in exc.problems
            )
    if problems or result is None:
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
        raise report_capped(problems, name, max_problems)
    return IssueSet(result.tables, result.meta, name, tuple(notes))
