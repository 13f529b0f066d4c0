"""Write a forecast as data (``forecast.json`` plus Parquet and CSV tables) and read it back.

The simulation returns arrays and DataFrames; readers outside Python need files with a
published shape. :func:`build_document` turns a simulation result (anything shaped like
``detente.dynamics.result.SimulationResult``) into a validated :class:`ForecastDocument`;
:func:`write_results` writes it; :func:`read_results` validates a file back into the same
object, refusing versions it does not know.

Each file is written to a temporary name and renamed into place, so a reader never sees a
half-written ``forecast.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
from pydantic import ValidationError

from detente.errors import InvalidParameterError
from detente.history.calibrated import LEVEL, calibrate, elapsed_months, load_shipped_map
from detente.models.forecast import Forecast
from detente.results.fingerprint import scenario_hash
from detente.results.schema import READABLE_VERSIONS, SCHEMA_VERSION, ForecastDocument
from detente.scenario.schema import Scenario

__all__ = [
    "SimulationResultLike",
    "build_document",
    "models_frame",
    "read_results",
    "write_results",
]


class SimulationResultLike(Protocol):
    """What export needs of a simulation result (``detente.dynamics.result.SimulationResult``)."""

    @property
    def scenario_id(self) -> str: ...
    @property
    def as_of(self) -> dt.date: ...
    @property
    def months(self) -> tuple[str, ...]: ...
    @property
    def n_draws(self) -> int: ...
    @property
    def seed(self) -> int | None: ...
    @property
    def params(self) -> Mapping[str, Any]: ...
    @property
    def p_ceasefire(self) -> pd.DataFrame: ...
    @property
    def p_settlement(self) -> pd.DataFrame: ...
    @property
    def p_ceasefire_reached(self) -> pd.DataFrame: ...
    @property
    def p_military_decision(self) -> pd.DataFrame: ...
    @property
    def time_to_deal(self) -> pd.DataFrame: ...
    @property
    def terms(self) -> pd.DataFrame: ...
    @property
    def p_relapse(self) -> pd.DataFrame: ...
    @property
    def blockers(self) -> pd.DataFrame: ...
    @property
    def headline(self) -> Mapping[str, float]: ...


def _clean(value: Any) -> Any:
    """NaN/inf → None and numpy scalars → Python scalars (JSON has neither)."""
    if isinstance(value, np.generic):
        value = value.item()
    elif isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, float):
        # 12 decimals: far below any meaningful precision, and it folds float noise such as
        # 1.0000000000000002 back onto the [0, 1] range the schema enforces.
        return round(value, 12) if math.isfinite(value) else None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def models_frame(forecasts: Sequence[Forecast]) -> pd.DataFrame:
    """Long table (model, issue, outcome, outcome_unit, label) of every model's prediction."""
    cols = ["model", "issue", "outcome", "outcome_unit", "label"]
    frames = [f.to_frame()[cols] for f in forecasts]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)


