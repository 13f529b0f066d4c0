"""forecast.json and its tables: written, read back, and valid against the published schema."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pytest

from detente.errors import InvalidParameterError
from detente.results import ForecastDocument, build_document, read_results, write_results
from detente.results.schema import SCHEMA_VERSION, TABLES, json_schema, json_schema_text
from detente.scenario import Scenario

PUBLISHED = Path(__file__).resolve().parents[2] / "docs" / "forecast.schema.json"
FIXED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _doc(sim_result: Any, tiny: Scenario) -> ForecastDocument:
    return build_document(sim_result, tiny, created_at=FIXED)


def test_forecast_json_round_trips_through_its_published_schema(
    sim_result: Any, tiny: Scenario, tmp_path: Path
) -> None:
    """A written forecast.json validates against docs/forecast.schema.json and reads back equal."""
    doc = _doc(sim_result, tiny)
    write_results(doc, tmp_path)
    data = json.loads((tmp_path / "forecast.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(PUBLISHED.read_text(encoding="utf-8")))
    assert read_results(tmp_path) == doc


def test_published_schema_file_matches_the_models() -> None:
    """docs/forecast.schema.json is exactly what the pydantic models generate (not stale)."""
    assert PUBLISHED.read_text(encoding="utf-8") == json_schema_text(), (
        'regenerate with: python -c "from detente.results.schema import json_schema_text; '
        "open('docs/forecast.schema.json','w').write(json_schema_text())\""
    )


def test_monthly_series_have_month_p_low_high(sim_result: Any, tiny: Scenario) -> None:
    """Both monthly series are lists of {month, p, low, high} taken from the result."""
    data = json.loads(_doc(sim_result, tiny).model_dump_json())
    for key, frame in (
        ("p_ceasefire_by_month", sim_result.p_ceasefire),
        ("p_settlement_by_month", sim_result.p_settlement),
    ):
        rows = data[key]
        assert [set(r) for r in rows] == [{"month", "p", "low", "high"}] * len(frame)
        assert [r["month"] for r in rows] == list(frame["month"])
        assert [r["p"] for r in rows] == pytest.approx(list(frame["p"]))


def test_nan_becomes_null_not_invalid_json(sim_result: Any, tiny: Scenario, tmp_path: Path) -> None:
    """A median time to deal the run could not estimate is written as null."""
    write_results(_doc(sim_result, tiny), tmp_path)
    text = (tmp_path / "forecast.json").read_text(encoding="utf-8")
    assert "NaN" not in text
    assert json.loads(text)["headline"]["median_months_to_deal"] is None


def test_tables_are_written_as_parquet_and_csv_matching_the_frames(
    sim_result: Any, tiny: Scenario, tmp_path: Path
) -> None:
    """Every table exists in both formats and the Parquet copy equals the API's DataFrame."""
    doc = _doc(sim_result, tiny)
    written = write_results(doc, tmp_path)
    frames = doc.to_frames()
    for name in TABLES:
        assert f"{name}.parquet" in written and f"{name}.csv" in written
    back = pd.read_parquet(tmp_path / "p_settlement_by_month.parquet")
    pd.testing.assert_frame_equal(back, frames["p_settlement_by_month"])
    csv = pd.read_csv(tmp_path / "terms.csv")
    assert list(csv["issue"]) == ["land", "alliance"]


def test_document_records_the_scenario_hash(sim_result: Any, tiny: Scenario) -> None:
    """The document pins the scenario by its content hash."""
    doc = _doc(sim_result, tiny)
    assert doc.scenario.hash is not None and doc.scenario.hash.startswith("sha256:")
    assert doc.scenario.title == tiny.title


def test_other_schema_version_is_refused(sim_result: Any, tiny: Scenario, tmp_path: Path) -> None:
    """A forecast.json from another schema version is refused with the version named."""
    write_results(_doc(sim_result, tiny), tmp_path)
    path = tmp_path / "forecast.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["schema_version"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidParameterError, match="schema_version"):
        read_results(path)


def test_probability_above_one_is_refused(sim_result: Any, tiny: Scenario) -> None:
    """A result with an impossible probability does not become a document."""
    sim_result.p_settlement.loc[0, "p"] = 1.5
    with pytest.raises(InvalidParameterError, match="schema"):
        build_document(sim_result, tiny)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    """Reading from a directory with no forecast.json names the file."""
    with pytest.raises(InvalidParameterError, match=r"forecast\.json"):
        read_results(tmp_path)


