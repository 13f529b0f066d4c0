"""The DEU file (Decision-making in the European Union: Thomson et al. 2006; Arregui &
Perarnaud 2022) read as it comes, into an :class:`IssueSet`.

The format: tab-separated whatever the extension (copies in circulation are named ``.csv``),
cells optionally quoted; row 1 the header; an optional capability row with a blank proposal
number (the redistributor's GDP-based weights); then one row per issue with ``prnrnmc``
(proposal number), ``isnrnmc``, ``isnr`` (issue code), ``proc`` (COD/CNS), ``counvte``
(QMV/Unan), ``p<actor>`` positions and ``s<actor>`` saliences, ``rp`` the reference point and
``out`` the outcome. An actor is part of an issue when it has both a position and a salience.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from detente._files import read_bounded
from detente._limits import TABLE_BYTES
from detente.errors import Problem, ScenarioError
from detente.models.council import capabilities
from detente.models.issueset import IssueSet
from detente.models.table import PositionTable
from detente.scenario.scales import IssueScale

__all__ = ["ACTOR_NAMES", "DEFAULT_MAX_PROBLEMS", "MAX_DEU_BYTES", "read_deu", "report_capped"]

MAX_DEU_BYTES = TABLE_BYTES.default
DEFAULT_MAX_PROBLEMS = 20

ACTOR_NAMES = {
    "com": "Commission", "ep": "European Parliament", "at": "Austria", "be": "Belgium",
    "bu": "Bulgaria", "cr": "Croatia", "cy": "Cyprus", "cz": "Czechia", "dk": "Denmark",
    "ee": "Estonia", "fi": "Finland", "fr": "France", "de": "Germany", "el": "Greece",
    "hu": "Hungary", "ie": "Ireland", "it": "Italy", "lv": "Latvia", "lt": "Lithuania",
    "lu": "Luxembourg", "mt": "Malta", "nl": "Netherlands", "pl": "Poland", "pt": "Portugal",
    "ro": "Romania", "si": "Slovenia", "sk": "Slovakia", "es": "Spain", "se": "Sweden",
    "uk": "United Kingdom",
}  # fmt: skip

_REQUIRED = ("prnrnmc", "isnr", "proc", "counvte", "rp", "out")


def report_capped(problems: list[Problem], name: str, max_problems: int) -> ScenarioError:
    """A ScenarioError with at most ``max_problems`` problems and a line counting the rest."""
    if max_problems > 0 and len(problems) > max_problems:
        rest = len(problems) - max_problems
        problems = [
            *problems[:max_problems],
            Problem(
                name,
                None,
                "",
                f"… and {rest:,} more problem(s) not shown ({len(problems):,} in all)",
                "fix the ones above and run again, or raise --max-problems",
            ),
        ]
    return ScenarioError(problems)


def _number(cell: str) -> float | None:
    cell = cell.strip()
    if not cell:
        return None
    return float(cell)


def _cell_number(
    cell: dict[str, str],
    column: str,
    where: tuple[str, int],
    problems: list[Problem],
    fix: str,
) -> tuple[bool, float | None]:
    """(ok, value) of a cell that must be a number or blank; a Problem recorded where not."""
    try:
        return True, _number(cell[column])
    except ValueError:
        problems.append(
            Problem(
                where[0], where[1], column, f"must be a number or blank (got {cell[column]!r})", fix
            )
        )
        return False, None


def read_deu(
    path: str | Path,
    *,
    capability: str = "votes",
    salience_scale: float = 100.0,
    position_scale: tuple[float, float] = (0.0, 100.0),
    min_actors: int = 3,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
) -> IssueSet:
    """Read a DEU file into an :class:`IssueSet` (one block per proposal and actor set).

    Parameters
    ----------
    capability : str
        Capability scheme, see :mod:`detente.models.council`.
    salience_scale : float
        The saliences' maximum (DEU: 100); they are divided by it.
    position_scale : (low, high)
        The issues' scale (DEU: 0–100); positions, reference points and outcomes outside it
        are reported.
    min_actors : int
        Issues with fewer actors (position and salience both given) are dropped, with a note.
    max_problems : int
        At most this many row-level problems are reported (0: all).
    """
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise report_capped([Problem(name, None, "", "file not found", "check the path")], name, 0)
    # bounded read from the stream (a pipe or device is refused without blocking)
    raw = read_bounded(p, TABLE_BYTES, kind="DEU file", name=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    if "\t" not in first:
        raise report_capped(
            [
                Problem(
                    name,
                    1,
                    "",
                    "the header has no tabs, so this is not a DEU file (they are tab-separated "
                    "whatever the extension)",
                    "give the tab-separated DEU file",
                )
            ],
            name,
            0,
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    rows = [(reader.line_num, r) for r in reader if any(c.strip() for c in r)]
    header = [c.strip().lower() for c in rows[0][1]]
    missing = [c for c in _REQUIRED if c not in header]
    actors = [c[1:] for c in header if c.startswith("p") and "s" + c[1:] in header]
    actors = [a for a in actors if a not in ("rnr", "rname")]
    if missing or not actors:
        what = ", ".join(missing) if missing else "p<actor>/s<actor> column pairs"
        raise report_capped(
            [Problem(name, 1, "", f"missing column(s): {what}", "use the DEU header")], name, 0
        )
    col = {c: k for k, c in enumerate(header)}
    lo, hi = position_scale
    problems: list[Problem] = []
    notes: list[str] = []
    gdp: dict[str, float] | None = None
    records: list[
        tuple[
            int,
            str,
            int,
            dict[str, str],
            list[str],
            dict[str, float],
            dict[str, float],
            dict[str, float],
        ]
    ] = []
    for line, row in rows[1:]:
        if len(row) != len(header):
            problems.append(
                Problem(
                    name,
                    line,
                    "",
                    f"the row has {len(row)} cells, the header has {len(header)}",
                    "one cell per header column, tab-separated",
                )
            )
            continue
        cell = {c: row[k].strip() for c, k in col.items()}
        if not cell["prnrnmc"] and not cell["isnr"]:
            try:
                gdp = {a: float(cell["p" + a]) for a in actors if cell["p" + a]}
            except ValueError:
                gdp = None
            continue
        issue = cell["isnr"] or f"{cell['prnrnmc']}-{cell.get('isnrnmc', line)}"
        pos: dict[str, float] = {}
        sal: dict[str, float] = {}
        bad = False
        for a in actors:
            for kind, store, top in (("p", pos, None), ("s", sal, salience_scale)):
                column = kind + a
                ok, v = _cell_number(
                    cell,
                    column,
                    (name, line),
                    problems,
                    "write a number, or leave it blank if the actor is not coded",
                )
                bad = bad or not ok
                if v is None:
                    continue
                low, high = (0.0, top) if top is not None else (min(lo, hi), max(lo, hi))
                if not low <= v <= high:
                    scale = "salience" if kind == "s" else "position"
                    problems.append(
                        Problem(
                            name,
                            line,
                            column,
                            f"{scale} {v:g} is outside the declared scale [{low:g}, {high:g}]",
                            "declare the data's scale (--salience-scale / --position-scale)",
                        )
                    )
                    bad = True
                    continue
                store[a] = v if top is None else v / salience_scale
        extra: dict[str, float] = {}
        for column in ("rp", "out"):
            ok, v = _cell_number(
                cell, column, (name, line), problems, "write a number or leave it blank"
            )
            bad = bad or not ok
            if ok:
                extra[column] = np.nan if v is None else v
        if bad:
            continue
        members = [a for a in actors if a in pos and a in sal]
        try:
            proposal = int(float(cell["prnrnmc"]))
        except ValueError:
            problems.append(
                Problem(
                    name,
                    line,
                    "prnrnmc",
                    f"proposal number must be an integer (got {cell['prnrnmc']!r})",
                    "fill it in",
                )
            )
            continue
        records.append((line, issue, proposal, cell, members, pos, sal, extra))
    if problems:
        raise report_capped(problems, name, max_problems)
    seen: set[str] = set()
    kept = list(records[:0])
    dropped = list(records[:0])
    for rec in records:
        if rec[1] in seen:
            problems.append(
                Problem(name, rec[0], "isnr", f"duplicate issue '{rec[1]}'", "one row per issue")
            )
            continue
        seen.add(rec[1])
        (kept if len(rec[4]) >= min_actors else dropped).append(rec)
    if problems:
        raise report_capped(problems, name, max_problems)
    if dropped:
        notes.append(
            f"{len(dropped)} issue(s) with fewer than {min_actors} actors coded (position and "
            f"salience) left out: {', '.join(r[1] for r in dropped[:5])}"
            + (" …" if len(dropped) > 5 else "")
        )
    if not kept:
        raise report_capped(
            [Problem(name, None, "", "no issue has enough coded actors", "check the file")],
            name,
            0,
        )
    # blocks: the issues of one proposal that share an actor set, in order of appearance
    groups: dict[tuple[int, tuple[str, ...]], list[int]] = {}
    for k, rec in enumerate(kept):
        groups.setdefault((rec[2], tuple(rec[4])), []).append(k)
    tables = []
    block_of = np.zeros(len(kept), dtype=np.int64)
    for b, ((_, coded), ks) in enumerate(groups.items()):
        block_of[ks] = b
        recs = [kept[k] for k in ks]
        # an actor with salience 0 on every issue of the block weighs nothing in any
        # salience-weighted model; it is left out (KTAB refuses such actors)
        members = [a for a in coded if any(r[6][a] > 0 for r in recs)] or list(coded)
        span = hi - lo if hi != lo else 1.0
        positions = np.array([[(r[5][a] - lo) / span for r in recs] for a in members])
        saliences = np.array([[r[6][a] for r in recs] for a in members])
        caps = np.column_stack(
            [capabilities(members, capability, rule=r[3]["counvte"], gdp=gdp) for r in recs]
        )
        ref = np.array([(r[7]["rp"] - lo) / span for r in recs])
        info = tuple(
            {
                "procedure": r[3]["proc"],
                "rule": r[3]["counvte"],
                "commission": "com" if "com" in members else "",
                "parliament": "ep" if "ep" in members else "",
                "proposal": str(r[2]),
            }
            for r in recs
        )
        tables.append(
            PositionTable(
                actors=tuple(members),
                issues=tuple(r[1] for r in recs),
                scales=tuple(IssueScale(r[1], r[1], "numeric", lo, hi) for r in recs),
                positions=positions,
                saliences=saliences,
                capabilities=caps,
                veto=np.ones(len(members), dtype=bool),
                at_table=np.ones(len(members), dtype=bool),
                reference=ref,
                actor_names=tuple(ACTOR_NAMES.get(a, a) for a in members),
                issue_info=info,
            )
        )
    meta = pd.DataFrame(
        {
            "issue": [r[1] for r in kept],
            "proposal": [r[2] for r in kept],
            "procedure": [r[3]["proc"] for r in kept],
            "rule": [r[3]["counvte"] for r in kept],
            "low": lo,
            "high": hi,
            "reference": [r[7]["rp"] for r in kept],
            "outcome": [r[7]["out"] for r in kept],
            "n_actors": [len(r[4]) for r in kept],
            "block": block_of,
        }
    )
    return IssueSet(tuple(tables), meta, name, tuple(notes))
