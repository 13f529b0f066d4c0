"""detente's long CSV table (one row per actor × issue) read into a :class:`PositionTable`,
with every problem located by file and line."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd

from detente._files import read_bounded
from detente._limits import TABLE_BYTES
from detente.errors import Problem, ScenarioError
from detente.models import PositionTable
from detente.models.issueset import IssueSet
from detente.readers.deu import DEFAULT_MAX_PROBLEMS, report_capped

__all__ = ["MAX_TABLE_BYTES", "TABLE_HEADER", "read_table_csv", "read_table_issues"]

MAX_TABLE_BYTES = TABLE_BYTES.default
_T = TypeVar("_T", PositionTable, IssueSet)
TABLE_HEADER = "issue,actor,position,salience,capability[,reference][,outcome]"
_FIX_HEADER = (
    f"write a comma-separated file whose first line is `{TABLE_HEADER}`, "
    "then one row per actor and issue"
)


def _fail(name: str, line: int | None, message: str, fix: str, path: str = "") -> ScenarioError:
    return ScenarioError([Problem(name, line, path, message, fix)])


def read_table_csv(
    path: str | Path,
    *,
    salience_scale: float | None = None,
    position_scale: tuple[float, float] | None = None,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
) -> PositionTable:
    """Read a long CSV table (one row per actor × issue) into a :class:`PositionTable`.

    Every actor must be on every issue; :func:`read_table_issues` reads ragged tables.
    Guards against a missing, empty, oversized, binary or non-CSV file, each reported as a
    :class:`ScenarioError` naming the file, the line where known, and the fix; bad rows are
    reported by :meth:`PositionTable.from_frame`, all at once (at most ``max_problems`` of
    them, 0: all, and a line counting the rest). Scales as in :func:`read_table_issues`.
    """
    return _build(PositionTable.from_frame, path, salience_scale, position_scale, max_problems)


def read_table_issues(
    path: str | Path,
    *,
    salience_scale: float | None = None,
    position_scale: tuple[float, float] | None = None,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
) -> IssueSet:
    """Read a long CSV table as it comes into an :class:`IssueSet`.

    An actor without a row on an issue is not part of it: the issues that share an actor
    set form one block (a rectangular table is one block, the same table as
    :func:`read_table_csv`). Saliences are divided by ``salience_scale`` (or the maximum a
    header ``salience[0-MAX]`` declares; default 1); ``position_scale`` (or a header
    ``position[LOW-HIGH]``) declares every issue's scale, else each issue runs from its
    lowest to its highest position. A header and an argument that disagree are refused. An
    optional ``outcome`` column (one value per issue) is kept for scoring, never shown to a
    model.
    """
    return _build(IssueSet.from_frame, path, salience_scale, position_scale, max_problems)


def _build(
    builder: Callable[..., _T],
    path: str | Path,
    salience_scale: float | None,
    position_scale: tuple[float, float] | None,
    max_problems: int,
) -> _T:
    """Read the file and hand its rows to ``builder``, reporting at most ``max_problems``."""
    df, name = _read_frame(path, max_problems)
    try:
        return builder(
            df,
            name=name,
            salience_scale=salience_scale,
            position_scale=position_scale,
            lines=df.attrs["lines"][1:],
        )
    except ScenarioError as exc:
        raise report_capped(exc.problems, name, max_problems) from None


def _read_frame(path: str | Path, max_problems: int) -> tuple[pd.DataFrame, str]:
    """The file's cells as a frame of strings (lowercased header), ``attrs['lines']`` each
    row's line in the file."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise _fail(name, None, "file not found", "check the path (relative to the current folder)")
    if p.is_dir():
        raise _fail(name, None, "is not a file", "give the path of a .csv file")
    raw = read_bounded(p, TABLE_BYTES, kind="table")
    if b"\x00" in raw[:8192]:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise _fail(
            name,
            line,
            "this is a binary file, not a CSV table (it contains NUL bytes)",
            "export the table as CSV (UTF-8 text)",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(
            name,
            line,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8 text",
            "save the file as UTF-8 CSV",
        ) from None
    if not text.strip():
        raise _fail(name, 1, "the file is empty", _FIX_HEADER)
    first = text.lstrip().splitlines()[0]
    if "," not in first:
        sep = next(
            (f"{label}s" for ch, label in ((";", "semicolon"), ("\t", "tab")) if ch in first),
            "no commas",
        )
        raise _fail(
            name,
            1,
            f"the header has {sep}, so this is not a comma-separated table (got {first[:60]!r})",
            _FIX_HEADER,
        )
    try:
        df = _parse_csv(text, name)
    except ScenarioError as exc:
        raise report_capped(exc.problems, name, max_problems) from None
    df.columns = [str(c).strip().lower() for c in df.columns]
    return df, name


def _parse_csv(text: str, name: str) -> pd.DataFrame:
    """Parse CSV text, reporting every row whose cell count differs from the header's."""
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append([cell.strip() for cell in row])
                lines.append(reader.line_num)
    except csv.Error as exc:
        raise _fail(
            name,
            reader.line_num,
            f"not a valid CSV table: {exc}",
            "close every quoted cell; quote cells that contain commas",
        ) from None
    header = rows[0]
    problems = [
        Problem(
            name,
            line,
            "",
            f"the row has {len(row)} cells, the header has {len(header)}",
            "give every row one cell per header column; quote cells that contain commas",
        )
        for row, line in zip(rows[1:], lines[1:], strict=True)
        if len(row) != len(header)
    ]
    if problems:
        raise ScenarioError(problems)
    df = pd.DataFrame(rows[1:], columns=header, dtype=object)
    df.attrs["lines"] = lines
    return df
