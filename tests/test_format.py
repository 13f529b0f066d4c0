"""The one percent formatter: missing values are a dash, never 'nan%'."""

from __future__ import annotations

from detente._format import pct, pts


def test_pct_and_pts() -> None:
    assert pct(0.2071) == "20.7%" and pct(0.2071, 0) == "21%"
    assert pct(None) == pct(float("nan")) == pct("x") == pct(True) == "—"
    assert pts(0.052) == "+5.2" and pts(-0.1, 0) == "-10" and pts(float("nan")) == "—"
