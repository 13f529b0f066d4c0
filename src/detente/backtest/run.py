"""One call that runs the whole backtest: simulate every case, score, write the record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.backtest.document import to_document, write_document
from detente.backtest.evaluate import Evaluation, evaluate
from detente.backtest.fit import fit_rates
from detente.backtest.library import load_library
from detente.backtest.page import write_page
from detente.backtest.relapse import score_relapse
from detente.backtest.runner import run_cases
from detente.history.reference_class import ReferenceClass, load_hazards

__all__ = ["BacktestRun", "run_backtest"]

DEFAULT_DRAWS = 20_000
DEFAULT_SEED = 42
DEFAULT_FIT_DRAWS = 1_000
"""Draws per case and grid point of the rate fit (35 points: 35,000 draws per case in all)."""


@dataclass(frozen=True)
class BacktestRun:
    """The evaluation and its JSON record."""

    evaluation: Evaluation
    document: dict[str, Any]

    def write(self, out: Path) -> tuple[Path, Path]:
        """Write ``backtest.json`` and ``backtest.html`` into ``out`` (created if needed)."""
        out.mkdir(parents=True, exist_ok=True)
        js, page = out / "backtest.json", out / "backtest.html"
        write_document(self.document, js)
        write_page(self.document, page)
        return js, page


def run_backtest(
    case_ids: Sequence[str] | None = None,
    *,
    n_draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    workers: int = 1,
    scheduler: str | None = None,
    n_boot: int = 2000,
    fit_draws: int = DEFAULT_FIT_DRAWS,
    progress: Callable[[int, int], None] | None = None,
    fit_progress: Callable[[int, int], None] | None = None,
) -> BacktestRun:
    """Simulate every case (or the named ones) and score them against their outcomes."""
    cases = load_library(None if case_ids is None else list(case_ids))
    forecasts = run_cases(
        [c.id for c in cases],
        n_draws=n_draws,
        seed=seed,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    fit = None
    if fit_draws > 0:
        fit = fit_rates(
            cases,
            n_draws=fit_draws,
            seed=seed,
            workers=workers,
            scheduler=scheduler,
            progress=fit_progress,
        )
    ref = ReferenceClass(load_hazards())
    ev = evaluate(cases, forecasts, ref, fit=fit, n_boot=n_boot, seed=seed)
    relapse = score_relapse(cases, forecasts, n_boot=n_boot, seed=seed)
    doc = to_document(ev, n_draws=n_draws, seed=seed, fit_draws=fit_draws, relapse=relapse)
    return BacktestRun(ev, doc)
