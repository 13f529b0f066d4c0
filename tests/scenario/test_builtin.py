"""The built-in scenario ukraine-2025-09: content, evidence, and what its numbers imply."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.optimize import linprog

from detente.models.table import PositionTable
from detente.scenario import Scenario, load_scenario, validate_file
from detente.scenario.scales import scale_of
from detente.scenario.uncertain import point
from detente.sources.fingerprint import parse_fingerprint
from detente.sources.normalise import words

NAME = "ukraine-2025-09"
SECURITY = ("security_guarantees", "nato", "army_cap", "foreign_troops")
TERRITORY = ("donbas", "crimea")
SIDE_ISSUES = ("prisoners_children", "energy_moratorium", "black_sea")
FRAMEWORKS = {
    "istanbul_communique",
    "minsk_agreements",
    "ceasefire_30_day",
    "riyadh_partial_deals",
    "us_april_plan",
    "russia_memorandum",
    "alaska_framework",
    "european_reassurance_force",
    "russia_guarantor_formula",
}
# Which seed files (by their number prefix) hold each source; 002 and 004 are two copies of
# the same Moscow Times article.
SEED_FILES = {
    "isaenco_rta": ("000",),
    "ukraine_this_week": ("001",),
    "stanovaya_mt": ("002", "004"),
    "charap_radchenko_fa": ("003",),
}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    """The built-in scenario, loaded once for the module."""
    return load_scenario(NAME)


@pytest.fixture(scope="module")
def table(scenario: Scenario) -> PositionTable:
    """Its position table at the median of every uncertain input."""
    return PositionTable.from_scenario(scenario)


def _citations(node: Any) -> Iterator[dict[str, Any]]:
    """Every citation (a mapping with a fingerprint) anywhere in a dumped scenario."""
    if isinstance(node, dict):
        if "fingerprint" in node:
            yield node
        for v in node.values():
            yield from _citations(v)
    elif isinstance(node, list):
        for v in node:
            yield from _citations(v)


def _judgements(node: Any) -> Iterator[dict[str, Any]]:
    """Every judgement (a mapping with a rationale) anywhere in a dumped scenario."""
    if isinstance(node, dict):
        if "judgement" in node:
            yield node
        for v in node.values():
            yield from _judgements(v)
    elif isinstance(node, list):
        for v in node:
            yield from _judgements(v)


def _believed_own_chance(s: Scenario, side: str) -> float:
    """A side's believed chance of prevailing at the medians (optimism, then collapse hope)."""
    assert s.war is not None
    w = s.war
    p_first = point(w.p_first_prevails)
    base = p_first if side == w.sides[0] else 1 - p_first
    beliefs = w.beliefs[side]
    own = min(1.0, max(0.0, base + point(beliefs.optimism)))
    hope = 1 - (1 - point(beliefs.collapse_hope)) ** point(w.horizon_months)
    return own + (1 - own) * hope


# --- loading and content ------------------------------------------------------------------


def test_the_builtin_scenario_loads_as_of_first_september_2025(scenario: Scenario) -> None:
    """It loads by name and describes the talks on 1 September 2025."""
    assert str(scenario.as_of) == "2025-09-01"
    assert scenario.war is not None and scenario.war.sides == ("russia", "ukraine")


def test_it_has_at_least_nine_issues_spanning_both_tracks(scenario: Scenario) -> None:
    """Nine or more issues, with both the ceasefire and the settlement track present."""
    assert len(scenario.issues) >= 9
    assert {i.track for i in scenario.issues} == {"ceasefire", "settlement"}
    ids = {i.id for i in scenario.issues}
    assert {*SECURITY, *TERRITORY, *SIDE_ISSUES, "ceasefire_sequencing", "sanctions_relief"} <= ids


def test_only_russia_and_ukraine_hold_a_veto_while_the_us_mediates(scenario: Scenario) -> None:
    """The required actors are present, exactly two veto players, the US a mediator."""
    actors = {a.id: a for a in scenario.actors}
    assert {"russia", "ukraine", "usa", "europe"} <= set(actors)
    assert {a.id for a in scenario.actors if a.veto} == {"russia", "ukraine"}
    assert actors["usa"].role == "mediator" and actors["usa"].at_table
    assert actors["russia"].role == actors["ukraine"].role == "belligerent"


def test_europe_is_a_sidelined_guarantor_that_can_spoil(scenario: Scenario) -> None:
    """Europe offers guarantees from outside the format and has real spoiler capacity."""
    europe = scenario.actor("europe")
    assert europe.role in {"guarantor", "stakeholder"}
    assert not europe.at_table
    assert point(europe.spoiler_capacity) > 0
    assert any(
        lv.kind == "inclusion" and lv.effects[0].target == "europe" for lv in scenario.levers
    )


def test_ukraine_tolerates_a_bad_peace_least_of_all_actors(scenario: Scenario) -> None:
    """'A bad peace is worse than no peace': Ukraine's median domestic tolerance is the lowest."""
    tolerance = {a.id: point(a.domestic_tolerance) for a in scenario.actors}
    assert min(tolerance, key=tolerance.__getitem__) == "ukraine"


