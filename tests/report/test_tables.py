"""The report's tables: models side by side, scorecard, assumptions and citations."""

from __future__ import annotations

from typing import Any

from detente.report import tables
from detente.results.export import models_frame


def test_models_table_has_a_column_per_model_and_a_row_per_issue(
    forecasts: list[Any], small: Any
) -> None:
    """Every registered model appears as a column; issues appear by display name."""
    wide = tables.models_wide(models_frame(forecasts), small)
    assert set(wide.columns) == {f.model for f in forecasts}
    assert list(wide.index) == ["Land", "Alliance"]


def test_scorecard_gives_every_proposal_actor_verdict_and_durability(
    full_doc: Any, small: Any
) -> None:
    """Each proposal × actor cell is a verdict with its margin, plus a durability column."""
    wide = tables.scorecard_wide(full_doc, small)
    assert wide.loc["Split the difference", "Red"] == "✓ +0.12"
    assert wide.loc["Blue's plan", "Red"] == "✗ red line -0.45"
    assert wide.loc["Split the difference", "durability (5 y)"] == "70%"


def test_citations_list_source_locator_and_paraphrase(small: Any) -> None:
    """A citation row carries its source title, locator and paraphrase."""
    frame = tables.citations_frame(small)
    cited = frame[frame["kind"] == "citation"].iloc[0]
    assert cited["record"] == "actors.red"
    assert "A made-up note" in cited["source"] and cited["locator"] == "para. 2"
    assert "sustain the war" in cited["text"]


def test_judgements_are_marked_as_judgements(small: Any) -> None:
    """Values backed only by the analyst's judgement are labelled so in both tables."""
    cites = tables.citations_frame(small)
    assert (cites[cites["kind"] == "judgement"]["source"] == "analyst's judgement").all()
    basis = tables.assumptions_frame(small).set_index("assumption")["basis"]
    assert basis["Red: capability"] == "cited"
    assert basis["Blue: capability"] == "judgement"


def test_every_distribution_is_shown_with_its_parameters() -> None:
    """A beta or normal input is printed with its parameters, never as the bare word."""
    from detente.report.tables import _dist
    from detente.scenario.uncertain import Beta, Normal, Triangular

    beta = _dist(Beta(dist="beta", mean=0.3, sd=0.1))
    assert beta == "beta (mean 0.3, sd 0.1; α 6, β 14)"  # method of moments: k = 0.21/0.01 − 1
    assert _dist(Normal(dist="normal", mean=2, sd=0.5, low=0)) == (
        "normal (mean 2, sd 0.5, truncated to [0, ∞])"
    )
    assert _dist(Triangular(dist="triangular", low=0, mode=0.2, high=1)) == "0–1 (likely 0.2)"


def test_a_verdict_gives_the_chance_of_signing_and_what_binds() -> None:
    """With the scorecard's chance and binding reason, a cell reads "✗ bottom line (donbas) 3%"."""
    from types import SimpleNamespace

    row = SimpleNamespace(
        breaks_red_line=False,
        red_lines=[],
        acceptable=False,
        reason="bottom_line",
        binding_issue="donbas",
        p_accept=0.03,
        margin=-0.1,
    )
    assert tables._verdict(row) == "✗ bottom line (donbas) 3%"
    ok = SimpleNamespace(**{**vars(row), "acceptable": True, "reason": "accepted", "p_accept": 0.8})
    assert tables._verdict(ok) == "✓ 80%"