def _records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    if frame is None:
        return []
    return [{str(k): _clean(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _verdict(row: dict[str, Any]) -> dict[str, Any]:
    """``breaks_red_line`` may come as the list of issues crossed; keep both forms."""
    crossed = row.get("breaks_red_line")
    if isinstance(crossed, (list, tuple)):
        issues = [str(i) for i in crossed]
        return {**row, "breaks_red_line": bool(issues), "red_lines": issues}
    return row


def _calibrated(
    result: SimulationResultLike, scenario: Scenario | None
) -> tuple[dict[str, Any] | None, list[dict[str, Any]], list[dict[str, Any]]]:
    """The calibration block and the two calibrated series, when the scenario allows them.

    The map needs the reference class, so only a scenario that says what kind of war it is
    and when it began (``war.kind``, ``war.started``) gets a calibrated forecast.
    """
    war = scenario.war if scenario is not None else None
    if war is None or war.kind is None or war.started is None or result.p_settlement.empty:
        return None, [], []
    shipped = load_shipped_map()
    elapsed = elapsed_months(war.started, result.as_of)
    out: dict[str, list[dict[str, Any]]] = {}
    for key, frame, event in (
        ("settlement", result.p_settlement, "settlement"),
        ("ceasefire", result.p_ceasefire_reached, "ceasefire"),
    ):
        if frame.empty:
            out[key] = []
            continue
        c = calibrate(frame["p"].to_numpy(), event, war.kind, elapsed, shipped=shipped)  # type: ignore[arg-type]
        out[key] = [
            {"month": str(m), "p": float(p), "low": float(lo), "high": float(hi)}
            for m, p, lo, hi in zip(frame["month"], c.p, c.low, c.high, strict=True)
        ]
    last = out["settlement"][-1]
    prov = shipped.provenance
    info = {
        "method": (
            "logistic stacking of the simulated and the UCDP reference-class probabilities, "
            f"fitted by `detente backtest` on {prov['n_questions']} resolved questions of "
            f"{prov['n_cases']} past negotiations (seed {prov['seed']}, "
            f"{prov['n_draws']:,} draws; docs/validation.md)"
        ),
        "conflict_kind": war.kind,
        "war_started": war.started,
        "elapsed_months": elapsed,
        "n_cases": int(prov["n_cases"]),
        "n_questions": int(prov["n_questions"]),
        "interval": (
            f"{LEVEL:.0%} interval over {len(shipped.bootstrap)} refits of the map on cases "
            "resampled with replacement (the map's own uncertainty; the raw series' Monte "
            "Carlo error is far smaller)"
        ),
        "p_deal_by_horizon": last["p"],
        "p_deal_by_horizon_low": last["low"],
        "p_deal_by_horizon_high": last["high"],
    }
    return info, out["settlement"], out["ceasefire"]


def _detente_version() -> str:
    from detente import __version__

    return __version__


def build_document(
    result: SimulationResultLike,
    scenario: Scenario | None = None,
    *,
    proposals: pd.DataFrame | None = None,
    models: pd.DataFrame | None = None,
    sensitivity: pd.DataFrame | None = None,
    analyses: pd.DataFrame | None = None,
    model_failures: pd.DataFrame | None = None,
    created_at: dt.datetime | None = None,
) -> ForecastDocument:
    """Validate a simulation result (and optional extra tables) into a :class:`ForecastDocument`.

    Parameters
    ----------
    result
        A ``SimulationResult`` (or anything with the same attributes).
    scenario
        The validated scenario, for its title and content hash; without it the title is the id.
    proposals, models, sensitivity
        The scorecard (``evaluate_proposals``), the models' side-by-side predictions (columns
        model, issue, outcome, outcome_unit, label) and the lever/input sensitivities (columns
        name, kind, p_low, p_high), when they were computed.
    analyses, model_failures
        One row per analysis run (name, n_draws, target/achieved half-width, seconds, note)
        and per model that could not forecast the scenario (model, error).
    created_at
        Timestamp to record (default: now, UTC); fixed in tests for reproducible files.

    Raises
    ------
    InvalidParameterError
        If the result does not fit the published schema (e.g. a probability above 1).
    """
    calibration, settle_cal, ceasefire_cal = _calibrated(result, scenario)
    raw = {
        "schema_version": SCHEMA_VERSION,
        "detente_version": _detente_version(),
        "created_at": created_at or dt.datetime.now(dt.UTC),
        "scenario": {
            "id": result.scenario_id,
            "title": scenario.title if scenario is not None else result.scenario_id,
            "as_of": result.as_of,
            "hash": scenario_hash(scenario) if scenario is not None else None,
        },
        "run": {
            "n_draws": int(result.n_draws),
            "seed": result.seed,
            "months": list(result.months),
            "params": json.loads(json.dumps(dict(result.params), default=_clean)),
        },
        "headline": {k: _clean(v) for k, v in result.headline.items()},
        "p_ceasefire_by_month": _records(result.p_ceasefire),
        "p_settlement_by_month": _records(result.p_settlement),
        "p_ceasefire_reached_by_month": _records(result.p_ceasefire_reached),
        "p_military_decision_by_month": _records(result.p_military_decision),
        "calibration": calibration,
        "p_settlement_by_month_calibrated": settle_cal,
        "p_ceasefire_reached_by_month_calibrated": ceasefire_cal,
        "time_to_deal": _records(result.time_to_deal),
        "terms": _records(result.terms),
        "p_relapse": _records(result.p_relapse),
        "blockers": _records(result.blockers),
        "proposals": [_verdict(r) for r in _records(proposals)],
        "proposal_acceptance_by_month": _records(
            None if proposals is None else proposals.attrs.get("by_month")
        ),
        "models": _records(models),
        "sensitivity": _records(sensitivity),
        "analyses": _records(analyses),
        "model_failures": _records(model_failures),
    }
    try:
        return ForecastDocument.model_validate(raw)
    except ValidationError as exc:
        msg = (
            f"the simulation result must fit the forecast.json schema (got: {exc}). "
            "Fix: report this bug."
        )
        raise InvalidParameterError(msg) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Write to a temporary file beside ``path``, then rename it into place.

    ``mkstemp`` creates the file readable by its owner only; it is given the mode an ordinary
    new file would have (0666 less the umask) before the rename, so results can be shared.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _table_writer(frame: pd.DataFrame, fmt: str) -> Callable[[Path], object]:
    def write(path: Path) -> object:
        if fmt == "parquet":
            return frame.to_parquet(path, index=False)
        return frame.to_csv(path, index=False)

    return write


def write_results(
    document: ForecastDocument,
    out_dir: str | Path,
    *,
    formats: tuple[str, ...] = ("parquet", "csv"),
) -> dict[str, Path]:
    """Write ``forecast.json`` and one file per table and format into ``out_dir``.

    Returns a mapping from file role (``"json"``, ``"<table>.parquet"``, ``"<table>.csv"``)
    to its path. Tables are written even when empty, so readers find a fixed set of files.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    text = document.model_dump_json(indent=2) + "\n"
    _atomic_write(out / "forecast.json", lambda p: p.write_text(text, encoding="utf-8"))
    written["json"] = out / "forecast.json"
    for name, frame in document.to_frames().items():
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            if fmt in ("parquet", "csv"):
                _atomic_write(path, _table_writer(frame, fmt))
            else:
                msg = f"formats must be 'parquet' or 'csv' (got '{fmt}'). Fix: drop it."
                raise InvalidParameterError(msg)
            written[f"{name}.{fmt}"] = path
    return written


def read_results(path: str | Path) -> ForecastDocument:
    """Read and validate ``forecast.json`` (or the directory holding it).

    Raises
    ------
    InvalidParameterError
        If the file is missing, is not JSON, has another ``schema_version``, or breaks the schema.
    """
    p = Path(path)
    if p.is_dir():
        p = p / "forecast.json"
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        msg = (
            f"{p} must be a readable forecast.json (got: {exc}). "
            "Fix: point at a run's --out directory."
        )
        raise InvalidParameterError(msg) from None
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version not in READABLE_VERSIONS:
        msg = (
            f"{p} must have schema_version {' or '.join(map(str, READABLE_VERSIONS))} "
            f"(got {version!r}). "
            "Fix: read it with the detente version that wrote it."
        )
        raise InvalidParameterError(msg)
    try:
        return ForecastDocument.model_validate(data)
    except ValidationError as exc:
        msg = f"{p} must match the forecast.json schema (got: {exc}). Fix: regenerate the file."
        raise InvalidParameterError(msg) from None