def test_the_nine_named_frameworks_are_present_with_dates_and_evidence(scenario: Scenario) -> None:
    """Every framework the sources describe is a proposal with a date, terms and evidence."""
    proposals = {p.id: p for p in scenario.proposals}
    assert set(proposals) >= FRAMEWORKS
    for p in proposals.values():
        assert p.terms and p.evidence, p.id
        assert p.date <= scenario.as_of, p.id


def test_minsk_is_kept_as_a_reference_case(scenario: Scenario) -> None:
    """The Minsk agreements are a past framework kept for comparison, not on the table."""
    proposals = {p.id: p for p in scenario.proposals}
    assert proposals["minsk_agreements"].reference_case
    assert not proposals["alaska_framework"].reference_case


def test_proposals_name_only_issues_they_cover_with_labels_a_reader_can_follow(
    scenario: Scenario,
) -> None:
    """No proposal covers every issue, and every ordinal option has a descriptive label."""
    n = len(scenario.issues)
    assert all(len(p.terms) < n for p in scenario.proposals)
    for issue in scenario.issues:
        if issue.scale.kind == "ordinal":
            assert all(len(o.label.split()) >= 3 for o in issue.scale.options), issue.id


# --- evidence ------------------------------------------------------------------------------


def test_the_only_warnings_are_look_ahead_notes() -> None:
    """Every value is backed; what remains are notes on sources published after as_of."""
    v = validate_file(NAME)
    assert v.ok
    assert v.warnings, "the two later sources are cited, so look-ahead notes are expected"
    assert all("after as_of" in w.render() for w in v.warnings)


def test_every_citation_names_a_listed_source(scenario: Scenario) -> None:
    """Each citation's source is in `sources`."""
    known = {src.id for src in scenario.sources}
    cited = [c["source"] for c in _citations(scenario.model_dump())]
    assert cited and set(cited) <= known


def test_every_source_is_cited_and_the_articles_are_cited_substantially(scenario: Scenario) -> None:
    """All four articles are cited, and citations outnumber judgements."""
    cited = [c["source"] for c in _citations(scenario.model_dump())]
    assert {src.id for src in scenario.sources} == set(cited)
    assert all(cited.count(src) >= 10 for src in set(cited))
    assert len(cited) > len(list(_judgements(scenario.model_dump())))


def test_later_sources_are_cited_only_with_a_reason(scenario: Scenario) -> None:
    """Citations of sources published after as_of all say why the fact held by then."""
    late = {src.id for src in scenario.sources if src.published > scenario.as_of}
    assert late == {"isaenco_rta", "ukraine_this_week"}
    for c in _citations(scenario.model_dump()):
        if c["source"] in late:
            assert c["fact_true_by_as_of"], c["paraphrase"]


def test_source_metadata_flags_inferred_dates_and_invents_no_urls(scenario: Scenario) -> None:
    """Only the Moscow Times piece, whose copy gives its address, has a URL; inferred dates say so."""
    with_url = {src.id for src in scenario.sources if src.url}
    assert with_url == {"stanovaya_mt"}
    approximate = {src.id for src in scenario.sources if src.date_precision == "approximate"}
    assert approximate == {"isaenco_rta", "ukraine_this_week", "charap_radchenko_fa"}


@pytest.mark.seeds
def test_every_fingerprint_is_found_once_in_each_copy_of_its_source(
    scenario: Scenario, seeds_dir: Path
) -> None:
    """Sliding an n-word window over each seed file finds every cited passage exactly once."""
    tokens: dict[str, list[str]] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        tokens[path.name[:3]] = words(path.read_text(encoding="utf-8"))
    assert set(SEED_FILES) == {src.id for src in scenario.sources}
    missing = []
    for c in _citations(scenario.model_dump()):
        digest, n = parse_fingerprint(c["fingerprint"])
        for prefix in SEED_FILES[c["source"]]:
            toks = tokens[prefix]
            hits = sum(
                hashlib.sha256(" ".join(toks[i : i + n]).encode("utf-8")).hexdigest() == digest
                for i in range(len(toks) - n + 1)
            )
            if hits != 1:
                missing.append((c["source"], prefix, c["locator"], hits))
    assert missing == []


# --- what the numbers imply ----------------------------------------------------------------


def test_security_outweighs_territory_for_both_belligerents(scenario: Scenario) -> None:
    """Following Charap and Radchenko, security issues carry more salience than territory."""
    for side in ("russia", "ukraine"):
        row = scenario.positions[side]
        security = sum(row[i].salience for i in SECURITY)
        territory = sum(row[i].salience for i in TERRITORY)
        assert security > territory > 0, side


