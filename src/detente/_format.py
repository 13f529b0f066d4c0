"""How detente writes a probability or a change of one, everywhere it prints one.

One formatter, so the terminal, the report and the run views agree: a missing or NaN value
is an em dash, never "nan%".
"""

from __future__ import annotations

import math

__all__ = ["pct", "pts"]


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
