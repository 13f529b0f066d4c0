"""The rates fitted on termination data: the file loads, every distribution is valid and the
fits agree with the published figures they come from."""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from importlib import resources
from typing import Any

import numpy as np
import pytest
from scipy import stats

from detente.dynamics.calibration import DEFAULTS
from detente.dynamics.rates_data import DATA_FILE, TerminationRate, load_termination_rates
from detente.scenario.schema import CALIBRATION_BOUNDS
from detente.scenario.uncertain import Beta, Normal, ppf

NAMES = {
    "relapse_5y",
    "relapse_shape",
    "guarantee_hazard_ratio",
    "ceasefire_hazard_ratio",
    "sign_hazard_prior",
}
U = np.linspace(1e-6, 1 - 1e-6, 2001)


@pytest.fixture(scope="module")
def rates() -> dict[str, TerminationRate]:
    return load_termination_rates()


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    """The rates as stored, with the checks and sensitivities the loader leaves out."""
    text = resources.files("detente.dynamics").joinpath(DATA_FILE).read_text(encoding="utf-8")
    out: dict[str, Any] = json.loads(text)["rates"]
    return out


def moments(dist: Beta | Normal) -> tuple[float, float]:
    """Mean and sd of the distribution as detente samples it (truncation included)."""
    if isinstance(dist, Beta):
        a, b = dist.shape()
        frozen = stats.beta(a, b)
    else:
        lo = -math.inf if dist.low is None else (dist.low - dist.mean) / dist.sd
        hi = math.inf if dist.high is None else (dist.high - dist.mean) / dist.sd
        frozen = stats.truncnorm(lo, hi, loc=dist.mean, scale=dist.sd)
    return float(frozen.mean()), float(frozen.std())


def test_file_loads_every_rate(rates: dict[str, TerminationRate]) -> None:
    assert set(rates) == NAMES
    for name, rate in rates.items():
        assert rate.name == name
        assert rate.calibrates in CALIBRATION_BOUNDS
        assert hasattr(DEFAULTS, rate.calibrates)
        assert rate.n > 50
        assert len(rate.procedure) > 200
        for key in ("dataset", "version", "commit", "licence", "attribution", "raw_sha256"):
            assert rate.source[key], (name, key)
        assert len(rate.source["commit"]) == 40
    assert rates["sign_hazard_prior"].calibrates == "sign_hazard"


def test_loader_returns_fresh_mappings() -> None:
    first = load_termination_rates()
    first.clear()
    assert set(load_termination_rates()) == NAMES


@pytest.mark.parametrize("name", sorted(NAMES))
def test_distribution_is_valid_for_its_bounds(
    rates: dict[str, TerminationRate], raw: dict[str, Any], name: str
) -> None:
    rate = rates[name]
    dist = rate.uncertain()
    bound = CALIBRATION_BOUNDS[rate.calibrates]
    draws = ppf(dist, U)
    assert np.all(np.isfinite(draws))
    assert all(bound.ok(float(v)) for v in draws), name
    assert bound.ok(rate.point)
    assert rate.dist["sd"] > 0
    mean, sd = moments(dist)
    assert sd > 0
    mle = raw[name].get("mle", rate.point)
    if mle != rate.point:
        # The unconstrained estimate lies beyond a bound: the point is that bound, and the
        # distribution (the draws inside the bounds) reaches up to it.
        assert not bound.ok(mle)
        assert rate.point in (bound.le, bound.ge), name
        assert abs(float(ppf(dist, np.array([0.95]))[0]) - rate.point) < 0.5 * sd, name
    else:
        assert abs(mean - rate.point) < 1.0 * sd, (name, mean, rate.point, sd)


def test_beta_is_used_for_rates_in_unit_interval(rates: dict[str, TerminationRate]) -> None:
    for name in ("relapse_5y", "sign_hazard_prior"):
        assert rates[name].dist["dist"] == "beta"
    for name in ("relapse_shape", "ceasefire_hazard_ratio", "guarantee_hazard_ratio"):
        assert rates[name].dist["dist"] == "normal"


def test_main_fits_exclude_the_backtest_conflicts(
    rates: dict[str, TerminationRate], raw: dict[str, Any]
) -> None:
    """Every main fit leaves out the backtest library's and the held-out conflicts (the list of
    scripts/build_reference_class.py, which the reference-class metadata records), and keeps
    the fit on all conflicts as a sensitivity with more units."""
    meta = json.loads(
        resources.files("detente.history")
        .joinpath("data/reference_hazards.meta.json")
        .read_text(encoding="utf-8")
    )
    backtest = {int(c["conflict_id"]) for c in meta["excluded_conflicts"]}
    for name, rate in rates.items():
        assert "never fitted on the outcomes it scores" in rate.procedure, name
        excluded = rate.source["excluded"]
        sensitivity = raw[name]["sensitivity"]
        if name == "ceasefire_hazard_ratio":
            n_all = sensitivity["n_by_subset"]["all_conflicts"]
        else:
            n_all = sensitivity["all_conflicts"]["n"]
        assert n_all > rate.n, name
        if rate.source["dataset"].startswith("Correlates of War"):
            nums = {int(n) for n in re.findall(r"WarNum (\d+)", excluded)}
            assert {151, 163, 181, 199, 202, 216} <= nums  # Korea, Vietnam, Yom Kippur, ...
            assert n_all - rate.n == len(nums)
            ucdp = {int(c) for c in re.findall(r"\[UCDP (\d+):", excluded)}
            assert ucdp <= backtest
        else:
            ucdp = {int(c) for c in re.findall(r"(?:^|; )(\d+) ", excluded)}
            assert ucdp == backtest, name


