"""Cross-field rules: ids, references, scales, distributions, evidence and look-ahead."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.scenario import validate_text
from detente.sources import fingerprint

TINY = (Path(__file__).parents[1] / "data" / "tiny.yaml").read_text(encoding="utf-8")
FP = fingerprint("a passage that exists only in this test")


def _errors(text: str) -> list[str]:
    return [p.render() for p in validate_text(text, "t.yaml").errors]


def _warnings(text: str) -> list[str]:
    return [p.render() for p in validate_text(text, "t.yaml").warnings]


def test_uncited_value_is_a_warning_and_an_error_under_strict() -> None:
    """A position without evidence warns, and strict mode turns it into an error."""
    text = TINY.replace("salience: 0.7, evidence: [{judgement: t}]", "salience: 0.7")
    assert any("no citation or judgement backs" in w for w in _warnings(text))
    strict = validate_text(text, "t.yaml", strict=True)
    assert not strict.ok and "positions.blue.land" in strict.errors[0].path


def test_evidence_supporting_an_unknown_field_is_an_error() -> None:
    """`supports` must name value fields of the record it sits in."""
    text = TINY.replace(
        "evidence: [{judgement: test values}]",
        "evidence: [{judgement: x, supports: [capabilty]}]",
        1,
    )
    assert any("did you mean 'capability'" in e for e in _errors(text))


def test_citation_to_a_later_source_needs_a_reason_and_warns_with_one() -> None:
    """No look-ahead: a source published after as_of needs fact_true_by_as_of, and still warns."""
    later = TINY.replace("published: 2025-08-01", "published: 2026-02-01")
    cite = f'{{source: note, locator: p1, paraphrase: x, fingerprint: "{FP}"}}'
    text = later.replace("evidence: [{judgement: test values}]", f"evidence: [{cite}]", 1)
    assert any("fact_true_by_as_of" in e for e in _errors(text))
    ok = text.replace("paraphrase: x,", "paraphrase: x, fact_true_by_as_of: 'known in 2025',")
    assert _errors(ok) == []
    assert any("after as_of" in w for w in _warnings(ok))


def test_malformed_fingerprint_is_rejected() -> None:
    """A fingerprint must be sha256:<64 hex>:<words>."""
    cite = "{source: note, locator: p1, paraphrase: x, fingerprint: 'md5:abc'}"
    text = TINY.replace("evidence: [{judgement: test values}]", f"evidence: [{cite}]", 1)
    assert any("fingerprint" in e for e in _errors(text))


def test_missing_position_is_reported_with_the_issue_names() -> None:
    """Every actor needs a position on every issue."""
    text = TINY.replace(
        "    alliance: {stated: member, ideal: member, bottom_line: neutral, salience: 0.3, evidence: [{judgement: t}]}\n",
        "",
    ).replace("salience: 0.7", "salience: 1.0")
    assert any("no position on: alliance" in e for e in _errors(text))


def test_red_line_must_lie_on_the_scale() -> None:
    """A red line naming an unknown option is an error with the options listed."""
    text = TINY.replace("red_line: {limit: neutral}", "red_line: {limit: neutrality}")
    assert any("options: member, neutral" in e for e in _errors(text))


def test_ordinal_option_values_must_increase() -> None:
    """Explicit option values must increase in the listed order."""
    text = TINY.replace(
        "- {id: member, label: Blue joins the alliance}",
        "- {id: member, label: Blue joins, value: 0.9}",
    ).replace(
        "- {id: neutral, label: Blue stays neutral}",
        "- {id: neutral, label: Blue stays neutral, value: 0.1}",
    )
    assert any("must increase" in e for e in _errors(text))


def test_numeric_scale_needs_max_above_min() -> None:
    """A numeric scale with max ≤ min is an error."""
    text = TINY.replace("min: 0\n      max: 100", "min: 100\n      max: 0")
    assert any("max must be greater than min" in e for e in _errors(text))


def test_correlation_paths_must_name_uncertain_inputs() -> None:
    """Correlations resolve their paths and suggest close matches."""
    text = (
        TINY
        + "correlations:\n  - {a: war.beliefs.red.optimism, b: war.beliefs.blue.optimsm, rho: 0.5, evidence: [{judgement: t}]}\n"
    )
    assert any("did you mean 'war.beliefs.blue.optimism'" in e for e in _errors(text))
    good = text.replace("optimsm", "optimism")
    assert _errors(good) == []


def test_beta_with_impossible_spread_is_rejected() -> None:
    """A beta distribution's sd must satisfy sd² < mean(1 − mean)."""
    text = TINY.replace(
        "p_first_prevails: 0.5", "p_first_prevails: {dist: beta, mean: 0.9, sd: 0.4}"
    )
    assert any("sd must satisfy" in e for e in _errors(text))


