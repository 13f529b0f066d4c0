"""report.html: self-contained, with every section, and no reference to the network."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from plotly.offline import get_plotlyjs
from rich.console import Console

from detente.report import forecast_summary, write_report
from detente.report.html import _pct

SECTIONS = (
    "headline",
    "timing",
    "terms",
    "models",
    "scorecard",
    "levers",
    "zopa",
    "assumptions",
    "citations",
)


def test_report_has_every_section_and_chart(
    tmp_path: Path, full_doc: Any, small: Any, forecasts: list[Any]
) -> None:
    """The written report holds each section and each chart's div."""
    html = write_report(tmp_path / "r.html", full_doc, small, forecasts=forecasts).read_text()
    for section in SECTIONS:
        assert f'<section id="{section}">' in html
    for chart in (
        "fig-deal-by-month",
        "fig-time-to-deal",
        "fig-terms",
        "fig-eu-trace",
        "fig-network",
        "fig-scorecard",
        "fig-tornado",
        "fig-zopa",
    ):
        assert f'id="{chart}"' in html


def test_report_embeds_plotly_once_and_loads_nothing_remote(
    tmp_path: Path, full_doc: Any, small: Any
) -> None:
    """plotly.js is inline exactly once; no script or stylesheet comes from a URL."""
    html = write_report(tmp_path / "r.html", full_doc, small).read_text()
    assert html.count(get_plotlyjs()[:60]) == 1
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)


def test_sections_without_data_say_so_instead_of_drawing(
    tmp_path: Path, sim_result: Any, small: Any
) -> None:
    """A run without proposals or sensitivities shows a note, not an empty chart."""
    from detente.results import build_document

    doc = build_document(sim_result, small)
    html = write_report(tmp_path / "r.html", doc, small).read_text()
    assert "Proposals were not evaluated" in html and 'id="fig-scorecard"' not in html
    assert "sensitivities were not computed" in html and 'id="fig-tornado"' not in html


def test_scenario_text_is_escaped(tmp_path: Path, full_doc: Any, small: Any) -> None:
    """Markup in scenario text is shown as text, not run."""
    hostile = small.model_copy(update={"title": "<script>alert(1)</script>"})
    doc = full_doc.model_copy(
        update={"scenario": full_doc.scenario.model_copy(update={"title": hostile.title})}
    )
    html = write_report(tmp_path / "r.html", doc, hostile).read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_terminal_summary_shows_headline_blockers_and_levers(full_doc: Any) -> None:
    """The terminal summary shows P(deal) with its interval, the top blocker and the top lever."""
    console = Console(record=True, width=80)
    console.print(forecast_summary(full_doc))
    text = console.export_text()
    assert "45.1%" in text and "40.1%–50.1%" in text
    assert "Alliance" in text and "bottom lines / red lines" in text
    assert "aid" in text and "+17.0" in text
    assert "ceasefire by" not in text  # the headline says "in force", as measured
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text  # nothing cut at 80 columns


def test_sensitivities_that_move_nothing_get_a_note_not_an_empty_chart(
    tmp_path: Path, full_doc: Any, small: Any
) -> None:
    """When no lever or input changes P(deal), the report says so instead of drawing bars."""
    flat = [s.model_copy(update={"p_low": 0.0, "p_high": 0.0}) for s in full_doc.sensitivity]
    doc = full_doc.model_copy(update={"sensitivity": flat})
    html = write_report(tmp_path / "r.html", doc, small).read_text()
    assert 'id="fig-tornado"' not in html
    assert f"None of the {len(flat)} levers" in html


def test_the_report_says_how_many_draws_each_what_if_used(
    tmp_path: Path, full_doc: Any, small: Any
) -> None:
    """The document's analysis records (draws, precision) appear in the report."""
    from detente.results.schema import Analysis

    rec = Analysis(
        name="levers",
        n_draws=1500,
        target_half_width=0.02,
        achieved_half_width=0.017,
        seconds=1.0,
        note="1,500 draws per variant (90% half-width ≤ 1.7 pts; target 2.0)",
    )
    doc = full_doc.model_copy(update={"analyses": [rec]})
    html = write_report(tmp_path / "r.html", doc, small).read_text()
    assert "levers: 1,500 draws per variant" in html


