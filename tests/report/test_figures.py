"""The report's charts as plotly Figures: the right traces, from the right data."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from detente.report import figures


def test_deal_by_month_has_band_and_line_for_each_track(full_doc: Any) -> None:
    """Settlement, ceasefire in force and ceasefire reached each get a band and a line."""
    fig = figures.deal_by_month_figure(full_doc)
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    bands = [t for t in fig.data if t.fill == "tonexty"]
    assert len(lines) == 3 and len(bands) == 3
    settlement = next(t for t in lines if "settlement" in t.name)
    assert list(settlement.y) == pytest.approx([r.p for r in full_doc.p_settlement_by_month])
    reached = next(t for t in lines if "reached" in t.name)
    assert list(reached.y) == pytest.approx([r.p for r in full_doc.p_ceasefire_reached_by_month])


def test_time_to_deal_ends_with_never(full_doc: Any) -> None:
    """The time-to-deal bars end with 'never' and sum to one."""
    (bar,) = figures.time_to_deal_figure(full_doc).data
    assert list(bar.x)[-1] == "never"
    assert sum(bar.y) == pytest.approx(1.0)


def test_terms_show_a_box_per_issue_and_every_actor_position(full_doc: Any, small: Any) -> None:
    """Each issue gets a box on the unit scale; each actor's ideal and stated positions are marked."""
    fig = figures.terms_figure(full_doc, small)
    boxes = [t for t in fig.data if t.type == "box"]
    assert sorted(b.name for b in boxes) == ["Alliance", "Land"]
    land = next(b for b in boxes if b.name == "Land")
    assert 0 <= land.lowerfence[0] <= land.median[0] <= land.upperfence[0] <= 1
    marks = {t.name for t in fig.data if t.type == "scatter"}
    assert {"Red (ideal)", "Red (stated)", "Blue (ideal)", "Blue (stated)"} <= marks


def test_eu_trace_draws_a_line_per_actor_and_issue(forecasts: list[Any]) -> None:
    """The expected-utility trace has one line per actor per issue, over its rounds."""
    eu = next(f for f in forecasts if f.model == "expected-utility")
    fig = figures.eu_trace_figure(eu)
    assert len(fig.data) == len(eu.actors) * len(eu.issues)
    assert len(fig.data[0].x) == eu.trace.shape[0]


def test_scorecard_marks_red_lines_and_margins(full_doc: Any, small: Any) -> None:
    """The scorecard heatmap carries each margin and marks the red-line breach."""
    (heat,) = figures.scorecard_figure(full_doc, small).data
    assert list(heat.y) == ["Split the difference", "Blue's plan"]
    assert heat.text[1][0].startswith("✗ red line")
    assert np.asarray(heat.z, dtype=float)[0, 0] == pytest.approx(0.12)


def test_tornado_orders_by_swing_and_marks_the_base(full_doc: Any) -> None:
    """The largest swing is drawn last (on top) and the base P(deal) is a vertical line."""
    fig = figures.tornado_figure(full_doc)
    order = list(fig.layout.yaxis.categoryarray)
    assert order[-1] == "war.p_first_prevails"
    assert any(s.type == "line" for s in fig.layout.shapes)


def test_network_draws_every_exchange_and_challenge_and_colours_coalitions() -> None:
    """A line per exchange pair (width grows with gain), an arrow per challenge, a node group
    per coalition."""
    from detente.models.network import NetworkEdge, TradeNetwork
    from detente.report.network_figure import network_figure

    net = TradeNetwork(
        actors=("a", "b", "c"),
        coalitions=(("a", "b"), ("c",)),
        edges=(
            NetworkEdge("exchange", "a", "b", 0.2, 2, issues=("a gives x ↔ b gives y",) * 2),
            NetworkEdge("exchange", "b", "c", 0.05, 1, issues=("b gives x ↔ c gives y",)),
            NetworkEdge("challenge", "c", "a", 3.0, 3, adopted=1),
        ),
    )
    fig = network_figure(net)
    lines = [t for t in fig.data if t.mode == "lines" and t.x[0] is not None]
    assert len(lines) == 2
    assert lines[0].line.width > lines[1].line.width
    assert len(fig.layout.annotations) == 1
    nodes = [t for t in fig.data if t.mode == "markers+text"]
    assert [list(t.text) for t in nodes] == [["a", "b"], ["c"]]
    assert nodes[0].marker.color != nodes[1].marker.color