def test_relapse_matches_published_agreement_survival(
    rates: dict[str, TerminationRate], raw: dict[str, Any]
) -> None:
    """README (PAD v22.1): 68 % of agreements in force after 5 years (on all agreements; the
    main fit, without the backtest's conflicts, stays close)."""
    km1, km5 = raw["relapse_5y"]["check"]["kaplan_meier_S1_S5_all_conflicts"]
    assert abs(km5 - 0.68) < 0.02
    assert abs(km1 - 0.77) < 0.02
    r5 = rates["relapse_5y"].point
    assert abs((1 - r5) - 0.68) < 0.04
    k = rates["relapse_shape"].point
    assert 0 < k < 1  # a falling hazard, as Fortna found for cease-fires
    lam = 5.0 / (-math.log(1 - r5)) ** (1 / k)
    assert 0.7 < math.exp(-((1 / lam) ** k)) < 0.9  # README: 77 % after 1 year


def test_guarantee_ratio_is_the_pko_proportional_hazards_fit(
    rates: dict[str, TerminationRate], raw: dict[str, Any]
) -> None:
    """guarantee_hazard_ratio: Weibull proportional hazards on the relapse_5y sample with PAD's
    peacekeeping provision as the covariate; an estimate above 1 is reported, not forced down,
    and the point stays in the schema's bounds (0, 1]."""
    hr, entry = rates["guarantee_hazard_ratio"], raw["guarantee_hazard_ratio"]
    relapse = rates["relapse_5y"]
    assert hr.calibrates == "guarantee_hazard_ratio"
    assert entry["covariate"] == "pko"
    assert hr.n == relapse.n  # the same sample, cut and exclusions
    assert entry["n_events"] == raw["relapse_5y"]["n_events"]
    assert entry["n_with"] + entry["n_without"] == hr.n
    assert 20 < entry["n_with"] < entry["n_without"]
    assert sum(entry["check"]["n_events_with_without"]) == entry["n_events"]
    assert hr.source["excluded"] == relapse.source["excluded"]
    assert hr.point == pytest.approx(min(entry["mle"], 1.0))
    assert (hr.dist["low"], hr.dist["high"]) == (0.01, 1.0)
    if entry["mle"] > 1:
        assert "The estimate is above 1" in hr.procedure
    assert "Fortna 2004" in hr.procedure
    assert "association, not an effect" in hr.procedure
    boot = entry["bootstrap"]
    assert boot["resamples"] == 2000
    assert boot["q05"] < entry["mle"] < boot["q95"]
    sensitivity = entry["sensitivity"]
    for key in (
        "either_pko_or_third_party_signatory_pa_3rd",
        "third_party_signatory_pa_3rd",
        "all_conflicts",
    ):
        assert sensitivity[key]["guarantee_hazard_ratio"] > 0, key
        assert sensitivity[key]["n_with"] > 0, key
    assert sensitivity["third_party_signatory_pa_3rd"]["n_with"] > entry["n_with"]


def test_ceasefire_ratio_matches_published_recurrence(
    rates: dict[str, TerminationRate], raw: dict[str, Any]
) -> None:
    """README (UCDP termination, all conflicts and types): 38 % recur within 5 years after a
    ceasefire, 21 % after a peace agreement, a cumulative-hazard ratio of -ln 0.62 / -ln 0.79
    ≈ 2.0. Without the backtest's conflicts (102 of 121 episodes) the ratio is lower but
    within a bootstrap sd of the all-conflicts fit."""
    published = math.log(1 - 0.38) / math.log(1 - 0.21)
    every = raw["ceasefire_hazard_ratio"]["check"]["all_conflicts_all_conflict_types"]
    assert abs(every["p_ceasefire"] - 0.38) < 0.01
    assert abs(every["p_peace_agreement"] - 0.21) < 0.01
    assert abs(every["ceasefire_hazard_ratio"] - published) < 0.5
    hr = rates["ceasefire_hazard_ratio"]
    assert hr.point >= 1
    sensitivity = raw["ceasefire_hazard_ratio"]["sensitivity"]
    assert abs(hr.point - sensitivity["all_conflicts"]) < sensitivity["bootstrap_by_conflict_sd"]


def test_cow_rates_match_published_durations(
    rates: dict[str, TerminationRate], raw: dict[str, Any]
) -> None:
    """README (COW inter-state wars, all 95): mean duration ≈ 13.7 months, median ≈ 5.3. The
    main fits leave out the 11 wars of the backtest's conflicts, and move by less than two
    bootstrap sds."""
    text = resources.files("detente.dynamics").joinpath(DATA_FILE).read_text(encoding="utf-8")
    old = json.loads(text)["superseded"]["learning_rate"]  # a record, no longer a rate
    every = old["check"]["all_conflicts"]
    assert every["n"] == 95
    assert every["mean_months"] == pytest.approx(13.7, rel=0.02)
    assert every["median_months"] == pytest.approx(5.3, rel=0.02)
    learning = old["sensitivity"]["all_conflicts"]["learning_rate"]
    sign = raw["sign_hazard_prior"]["sensitivity"]["all_conflicts"]["sign_hazard_prior"]
    assert learning == pytest.approx(1 / 13.7, rel=0.02)
    assert sign == pytest.approx(1 - math.exp(-math.log(2) / 5.3), rel=0.02)
    assert old["n"] == rates["sign_hazard_prior"].n == 84
    assert abs(old["point"] - learning) < 2 * old["dist"]["sd"]
    full = rates["sign_hazard_prior"]
    assert abs(full.point - sign) < 2 * full.dist["sd"]


def test_fitted_points_sit_in_calibration_bounds_as_values(
    rates: dict[str, TerminationRate],
) -> None:
    values: dict[str, Any] = {rate.calibrates: rate.point for rate in rates.values()}
    replace(DEFAULTS, **values)  # CalibrationValues validates every field against its bounds
