"""The shipped case library guards against hindsight and against the held-out cases."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from detente.backtest.library import load_library, load_outcomes
from detente.scenario import case_names, load_scenario, validate_file
from detente.scenario.loader import builtin_path
from detente.scenario.schema import Citation

RESERVED = (
    "korea",
    "vietnam",
    "paris",
    "dayton",
    "bosnia",
    "minsk",
    "donbas",
    "istanbul",
    "colombia",
    "farc",
)


def _citations(obj: object) -> list[Citation]:
    """Every Citation anywhere inside a pydantic model (evidence lists at any depth)."""
    found: list[Citation] = []
    if isinstance(obj, Citation):
        return [obj]
    if isinstance(obj, dict):
        for v in obj.values():
            found += _citations(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            found += _citations(v)
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            found += _citations(getattr(obj, name))
    return found


def test_the_library_is_big_enough_and_varied() -> None:
    """At least 12 cases, inter-state and civil, each with an outcome entry."""
    cases = load_library()
    assert len(cases) >= 12
    assert {c.outcome.conflict_type for c in cases} == {"interstate", "civil"}


@pytest.mark.parametrize("name", case_names())
def test_every_cited_source_is_dated_on_or_before_as_of(name: str) -> None:
    """No look-ahead: a case may cite only what was published by its as-of date."""
    s = load_scenario(builtin_path(name))
    late = [f"{src.id} ({src.published})" for src in s.sources if src.published > s.as_of]
    assert not late, f"{name}: sources published after as_of {s.as_of}: {late}"
    cited = {c.source for c in _citations(s)}
    assert cited, f"{name} cites no source at all"
    assert cited <= {src.id for src in s.sources}
    assert all(c.fact_true_by_as_of is None for c in _citations(s)), "no late facts in cases"


@pytest.mark.parametrize("name", case_names())
def test_every_case_validates_strictly_without_rate_overrides(name: str) -> None:
    """A case sets no calibrated rate (only the sides' coupling): no tuning case by case."""
    v = validate_file(str(builtin_path(name)), strict=True)
    assert v.ok and not v.warnings, [str(p) for p in v.errors + v.warnings]
    s = load_scenario(builtin_path(name))
    if s.calibration is not None:
        rates = s.calibration.model_dump(exclude={"coupling", "evidence"})
        assert all(v is None for v in rates.values()), f"{name} overrides {rates}"


def test_no_reserved_case_is_written_here() -> None:
    """The six cases kept for the independent check are absent from scenarios and outcomes."""
    names = case_names() + list(load_outcomes())
    assert not [n for n in names if any(r in n for r in RESERVED)]


def test_every_case_has_an_outcome_and_every_outcome_a_case() -> None:
    assert set(case_names()) == set(load_outcomes())
