"""The case library: past negotiations as of a date, their resolved outcomes, the questions asked.

A case is a built-in scenario written only from what was public on its ``as_of``
(``detente.scenario.builtin/cases``) and an entry of ``data/outcomes.yaml`` saying when a
ceasefire was reached and a settlement signed, from the termination datasets. The questions are
fixed before any forecast is made: for each case, event (ceasefire, settlement) and horizon
(6, 12, 24, 36, 60 months), did the event happen by ``as_of`` + horizon? A question is asked only
if its answer is known: a ceasefire already in force on ``as_of`` has nothing to forecast, and a
horizon that ends after the outcome data's ``observed_until`` without the event is censored.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from detente.errors import InvalidParameterError
from detente.history.reference_class import ConflictType, Event
from detente.scenario import Scenario, case_names, load_scenario
from detente.scenario.loader import builtin_path

__all__ = [
    "EVENTS",
    "HORIZONS",
    "MAX_MONTHS",
    "Case",
    "CaseOutcome",
    "Question",
    "add_months",
    "event_month",
    "load_library",
    "load_outcomes",
    "observed_months",
    "questions",
]

HORIZONS: Final[tuple[int, ...]] = (6, 12, 24, 36, 60)
"""Months after ``as_of`` at which every case is scored (fixed by the issue, not chosen)."""
EVENTS: Final[tuple[Event, ...]] = ("ceasefire", "settlement")
MAX_MONTHS: Final[int] = max(HORIZONS)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months (clamped to the month's last day): the end of month k."""
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def event_month(as_of: dt.date, when: dt.date | None) -> int | None:
    """The simulated month (1-based) in which an event on ``when`` falls, None if none.

    Month k ends on ``as_of`` + k months, as in the simulation (``month_labels``), so the event
    counts as 'by month k' for every k >= the returned month.
    """
    if when is None:
        return None
    k = 1
    while add_months(as_of, k) < when:
        k += 1
    return k


class _Dated(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    date: dt.date | None = None
    source: str = ""
    note: str = ""


class CaseOutcome(BaseModel):
    """What happened after ``as_of``, from the termination data (never an input to a forecast)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    as_of: dt.date
    conflict_type: ConflictType
    conflict_start: dt.date = Field(description="Start of the fighting episode (UCDP/COW).")
    ceasefire: dt.date | None = Field(description="First general ceasefire agreed after as_of.")
    settlement: dt.date | None = Field(description="First peace agreement signed after as_of.")
    relapse_5y: bool | None = Field(description="Fighting resumed within 5 years of the deal.")
    ceasefire_in_force_at_as_of: bool = False
    observed_until: dt.date = Field(description="The outcome data reach this date.")

    def date_of(self, event: Event) -> dt.date | None:
        """Date the event happened, None if not (within what was observed).

        'Ceasefire reached' is a general ceasefire *or* a settlement, whichever came first: in
        the simulation and in the reference class a settlement brings a ceasefire with it, so
        the question is scored the way both forecasters pose it.
        """
        if event == "settlement":
            return self.settlement
        dates = [d for d in (self.ceasefire, self.settlement) if d is not None]
        return min(dates) if dates else None

    def asks(self, event: Event) -> bool:
        """False for a ceasefire already in force on as_of: there is nothing to forecast."""
        return not (event == "ceasefire" and self.ceasefire_in_force_at_as_of)

    @property
    def elapsed_months(self) -> float:
        """How long the episode had lasted on ``as_of`` (months of 30.44 days)."""
        return max((self.as_of - self.conflict_start).days / 30.4375, 0.0)


@dataclass(frozen=True)
class Case:
    """One past negotiation: its as-of scenario and its outcome."""

    id: str
    scenario: Scenario
    outcome: CaseOutcome


@dataclass(frozen=True)
class Question:
    """'Did ``event`` happen within ``horizon`` months of ``as_of``?' with its resolved answer."""

    case_id: str
    event: Event
    horizon: int
    answer: bool


def _flatten(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Accept a date either bare or as ``{date, source, note}`` (the file keeps the sources)."""
    out: dict[str, Any] = {}
    for key, value in entry.items():
        if isinstance(value, Mapping) and "date" in value:
            out[key] = _Dated.model_validate(value).date
        elif isinstance(value, Mapping) and "value" in value:
            out[key] = value["value"]
        else:
            out[key] = value
    return out


@cache
def _raw_outcomes() -> dict[str, Any]:
    text = resources.files("detente.backtest").joinpath("data/outcomes.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("cases"), dict):
        msg = "detente/backtest/data/outcomes.yaml must hold a mapping 'cases'. Fix: reinstall."
        raise InvalidParameterError(msg)
    return data


def load_outcomes() -> dict[str, CaseOutcome]:
    """Every case's resolved outcome, by case id."""
    data = _raw_outcomes()
    default_until = data.get("observed_until")
    out: dict[str, CaseOutcome] = {}
    for case_id, entry in data["cases"].items():
        flat = _flatten(entry)
        flat.setdefault("observed_until", default_until)
        try:
            out[case_id] = CaseOutcome.model_validate(flat)
        except ValidationError as exc:
            msg = f"outcomes.yaml, case {case_id!r}: {exc}. Fix: correct the entry."
            raise InvalidParameterError(msg) from None
    return out


def load_library(case_ids: list[str] | None = None) -> list[Case]:
    """The shipped cases (or the named ones), each with its scenario and outcome."""
    outcomes = load_outcomes()
    names = case_names() if case_ids is None else list(case_ids)
    cases = []
    known = case_names()
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"Did you mean '{close[0]}'?" if close else f"Cases: {', '.join(known)}."
            msg = f"no case named {name!r} in the case library. Fix: {hint}"
            raise InvalidParameterError(msg)
        if name not in outcomes:
            msg = f"case {name!r} has no entry in outcomes.yaml. Fix: add its outcome first."
            raise InvalidParameterError(msg)
        scenario = load_scenario(builtin_path(name))
        o = outcomes[name]
        if o.as_of != scenario.as_of:
            msg = (
                f"case {name!r}: outcomes.yaml says as_of {o.as_of}, the scenario {scenario.as_of}."
                " Fix: make them agree."
            )
            raise InvalidParameterError(msg)
        cases.append(Case(name, scenario, o))
    return cases


def observed_months(case: Case, event: Event) -> int:
    """How many months after as_of the answer to 'event by month m' is known for every m.

    All ``MAX_MONTHS`` once the event has happened within them; else the months that end on or
    before the outcome data's ``observed_until``.
    """
    o = case.outcome
    k = event_month(o.as_of, o.date_of(event))
    if k is not None and k <= MAX_MONTHS:
        return MAX_MONTHS
    m = 0
    while m < MAX_MONTHS and add_months(o.as_of, m + 1) <= o.observed_until:
        m += 1
    return m


def questions(case: Case) -> list[Question]:
    """The case's answerable questions, fixed by the horizons and the outcome data."""
    o = case.outcome
    out = []
    for event in EVENTS:
        if not o.asks(event):
            continue
        when = o.date_of(event)
        for h in HORIZONS:
            end = add_months(o.as_of, h)
            if when is not None and when <= end:
                out.append(Question(case.id, event, h, True))
            elif end <= o.observed_until:
                out.append(Question(case.id, event, h, False))
    return out
