"""The resolved outcomes of the library's cases: structure, dates and the relapse rule."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

import pytest
import yaml

CASES = {
    "israel-egypt-1977-11": "1977-11-21",
    "camp-david-2000-07": "2000-07-10",
    "cyprus-2002-01": "2002-01-16",
    "syria-geneva-2014-01": "2014-01-22",
    "iran-iraq-1987-08": "1987-08-01",
    "falklands-1982-04": "1982-04-15",
    "georgia-2008-08": "2008-08-10",
    "karabakh-2020-10": "2020-10-01",
    "northern-ireland-1996-06": "1996-06-10",
    "sudan-2002-06": "2002-06-17",
    "aceh-2005-01": "2005-01-27",
    "sri-lanka-2001-12": "2001-12-24",
    "rwanda-1992-06": "1992-06-01",
    "mozambique-1990-07": "1990-07-08",
    "angola-1990-04": "1990-04-24",
    "karabakh-1994-02": "1994-02-18",
    "tigray-2022-09": "2022-09-01",
    "afghanistan-2020-09": "2020-09-12",
}
DATED = ("conflict_start", "ceasefire", "settlement")
SOURCE_MARKERS = ("UCDP", "PA-X", "COW", "Public record", "n/a")


def _data() -> dict[str, Any]:
    text = (resources.files("detente.backtest") / "data" / "outcomes.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError  # pragma: no cover


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return _data()


def test_definitions_and_attribution_present(data: dict[str, Any]) -> None:
    defs = data["definitions"]
    for key in (
        "conflict_type",
        "conflict_start",
        "ceasefire",
        "settlement",
        "relapse_5y",
        "ceasefire_in_force_at_as_of",
        "observed_until",
    ):
        assert isinstance(defs[key], str) and len(defs[key]) > 40, key
    assert defs["window_months"] == 60
    att = data["attribution"]
    for key in (
        "ucdp_termination_v3_2021",
        "ucdp_termination_dyadic_2015",
        "ucdp_pad_v22_1",
        "pax_v6",
        "cow_interstate_v4_0",
    ):
        assert att[key]["cite"] and att[key]["licence"] and att[key]["copy"], key
    assert "NC-SA" in att["pax_v6"]["licence"]


def test_every_case_present_with_its_as_of(data: dict[str, Any]) -> None:
    cases = data["cases"]
    assert set(cases) == set(CASES)
    for cid, as_of in CASES.items():
        assert cases[cid]["as_of"] == dt.date.fromisoformat(as_of), cid


@pytest.mark.parametrize("cid", sorted(CASES))
def test_case_fields_dates_and_sources(data: dict[str, Any], cid: str) -> None:
    case = data["cases"][cid]
    as_of: dt.date = case["as_of"]
    observed_until: dt.date = case["observed_until"]
    assert isinstance(observed_until, dt.date) and observed_until >= as_of
    assert case["conflict_type"]["value"] in ("interstate", "civil")
    assert "UCDP" in case["conflict_type"]["source"]
    assert isinstance(case["ucdp_conflict_id"], int)
    assert isinstance(case["episode_active_at_as_of"], bool)
    window_end = _add_months(as_of, 60)
    for field in DATED:
        entry = case[field]
        assert set(entry) >= {"date", "source", "note"}, (cid, field)
        assert isinstance(entry["source"], str) and entry["source"].strip(), (cid, field)
        assert any(m in entry["source"] for m in SOURCE_MARKERS), (cid, field)
        date = entry["date"]
        if field == "conflict_start":
            assert isinstance(date, dt.date) and date <= as_of, cid
        elif date is not None:
            assert isinstance(date, dt.date), (cid, field)
            assert as_of < date <= min(window_end, observed_until), (cid, field, date)
            assert entry["source"] != "n/a", (cid, field)
    for field in ("ceasefire_in_force_at_as_of", "relapse_5y"):
        assert isinstance(case[field]["source"], str) and case[field]["source"].strip()
        assert "note" in case[field]
    in_force = case["ceasefire_in_force_at_as_of"]["value"]
    assert isinstance(in_force, bool)
    if in_force:
        assert case["ceasefire"]["date"] is None, cid  # the ceasefire question is skipped


@pytest.mark.parametrize("cid", sorted(CASES))
def test_relapse_null_iff_no_deal_or_unobservable(data: dict[str, Any], cid: str) -> None:
    case = data["cases"][cid]
    deal = case["settlement"]["date"] or case["ceasefire"]["date"]
    relapse = case["relapse_5y"]["value"]
    level = case["relapse_level"]
    if deal is None:
        assert relapse is None, cid
    else:
        observable = _add_months(deal, 60) <= case["observed_until"]
        if relapse is None:
            assert not observable, cid  # null only while the five years are still running
        elif relapse is False:
            assert observable, cid  # a "no" needs the full five years
    assert (level is not None) == (relapse is True), cid
    assert level in (None, "minor", "war")


def test_relapse_measured_from_the_settlement_when_there_is_one(data: dict[str, Any]) -> None:
    # Sudan: the Machakos Protocol (settlement) precedes the ceasefire; fighting continued after it
    sudan = data["cases"]["sudan-2002-06"]
    assert sudan["settlement"]["date"] < sudan["ceasefire"]["date"]
    assert sudan["relapse_5y"]["value"] is True


def test_case_conflicts_are_excluded_from_the_reference_class(data: dict[str, Any]) -> None:
    meta_text = (
        resources.files("detente.history") / "data" / "reference_hazards.meta.json"
    ).read_text("utf-8")
    excluded = {row["conflict_id"] for row in json.loads(meta_text)["excluded_conflicts"]}
    for cid, case in data["cases"].items():
        assert case["ucdp_conflict_id"] in excluded, cid


def test_types_follow_ucdp_not_common_usage(data: dict[str, Any]) -> None:
    types = {cid: c["conflict_type"]["value"] for cid, c in data["cases"].items()}
    assert {k for k, v in types.items() if v == "interstate"} == {
        "israel-egypt-1977-11",
        "cyprus-2002-01",
        "iran-iraq-1987-08",
        "falklands-1982-04",
    }
