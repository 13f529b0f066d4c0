"""How detente writes a probability or a change of one, everywhere it prints one.

One formatter, so the terminal, the report and the run views agree: a missing or NaN value
is an em dash, never "nan%".
"""

from __future__ import annotations

import math

__all__ = ["BLOCKER_WORDS", "pct", "pts"]


def _missing(x: object) -> bool:
    return (
        x is None or isinstance(x, bool) or not isinstance(x, (int, float)) or math.isnan(float(x))
    )


def pct(x: object, digits: int = 1) -> str:
    """0.2071 → '20.7%' (``digits`` decimals); None/NaN/non-numbers → '—'."""
    return "—" if _missing(x) else f"{100 * float(x):.{digits}f}%"  # type: ignore[arg-type]


def pts(x: object, digits: int = 1) -> str:
    """A change of a probability in percentage points: 0.052 → '+5.2'; None/NaN → '—'."""
    return "—" if _missing(x) else f"{100 * float(x):+.{digits}f}"  # type: ignore[arg-type]


BLOCKER_WORDS = {
    "red_line": "bottom lines / red lines",
    "walk_away": "walk-away value",
    "public_tolerance": "public tolerance",
    "not_at_table": "not at the table",
    "coupling": "no ceasefire before settlement",
}
"""How each kind of blocker reads, in the blockers table, the terminal and the report."""
