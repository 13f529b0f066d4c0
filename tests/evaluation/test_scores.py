"""detente evaluate's scores and bootstrap."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detente.evaluation import evaluate, paired_bootstrap, score_errors
from detente.evaluation.page import evaluation_html
from detente.readers.deu import read_deu

DATA = Path(__file__).parents[1] / "data" / "deu-synthetic.tsv"


def test_scores_by_hand() -> None:
    s = score_errors(np.array([3.0, -4.0, 12.0]))
    assert s["mae"] == pytest.approx(19 / 3)
    assert s["rmse"] == pytest.approx(np.sqrt((9 + 16 + 144) / 3))
    assert s["hit5"] == pytest.approx(2 / 3)
    assert s["hit10"] == pytest.approx(2 / 3)


def test_paired_bootstrap_brackets_the_difference() -> None:
    rng = np.random.default_rng(1)
    base = rng.normal(0, 10, 200)
    better = base * 0.5
    d, lo, hi = paired_bootstrap(better, base, n_boot=500, seed=0)
    assert lo < d < hi < 0
    assert d == pytest.approx(np.abs(better).mean() - np.abs(base).mean())


def test_evaluate_scores_only_issues_with_outcomes_and_records_failures() -> None:
    ev = evaluate(read_deu(DATA), ["median", "nash", "ensemble"], n_boot=200)
    assert set(ev.overall["model"]) == {"compromise", "median", "ensemble"}
    assert (ev.overall["n"] == 2).all()  # x2i1 has no outcome
    assert "nash" in ev.failures
    assert set(ev.by_group["group"]) == {"procedure", "rule"}
    page = evaluation_html(ev)
    assert "<script src=" not in page  # plotly is inlined: the page works offline
    assert "Plotly" in page