def test_stated_positions_are_opening_offers_not_bottom_lines(table: PositionTable) -> None:
    """For each belligerent the median bottom line differs from the stated position on most issues."""
    assert table.stated is not None and table.bottom_lines is not None
    for side in ("russia", "ukraine"):
        k = table.actors.index(side)
        moved = np.abs(table.stated[k] - table.bottom_lines[k]) > 1e-9
        assert moved.mean() >= 2 / 3, side


def test_side_issues_are_not_deal_breakers(scenario: Scenario) -> None:
    """No actor has a red line on prisoners, the energy moratorium or Black Sea shipping."""
    for row in scenario.positions.values():
        assert all(row[i].red_line is None for i in SIDE_ISSUES)


def test_median_bottom_lines_leave_no_common_ground_on_security_and_territory(
    table: PositionTable,
) -> None:
    """At the median bottom lines (within red lines) the belligerents do not overlap on security
    and territory as of September 2025, while the hard red lines alone still leave room."""
    assert table.acceptable_low is not None and table.acceptable_high is not None
    assert table.bottom_lines is not None
    r, u = table.actors.index("russia"), table.actors.index("ukraine")
    lo = np.maximum(table.acceptable_low[r], table.acceptable_low[u])
    hi = np.minimum(table.acceptable_high[r], table.acceptable_high[u])
    assert not (lo > hi).any(), "hard red lines alone should not rule out every deal"

    def interval(a: int) -> tuple[np.ndarray, np.ndarray]:
        assert table.bottom_lines is not None
        assert table.acceptable_low is not None and table.acceptable_high is not None
        ideal, bottom = table.positions[a], table.bottom_lines[a]
        b_lo = np.where(bottom <= ideal, bottom, 0.0)
        b_hi = np.where(bottom <= ideal, 1.0, bottom)
        return np.maximum(b_lo, table.acceptable_low[a]), np.minimum(b_hi, table.acceptable_high[a])

    (rl, rh), (ul, uh) = interval(r), interval(u)
    blocked = {
        table.issues[k] for k in np.flatnonzero(np.maximum(rl, ul) > np.minimum(rh, uh) + 1e-9)
    }
    assert blocked & set(SECURITY)
    assert blocked & set(TERRITORY)


def test_every_live_proposal_on_security_or_territory_breaches_a_red_line(
    scenario: Scenario,
) -> None:
    """No framework on the table settles security or territory within both belligerents' red lines."""
    scales = {i.id: scale_of(i) for i in scenario.issues}
    for p in scenario.proposals:
        if p.reference_case or not set(p.terms) & {*SECURITY, *TERRITORY}:
            continue
        breaches = []
        for side in ("russia", "ukraine"):
            for iid, value in p.terms.items():
                pos = scenario.positions[side][iid]
                if pos.red_line is None:
                    continue
                x, ideal = scales[iid].to_unit(value), scales[iid].to_unit(pos.ideal)
                limit = scales[iid].to_unit(pos.red_line.limit)
                if (limit <= ideal and x < limit - 1e-9) or (limit > ideal and x > limit + 1e-9):
                    breaches.append((side, iid))
        assert breaches, p.id


def test_both_sides_are_optimistic_enough_to_close_the_bargaining_range(
    scenario: Scenario, table: PositionTable
) -> None:
    """Fearon: at the medians the believed chances of prevailing sum to more than one plus costs."""
    assert scenario.war is not None and table.walk_away is not None
    assert np.all(np.isfinite(table.walk_away))
    w = scenario.war
    believed = _believed_own_chance(scenario, "russia") + _believed_own_chance(scenario, "ukraine")
    costs = point(w.horizon_months) * sum(point(w.beliefs[s].monthly_cost) for s in w.sides)
    assert point(w.beliefs["russia"].optimism) > 0 and point(w.beliefs["ukraine"].optimism) > 0
    assert believed > 1 + costs


def test_no_package_gives_both_belligerents_their_walk_away_value_at_the_medians(
    table: PositionTable,
) -> None:
    """Even trading across issues, Ukraine's best package that Russia prefers to war is worse for Kyiv than fighting on."""
    assert table.walk_away is not None
    r, u = table.actors.index("russia"), table.actors.index("ukraine")
    ideals = table.positions[[r, u]]
    w = table.saliences[[r, u]] / table.saliences[[r, u]].sum(axis=1, keepdims=True)
    # Between the two ideals each utility is linear in the package: u = const + slope·x.
    sign = np.where(ideals >= ideals[::-1], 1.0, -1.0)
    const = 1 - (w * sign * ideals).sum(axis=1)
    slope = w * sign
    bounds = list(zip(ideals.min(axis=0), ideals.max(axis=0), strict=True))
    res = linprog(-slope[1], A_ub=[-slope[0]], b_ub=[const[0] - table.walk_away[r]], bounds=bounds)
    assert res.status == 0
    assert const[1] - res.fun < table.walk_away[u]
    # …and the domestic floors of both publics are further apart still.
    assert table.min_utility is not None
    assert (
        table.min_utility[r] > table.walk_away[r] - 0.05
        and table.min_utility[u] > table.walk_away[u]
    )
