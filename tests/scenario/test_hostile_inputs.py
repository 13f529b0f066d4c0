"""Hostile and unlucky scenario inputs (issue 15): each gives a located problem or a warning,
never an internal error. The bad-input corpus covers the one-error files; these cover what a
static file cannot (generated sizes) and the warnings."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from detente.scenario import validate_text
from detente.scenario.correlation import nearest_correlation, spearman_to_pearson

TINY = (Path(__file__).parents[1] / "data" / "tiny.yaml").read_text(encoding="utf-8")


def _with(extra: str, *replace: tuple[str, str]) -> str:
    text = TINY
    for old, new in replace:
        assert old in text
        text = text.replace(old, new, 1)
    return text + extra


def test_200000_nested_brackets_are_too_deep_not_a_recursion_error() -> None:
    """The composer recurses per level: the loader stops it with a located problem."""
    v = validate_text("x: " + "[" * 200_000 + "]" * 200_000, "deep.yaml")
    assert not v.ok and "nesting too deep" in v.errors[0].message
    assert v.errors[0].line == 1


def test_200000_nested_mappings_are_too_deep() -> None:
    """Flow mappings nest the same way as lists."""
    v = validate_text("x: " + "{a: " * 200_000 + "1" + "}" * 200_000, "deep.yaml")
    assert not v.ok and "nesting too deep" in v.errors[0].message


def test_a_self_referencing_alias_is_refused() -> None:
    """``&a [*a]`` makes the data contain itself."""
    v = validate_text("schema_version: 1\nx: &a [1, *a]\n", "loop.yaml")
    assert not v.ok and "recursive alias" in v.errors[0].message
    assert v.errors[0].path == "x" and v.errors[0].line == 2


def test_a_huge_integer_anywhere_names_its_field() -> None:
    """An integer over Python's digit limit is a problem at its own path, not a ValueError."""
    big = TINY.replace("domestic_tolerance: 0.6", "domestic_tolerance: " + "7" * 6000, 1)
    v = validate_text(big, "big.yaml")
    assert not v.ok
    assert v.errors[0].path == "actors[0].domestic_tolerance"
    assert "ordinary size" in v.errors[0].message


def _corr(*rows: tuple[str, str, float]) -> str:
    items = "".join(
        f"  - {{a: {a}, b: {b}, rho: {r}, evidence: [{{judgement: t}}]}}\n" for a, b, r in rows
    )
    return "correlations:\n" + items


def test_inconsistent_correlations_warn_how_far_they_move() -> None:
    """A non-positive-definite matrix is repaired by the sampler; the analyst is told by how much."""
    extra = _corr(
        ("actors.red.capability", "actors.blue.capability", 0.9),
        ("actors.blue.capability", "actors.red.domestic_tolerance", 0.9),
        ("actors.red.capability", "actors.red.domestic_tolerance", -0.9),
    )
    v = validate_text(_with(extra), "corr.yaml")
    assert v.ok, v.errors
    warned = [w for w in v.warnings if w.path == "correlations"]
    assert len(warned) == 1
    assert "not positive definite" in warned[0].message
    assert "moves them by up to" in warned[0].message


def test_consistent_correlations_do_not_warn() -> None:
    """A valid matrix passes silently."""
    extra = _corr(("actors.red.capability", "actors.blue.capability", 0.5))
    v = validate_text(_with(extra), "corr.yaml")
    assert v.ok and not [w for w in v.warnings if w.path == "correlations"]


def test_the_warning_uses_the_samplers_own_repair() -> None:
    """The repair validation reports is the one sampling applies (same function, same numbers)."""
    r = spearman_to_pearson(0.9)
    corr = np.array([[1, r, r], [r, 1, r], [r, r, 1.0]])
    fixed, repaired = nearest_correlation(corr)
    assert not repaired and fixed is corr
    corr[0, 2] = corr[2, 0] = -r
    fixed, repaired = nearest_correlation(corr)
    assert repaired and np.linalg.eigvalsh(fixed).min() > 0
    assert np.allclose(np.diag(fixed), 1.0)


def test_a_correlation_between_an_input_and_itself_under_two_names_is_an_error() -> None:
    """``actors.red.capability`` and ``actors.0.capability`` are the same input."""
    extra = _corr(("actors.red.capability", "actors.0.capability", 0.5))
    v = validate_text(_with(extra), "corr.yaml")
    assert not v.ok and "a and b must differ" in v.errors[0].message


def test_at_table_false_without_veto_or_spoiler_capacity_warns() -> None:
    """The model treats such a belligerent the same at the table or not: say so."""
    text = _with("", ("veto: true\n    at_table: true", "veto: false\n    at_table: false"))
    v = validate_text(text, "seat.yaml")
    assert v.ok, v.errors
    seat = [w for w in v.warnings if w.path == "actors[0].at_table"]
    assert len(seat) == 1 and "has no effect" in seat[0].message


def test_at_table_false_with_spoiler_capacity_is_meaningful() -> None:
    """A party left out that can spoil the deal is modelled differently: no warning."""
    text = _with(
        "",
        (
            "veto: true\n    at_table: true",
            "veto: false\n    at_table: false\n    spoiler_capacity: 0.3",
        ),
    )
    v = validate_text(text, "seat.yaml")
    assert v.ok and not [w for w in v.warnings if w.path.endswith("at_table")]


def test_a_date_in_year_9999_is_refused_at_validation() -> None:
    """Months past as_of must still have four-digit years."""
    v = validate_text(TINY.replace("as_of: 2025-09-01", "as_of: 9999-12-31"), "late.yaml")
    assert not v.ok and v.errors[0].path == "as_of"
    ok = validate_text(TINY.replace("as_of: 2025-09-01", "as_of: 9979-12-31"), "late.yaml")
    assert ok.ok


def test_loading_emits_the_model_warnings_as_scenario_warnings(tmp_path: Path) -> None:
    """Library users see the same warning as the CLI, as a ScenarioWarning."""
    import pytest

    from detente.errors import ScenarioWarning
    from detente.scenario import load_scenario

    extra = _corr(
        ("actors.red.capability", "actors.blue.capability", 0.9),
        ("actors.blue.capability", "actors.red.domestic_tolerance", 0.9),
        ("actors.red.capability", "actors.red.domestic_tolerance", -0.9),
    )
    path = tmp_path / "corr.yaml"
    path.write_text(_with(extra), encoding="utf-8")
    with pytest.warns(ScenarioWarning, match="not positive definite"):
        load_scenario(path)
