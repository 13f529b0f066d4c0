"""KTAB's CSV scenario format (``SMPModel::csvRead`` in examples/smp/libsrc/smpread.cpp).

Line 1: scenario name, description, number of actors, number of dimensions (extra trailing
fields are ignored, as KTAB does). Line 2: ``Actor, Description, Influence`` then a
position and a salience column per dimension. Then one line per actor. Values are on a
0–100 scale; padding and trailing commas occur and are accepted.
"""

from __future__ import annotations

import csv
import io

from detente.errors import Problem, ScenarioError
from detente.readers.ktab_records import KtabRecords, check_saliences, parse_number

__all__ = ["parse_ktab_csv"]


def _strip_trailing(cells: list[str], keep: int) -> list[str]:
    out = [c.strip() for c in cells]
    while len(out) > keep and not out[-1]:
        out.pop()
    return out


def _header(rows: list[list[str]], file: str) -> tuple[str, str, int, int, list[str]]:
    """Scenario line and column header; raise at once if they cannot be understood."""
    if len(rows) < 2 or len(rows[0]) < 4:
        raise ScenarioError(
            [
                Problem(
                    file,
                    1,
                    "scenario line",
                    "line 1 must be: name, description, number of actors, number of dimensions",
                    "start the file with KTAB's scenario line",
                )
            ]
        )
    first = [c.strip() for c in rows[0]]
    try:
        n_act, n_dim = int(first[2]), int(first[3])
    except ValueError:
        raise ScenarioError(
            [
                Problem(
                    file,
                    1,
                    "scenario line",
                    f"the actor and dimension counts must be whole numbers (got {first[2]!r}, "
                    f"{first[3]!r})",
                    "write the number of actors, then the number of dimensions",
                )
            ]
        ) from None
    if n_act < 3 or n_dim < 1:
        raise ScenarioError(
            [
                Problem(
                    file,
                    1,
                    "scenario line",
                    f"needs at least 3 actors and 1 dimension (got {n_act} and {n_dim})",
                    "fix the counts on line 1",
                )
            ]
        )
    width = 3 + 2 * n_dim
    head = _strip_trailing(rows[1], 0)
    if len(head) != width:
        raise ScenarioError(
            [
                Problem(
                    file,
                    2,
                    "column header",
                    f"has {len(head)} columns; {n_dim} dimension(s) need {width}",
                    "list Actor, Description, Influence, then a position and a salience "
                    "column per dimension",
                )
            ]
        )
    return first[0], first[1], n_act, n_dim, head


def parse_ktab_csv(raw: bytes, file: str) -> KtabRecords:
    """Parse a KTAB CSV file; raise ScenarioError listing every problem found."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(
            [Problem(file, None, "", "is not UTF-8 text", "save it as UTF-8 CSV")]
        ) from None
    rows = list(csv.reader(io.StringIO(text)))
    name, desc, n_act, n_dim, head = _header(rows, file)
    width = 3 + 2 * n_dim
    rec = KtabRecords(
        name=name, description=desc, dimensions=[head[3 + 2 * d] for d in range(n_dim)]
    )
    problems: list[Problem] = []
    body = [(k + 3, r) for k, r in enumerate(rows[2:]) if any(c.strip() for c in r)]
    if len(body) != n_act:
        problems.append(
            Problem(
                file,
                1,
                "scenario line",
                f"declares {n_act} actors but the file has {len(body)} actor rows",
                "make the count on line 1 match the rows",
            )
        )
    for line, row in body[:n_act]:
        cells = _strip_trailing(row, width)
        if len(cells) != width:
            problems.append(
                Problem(
                    file,
                    line,
                    "actor row",
                    f"has {len(cells)} values (expected {width})",
                    "give name, description, influence, then a position and a salience per "
                    "dimension",
                )
            )
            continue
        actor = cells[0]
        if not actor:
            problems.append(Problem(file, line, head[0], "is empty", "name the actor"))
        elif actor in rec.actors:
            problems.append(
                Problem(file, line, head[0], f"'{actor}' appears twice", "give unique names")
            )
        rec.actors.append(actor)
        rec.descriptions.append(cells[1])
        rec.capabilities.append(
            parse_number(cells[2], (file, line, head[2]), (0.0, None), "a capability", problems)
        )
        rec.positions.append(
            [
                parse_number(c, (file, line, h), (0.0, 100.0), "a position", problems)
                for c, h in zip(cells[3::2], head[3::2], strict=True)
            ]
        )
        rec.saliences.append(
            [
                parse_number(c, (file, line, h), (0.0, 100.0), "a salience", problems)
                for c, h in zip(cells[4::2], head[4::2], strict=True)
            ]
        )
        check_saliences(rec.saliences[-1], (file, line, f"actor '{actor}'"), problems)
    if problems:
        raise ScenarioError(problems)
    return rec