def test_document_renders_itself_in_jupyter(sim_result: Any, tiny: Scenario) -> None:
    """The document's HTML repr shows the title and the monthly table."""
    html = _doc(sim_result, tiny)._repr_html_()
    assert tiny.title in html and "<table" in html and "2026-08" in html


def test_schema_declares_its_version() -> None:
    """The JSON Schema pins schema_version to the current version."""
    version = json_schema()["properties"]["schema_version"]
    assert SCHEMA_VERSION in version["enum"] and set(version["enum"]) == {1, 2, 3, 4, 5, 6}


def test_float_noise_at_one_still_fits_the_schema(sim_result: Any, tiny: Scenario) -> None:
    """A probability of 1 + 2e-16 (float noise) is written as 1, not refused."""
    sim_result.p_settlement.loc[0, "high"] = 1.0000000000000002
    doc = build_document(sim_result, tiny)
    assert doc.p_settlement_by_month[0].high == 1.0


def test_a_real_simulation_round_trips(tiny: Scenario, tmp_path: Path) -> None:
    """A result from detente.dynamics.simulate writes and reads back unchanged."""
    from detente.dynamics import simulate

    result = simulate(tiny, n_draws=200, n_months=6, seed=3)
    doc = build_document(result, tiny)
    write_results(doc, tmp_path)
    assert read_results(tmp_path) == doc
    assert [r.month for r in doc.p_settlement_by_month] == list(result.months)


def _with_war(tiny: Scenario, **war: object) -> Scenario:
    assert tiny.war is not None
    return tiny.model_copy(update={"war": tiny.war.model_copy(update=war)})


def test_a_scenario_that_names_its_war_gets_the_calibrated_forecast(
    sim_result: Any, tiny: Scenario
) -> None:
    """war.kind + war.started: the calibrated series sit beside the raw ones, flagged as such."""
    doc = build_document(sim_result, _with_war(tiny, kind="civil", started=dt.date(2023, 3, 1)))
    cal = doc.calibration
    assert cal is not None and cal.conflict_kind == "civil"
    assert cal.elapsed_months == pytest.approx(30.0, abs=0.1)
    settled = doc.p_settlement_by_month_calibrated
    assert [r.month for r in settled] == [r.month for r in doc.p_settlement_by_month]
    assert [r.p for r in settled] != [r.p for r in doc.p_settlement_by_month]
    assert all(a.p <= b.p for a, b in itertools.pairwise(settled))
    assert cal.p_deal_by_horizon == settled[-1].p
    assert cal.p_deal_by_horizon_low < cal.p_deal_by_horizon < cal.p_deal_by_horizon_high
    assert len(doc.p_ceasefire_reached_by_month_calibrated) == len(doc.p_ceasefire_reached_by_month)
    assert "past negotiations" in cal.method


def test_without_war_kind_only_the_raw_forecast_is_reported(
    sim_result: Any, tiny: Scenario
) -> None:
    doc = build_document(sim_result, tiny)
    assert doc.calibration is None and doc.p_settlement_by_month_calibrated == []


def test_calibration_depends_on_how_long_the_war_has_lasted(
    sim_result: Any, tiny: Scenario
) -> None:
    """The reference class enters the map: a different elapsed duration, a different answer.

    The shipped all-cases fit gives the reference class no weight (w_ref = 0 since the issue-13
    backtest), so the point is the same; its case-bootstrap refits weigh it, so the interval
    moves.
    """
    young = build_document(sim_result, _with_war(tiny, kind="civil", started=dt.date(2025, 6, 1)))
    old = build_document(sim_result, _with_war(tiny, kind="civil", started=dt.date(1995, 1, 1)))
    assert young.calibration is not None and old.calibration is not None
    y, o = young.calibration, old.calibration
    assert (y.p_deal_by_horizon, y.p_deal_by_horizon_low, y.p_deal_by_horizon_high) != (
        o.p_deal_by_horizon,
        o.p_deal_by_horizon_low,
        o.p_deal_by_horizon_high,
    )
