"""The case library's calendar and its questions: fixed horizons, skipped and censored ones."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.backtest.library import (
    HORIZONS,
    Case,
    CaseOutcome,
    add_months,
    event_month,
    questions,
)
from detente.scenario import Scenario


def _case(tiny: Scenario, **kw: object) -> Case:
    base: dict[str, object] = {
        "as_of": dt.date(2000, 1, 31),
        "conflict_type": "civil",
        "conflict_start": dt.date(1998, 1, 31),
        "ceasefire": None,
        "settlement": None,
        "relapse_5y": None,
        "observed_until": dt.date(2020, 1, 1),
    }
    base.update(kw)
    return Case("x", tiny, CaseOutcome.model_validate(base))


def test_months_are_calendar_months_clamped_to_the_month_end() -> None:
    assert add_months(dt.date(2000, 1, 31), 1) == dt.date(2000, 2, 29)
    assert add_months(dt.date(2000, 1, 31), 13) == dt.date(2001, 2, 28)
    assert add_months(dt.date(1999, 11, 15), 2) == dt.date(2000, 1, 15)


def test_an_event_falls_in_the_month_that_ends_on_or_after_it() -> None:
    as_of = dt.date(2000, 1, 10)
    assert event_month(as_of, dt.date(2000, 2, 10)) == 1  # month 1 ends on 10 Feb
    assert event_month(as_of, dt.date(2000, 2, 11)) == 2
    assert event_month(as_of, dt.date(2000, 1, 11)) == 1
    assert event_month(as_of, None) is None


def test_every_horizon_is_asked_for_both_events(tiny: Scenario) -> None:
    qs = questions(_case(tiny, settlement=dt.date(2001, 6, 1)))
    assert [(q.event, q.horizon) for q in qs] == [
        (e, h) for e in ("ceasefire", "settlement") for h in HORIZONS
    ]
    answers = {(q.event, q.horizon): q.answer for q in qs}
    assert [answers[("settlement", h)] for h in HORIZONS] == [False, False, True, True, True]
    # 'ceasefire reached' counts a settlement too: both forecasters pose it that way
    assert [answers[("ceasefire", h)] for h in HORIZONS] == [False, False, True, True, True]
    qs = questions(_case(tiny, settlement=dt.date(2001, 6, 1), ceasefire=dt.date(2000, 3, 15)))
    answers = {(q.event, q.horizon): q.answer for q in qs}
    assert all(answers[("ceasefire", h)] for h in HORIZONS)


def test_a_ceasefire_already_in_force_is_not_forecast(tiny: Scenario) -> None:
    qs = questions(_case(tiny, ceasefire_in_force_at_as_of=True))
    assert {q.event for q in qs} == {"settlement"}


def test_a_horizon_beyond_the_data_without_the_event_is_censored(tiny: Scenario) -> None:
    """Observed until 2003-01-01: 'no deal within 36 months' is known, within 60 is not."""
    qs = questions(_case(tiny, observed_until=dt.date(2003, 2, 1)))
    assert max(q.horizon for q in qs) == 36
    qs = questions(_case(tiny, observed_until=dt.date(2003, 2, 1), ceasefire=dt.date(2002, 6, 1)))
    asked = {(q.event, q.horizon) for q in qs}
    assert ("ceasefire", 60) in asked and ("settlement", 60) not in asked  # a yes is known


def test_elapsed_months_count_from_the_episode_start(tiny: Scenario) -> None:
    assert _case(tiny).outcome.elapsed_months == pytest.approx(24.0, abs=0.1)
