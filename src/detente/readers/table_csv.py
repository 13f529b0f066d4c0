"""detente's long CSV table (one row per actor × issue) read into a :class:`PositionTable`,
with every problem located by file and line."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pandas as pd

from detente._files import read_bounded
from detente._limits import TABLE_BYTES
from detente.errors import Problem, ScenarioError
from detente.models import PositionTable

__all__ = ["MAX_TABLE_BYTES", "TABLE_HEADER", "read_table_csv"]

MAX_TABLE_BYTES = TABLE_BYTES.default
TABLE_HEADER = "issue,actor,position,salience,capability[,reference]"
_FIX_HEADER = (
    f"write a comma-separated file whose first line is `{TABLE_HEADER}`, "
    "then one row per actor and issue"
)


def _fail(name: str, line: int | None, message: str, fix: str, path: str = "") -> ScenarioError:
    return ScenarioError([Problem(name, line, path, message, fix)])


def read_table_csv(path: str | Path) -> PositionTable:
    """Read a long CSV table (one row per actor × issue) into a :class:`PositionTable`.

    Guards against a missing, empty, oversized, binary or non-CSV file, each reported as a
    :class:`ScenarioError` naming the file, the line where known, and the fix; bad rows are
    reported by :meth:`PositionTable.from_frame`, all at once.
    """
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
    df = _parse_csv(text, name)
    df.columns = [str(c).strip().lower() for c in df.columns]
    try:
        return PositionTable.from_frame(df, name=name)
    except ScenarioError as exc:
        # from_frame counts data rows from line 2; map back to the file's lines (blank lines)
        lines: list[int] = df.attrs["lines"]
        fixed = [
            replace(pr, line=lines[pr.line - 1])
            if pr.line is not None and pr.line <= len(lines)
            else pr
            for pr in exc.problems
        ]
        raise ScenarioError(fixed) from None


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