def test_normal_on_a_bounded_quantity_must_be_truncated() -> None:
    """An untruncated normal on a probability is an error that says which bounds to add."""
    text = TINY.replace(
        "p_first_prevails: 0.5", "p_first_prevails: {dist: normal, mean: 0.5, sd: 0.1}"
    )
    assert any("must be truncated" in e for e in _errors(text))


def test_war_side_must_be_a_belligerent() -> None:
    """The war's sides are belligerents with beliefs."""
    text = TINY.replace("role: belligerent", "role: mediator", 1)
    assert any("not a belligerent" in e for e in _errors(text))


def test_proposal_naming_unknown_issue_is_an_error() -> None:
    """Proposals may only set issues the scenario defines."""
    text = TINY + (
        "proposals:\n  - {id: p1, name: P, author: red, date: 2025-01-01, terms: {lands: 50}, "
        "evidence: [{judgement: t}]}\n"
    )
    assert any("names unknown issue 'lands'" in e for e in _errors(text))


def test_war_started_after_as_of_is_an_error() -> None:
    text = TINY.replace(
        "  horizon_months: 12\n", "  horizon_months: 12\n  kind: civil\n  started: 2026-01-01\n", 1
    )
    assert any("war.started" in e and "as_of 2025-09-01" in e for e in _errors(text))


def test_war_kind_without_started_names_the_missing_field() -> None:
    text = TINY.replace("  horizon_months: 12\n", "  horizon_months: 12\n  kind: interstate\n", 1)
    assert any("war.started" in e and "reference class needs both" in e for e in _errors(text))
    ok = TINY.replace(
        "  horizon_months: 12\n",
        "  horizon_months: 12\n  kind: interstate\n  started: 2024-01-01\n",
        1,
    )
    assert _errors(ok) == []


def test_bottom_lines_can_be_correlated_by_the_names_the_sampler_uses() -> None:
    """positions.<actor>.<issue>.bottom_line is a valid correlation name, and the draws follow it."""
    import numpy as np
    from scipy import stats

    from detente.dynamics.sampling import by_name, input_space, uniforms

    text = (
        TINY
        + "correlations:\n"
        + "  - {a: positions.red.land.bottom_line, b: positions.blue.land.bottom_line, rho: 0.8,"
        + " evidence: [{judgement: t}]}\n"
    )
    v = validate_text(text, "t.yaml")
    assert v.ok, [p.render() for p in v.errors]
    assert v.scenario is not None
    space = input_space(v.scenario)
    vals = by_name(space, space.quantiles(uniforms(space, 4000, 5, 0)))
    rho = stats.spearmanr(
        vals["positions.red.land.bottom_line"], vals["positions.blue.land.bottom_line"]
    ).statistic
    assert float(rho) == pytest.approx(0.8, abs=0.05)
    wrong = text.replace("positions.blue.land.bottom_line", "positions.blue.lnd.bottom_line")
    assert any("not an uncertain input" in e for e in _errors(wrong))
    assert np.isfinite(rho)
