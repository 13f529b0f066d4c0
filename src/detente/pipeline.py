"""One forecast pipeline for library and CLI: simulate, run the analyses, build the document.

``run_forecast(scenario, spec)`` is what ``detente forecast`` does, minus rendering:

1. simulate the scenario with the run specification (``RunSpec``: draws, months, seed,
   workers, chunk size — the one home of the defaults);
2. run the chosen analyses on that simulation — every bargaining model (a model that cannot
   take the scenario is *recorded* as a failure, not dropped), the proposals scorecard on the
   same draws, the lever ranking and the input swings through the shared rerun loop with
   common random numbers, reusing the baseline's own per-draw outcomes;
3. build the schema-versioned :class:`~detente.results.ForecastDocument`, which records each
   analysis's draw count, the precision it reached and its time.

Nothing here prints or writes files; ``progress(label)`` is a context manager yielding a
``(done, total)`` callback (or None), so a terminal can show a bar per stage.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field

import pandas as pd

from detente.dynamics import RunSpec, SimulationResult, simulate
from detente.errors import DetenteError
from detente.models import MODELS
from detente.models.forecast import Forecast
from detente.results import ForecastDocument, build_document
from detente.results.export import models_frame
from detente.scenario.schema import Scenario
from detente.whatif import evaluate_proposals, input_swings, lever_swings, rank_levers, swing_table
from detente.whatif.precision import Precision
from detente.whatif.proposals import scorecard_draws, scorecard_precision

__all__ = ["ANALYSES", "ForecastRun", "ModelFailure", "run_forecast", "run_models"]

ANALYSES = ("models", "proposals", "levers", "inputs")
"""Every analysis ``run_forecast`` can run, in the order it runs them."""

TOP_INPUTS = 15
"""Inputs swung one at a time (the leaders of the given-data screen; the tornado shows them)."""

ProgressFactory = Callable[[str], AbstractContextManager[Callable[[int, int], None] | None]]


@contextmanager
def no_progress(_label: str) -> Iterator[None]:
    """The silent progress factory."""
    yield None


@dataclass(frozen=True)
class ModelFailure:
    """A bargaining model that could not forecast the scenario."""

    model: str
    error: str


@dataclass
class ForecastRun:
    """Everything one forecast produced: the simulation, each analysis and the document."""

    scenario: Scenario
    spec: RunSpec
    result: SimulationResult
    document: ForecastDocument
    forecasts: list[Forecast] = field(default_factory=list)
    failures: list[ModelFailure] = field(default_factory=list)
    levers: pd.DataFrame | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def moving_levers(self, k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` levers that move P(deal) most, with the change in P(deal)."""
        rows = [x for x in self.document.sensitivity if x.kind == "lever" and x.p_high != x.p_low]
        rows.sort(key=lambda x: -abs(x.p_high - x.p_low))
        return [(x.name, x.p_high - x.p_low) for x in rows[:k]]


def run_models(
    scenario: Scenario, *, seed: int | None
) -> tuple[list[Forecast], list[ModelFailure]]:
    """Every registered model's forecast, and a failure record for each that cannot take it.

    Models built only for EU decision data (``needs_issue_info``: the voting rule, the
    procedure) are not run on a scenario at all: that is their scope, not a failure.
    """
    out: list[Forecast] = []
    failed: list[ModelFailure] = []
    for name, cls in MODELS.items():
        info = getattr(cls, "info", None)
        if info is not None and getattr(info, "needs_issue_info", False):
            continue
        try:
            out.append(cls().forecast(scenario, seed=seed))
        except DetenteError as exc:
            failed.append(ModelFailure(name, str(exc)))
    return out, failed