def test_the_report_shows_the_calibration_rates_and_which_part_is_judgement(
    tmp_path: Path, full_doc: Any, small: Any
) -> None:
    """Rates from the run's params appear with their sources; basis names fields per kind."""
    from detente.report.tables import _basis
    from detente.scenario.schema import Judgement

    params = {
        "calibration": {"sign_hazard": 0.14, "coupling": {"red": 1.0}},
        "calibration_sources": {"sign_hazard": "CoW median duration"},
    }
    doc = full_doc.model_copy(update={"run": full_doc.run.model_copy(update={"params": params})})
    html = write_report(tmp_path / "r.html", doc, small).read_text()
    assert "sign_hazard" in html and "CoW median duration" in html and "red 1" in html

    class Cite:
        supports = ("stated",)

    judged = Judgement(judgement="a guess", supports=["bottom_line"])
    assert _basis([Cite(), judged], ["bottom_line", "stated"]) == (
        "cited (stated) + judgement (bottom_line)"
    )
    assert _basis([Cite()], ["capability"]) == "uncited"  # evidence for another field


def test_the_nash_column_is_flagged_when_it_finds_no_zopa() -> None:
    """On the built-in Nash finds no ZOPA: its report column says so, with a note."""
    from detente.dynamics import simulate
    from detente.models.nash import NashBargainingModel
    from detente.report.html import render_report
    from detente.results import build_document
    from detente.results.export import models_frame
    from detente.scenario import load_scenario

    s = load_scenario("ukraine-2025-09")
    nash = NashBargainingModel().forecast(s)
    assert not nash.zopa_exists
    result = simulate(s, n_draws=50, n_months=3, seed=1)
    doc = build_document(result, s, models=models_frame([nash]))
    html = render_report(doc, s, forecasts=[nash])
    assert "nash (no ZOPA)" in html and "not a predicted deal" in html


def _calibrated_doc(small: Any, result_factory: Any) -> Any:
    import datetime as dt

    from detente.results import build_document

    war = small.war.model_copy(update={"kind": "civil", "started": dt.date(2024, 3, 1)})
    scenario = small.model_copy(update={"war": war})
    return scenario, build_document(result_factory(), scenario)


def test_summary_shows_raw_and_calibrated_and_says_which_is_which(
    small: Any, result_factory: Any, full_doc: Any
) -> None:
    _, doc = _calibrated_doc(small, result_factory)
    console = Console(record=True, width=80)
    console.print(forecast_summary(doc))
    text = console.export_text()
    cal = doc.calibration
    assert f"calibrated on {cal.n_cases} past cases" in text
    assert f"{100 * cal.p_deal_by_horizon:.1f}%" in text
    assert "Raw: shares of simulated draws. Calibrated:" in text
    assert "raw ·" in text and "% calibrated" in text  # the ceasefire-reached row
    assert "90% map interval" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    console = Console(record=True, width=80)
    console.print(forecast_summary(full_doc))
    assert "Raw simulation only: give war.kind and war.started" in console.export_text()


def test_report_draws_the_calibrated_curves_beside_the_raw_ones(
    tmp_path: Path, small: Any, result_factory: Any
) -> None:
    scenario, doc = _calibrated_doc(small, result_factory)
    html = write_report(tmp_path / "r.html", doc, scenario).read_text()
    assert "calibrated on 18 past cases" in html
    assert "by month), calibrated on past cases" in html  # the dashed traces' legend
    assert "their interval is the map" in html
    plain = write_report(tmp_path / "p.html", doc.model_copy(update={"calibration": None}), small)
    assert "no forecast calibrated on past negotiations" in plain.read_text()


def test_a_military_decision_is_shown_where_the_battlefield_decides_some_draws(
    tmp_path: Path, full_doc: Any, small: Any
) -> None:
    """The competing ending reaches the reader: a headline card in the report and a line in
    the terminal summary naming the side that wins most decisions; nothing where none occur."""
    from detente.results.schema import MonthlyProbability

    months = full_doc.run.months
    series = [
        MonthlyProbability(month=m, p=0.01 * (k + 1), low=0.005 * (k + 1), high=0.02 * (k + 1))
        for k, m in enumerate(months)
    ]
    run = full_doc.run.model_copy(update={"params": {**full_doc.run.params, "war_sides": ["a"]}})
    head = full_doc.headline.model_copy(update={"p_decision_for_first": 0.75})
    doc = full_doc.model_copy(
        update={"p_military_decision_by_month": series, "run": run, "headline": head}
    )
    html = write_report(tmp_path / "r.html", doc, small).read_text()
    assert f"P(decided on the battlefield by {months[-1]})" in html
    console = Console(record=True, width=80)
    console.print(forecast_summary(doc))
    text = " ".join(console.export_text().split())
    assert "decided on the battlefield" in text and "75.0% of them won by a" in text
    plain = write_report(tmp_path / "p.html", full_doc, small).read_text()
    assert "decided on the battlefield" not in plain


def test_headline_cards_keep_a_decimal_below_ten_percent() -> None:
    """A 0.7% chance reads 0.7%, not 1%; larger ones stay whole percents."""
    assert _pct(0.007) == "0.7%"
    assert _pct(0.235) == "24%"
    assert _pct(None) == "—"