def run_forecast(
    scenario: Scenario,
    spec: RunSpec | None = None,
    *,
    analyses: Collection[str] = ANALYSES,
    progress: ProgressFactory = no_progress,
) -> ForecastRun:
    """Simulate ``scenario`` with ``spec``, run ``analyses`` and build the forecast document.

    Raises
    ------
    InvalidParameterError
        If ``analyses`` names one that does not exist.
    """
    from detente.models.base import check_param

    unknown = sorted(set(analyses) - set(ANALYSES))
    check_param(
        "run_forecast",
        "analyses",
        unknown or list(analyses),
        f"a subset of {ANALYSES}",
        not unknown,
    )
    spec = (spec or RunSpec()).resolved()
    assert spec.seed is not None
    rows: list[dict[str, object]] = []
    timings: dict[str, float] = {}

    def record(
        name: str, t0: float, n: int | None, p: Precision | None = None, note: str = ""
    ) -> None:
        secs = time.perf_counter() - t0
        timings[name] = secs
        rows.append(
            {
                "name": name,
                "n_draws": n,
                "target_half_width": None if p is None else _finite(p.target_half_width),
                "achieved_half_width": None if p is None else _finite(p.achieved_half_width),
                "seconds": secs,
                "note": p.describe() if p is not None else note,
            }
        )

    t0 = time.perf_counter()
    with progress("simulating") as update:
        result = simulate(
            scenario,
            n_draws=spec.n_draws,
            n_months=spec.n_months,
            seed=spec.seed,
            chunk_size=spec.chunk_size,
            progress=update,
            workers=spec.workers,
        )
    record("simulation", t0, spec.n_draws, note=f"{spec.n_draws:,} draws, seed {spec.seed}")
    forecasts: list[Forecast] = []
    failures: list[ModelFailure] = []
    if "models" in analyses:
        t0 = time.perf_counter()
        forecasts, failures = run_models(scenario, seed=spec.seed)
        record("models", t0, None, note=f"{len(forecasts)} ran, {len(failures)} could not")
    proposals = None
    if "proposals" in analyses and scenario.proposals:
        t0 = time.perf_counter()
        n_card = scorecard_draws(spec.n_draws, spec.whatif_half_width)
        proposals = evaluate_proposals(
            scenario,
            n_draws=n_card,
            seed=spec.seed,
            n_months=spec.n_months,
            chunk_size=spec.chunk_size,
        )
        precision = scorecard_precision(proposals, n_card, spec.whatif_half_width)
        record("proposals", t0, n_card, precision)
    whatif = {
        "n_draws": spec.n_draws,
        "n_months": spec.n_months,
        "seed": spec.seed,
        "chunk_size": spec.chunk_size,
        "half_width": spec.whatif_half_width,
        "pilot": spec.whatif_pilot,
        "baseline": result.draws,
        "workers": spec.workers,
    }
    frames: list[pd.DataFrame] = []
    ranked = None
    if "levers" in analyses and (scenario.levers or scenario.proposals):
        t0 = time.perf_counter()
        with progress("levers and proposals") as update:
            ranked = rank_levers(scenario, progress=update, **whatif)  # type: ignore[arg-type]
        p = ranked.attrs["precision"]
        record("levers", t0, p.n_draws, p)
        frames.append(lever_swings(ranked))
    if "inputs" in analyses:
        t0 = time.perf_counter()
        with progress("input swings") as update:
            swings = input_swings(scenario, top=TOP_INPUTS, progress=update, **whatif)  # type: ignore[arg-type]
        p = swings.attrs["precision"]
        if not swings.empty:
            record("inputs", t0, p.n_draws, p)
            frames.append(swings)
    sensitivity = swing_table(*frames) if frames else None
    doc = build_document(
        result,
        scenario,
        proposals=proposals,
        models=models_frame(forecasts) if forecasts else None,
        sensitivity=sensitivity,
        analyses=pd.DataFrame(rows),
        model_failures=pd.DataFrame([vars(f) for f in failures], columns=["model", "error"]),
    )
    return ForecastRun(
        scenario=scenario,
        spec=spec,
        result=result,
        document=doc,
        forecasts=forecasts,
        failures=failures,
        levers=ranked,
        timings=timings,
    )


def _finite(x: float) -> float | None:
    return None if x != x else float(x)
