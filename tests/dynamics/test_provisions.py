"""Provision effects on relapse: the Weibull PH likelihood, the shipped fit and the multiplier."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from scipy import stats

from detente.dynamics.provisions import (
    PROVISIONS,
    ProvisionEffects,
    hazard_ratio,
    load_provision_effects,
    parse_provision_effects,
)
from detente.errors import InvalidParameterError
from detente.history.weibull_ph import fit_weibull_ph, weibull_ph_loglik

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src" / "detente" / "dynamics" / "data" / "provision_effects.json"
RAW_PAD = Path("/tmp/raw/pad.csv")
REFERENCE = ROOT.parent / "shared" / "reference" / "termination"


def _simulate(
    n: int, k: float, lam: float, beta: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weibull PH durations by inversion, S(t|z) = exp(-(t/lam)^k e^{beta'z}), with censoring."""
    rng = np.random.default_rng(seed)
    z = (rng.uniform(size=(n, beta.size)) < 0.4).astype(float)
    e = rng.exponential(size=n)  # -ln U
    t_event = lam * (e * np.exp(-(z @ beta))) ** (1.0 / k)
    t_cens = rng.uniform(0.5, 30.0, size=n)
    t = np.minimum(t_event, t_cens)
    return t, (t_event <= t_cens).astype(float), z


def test_the_fit_recovers_known_hazard_ratios() -> None:
    """Parameter recovery on 6,000 synthetic agreements: shape, scale and each log HR."""
    beta = np.array([-1.2, 0.7, 0.0, -0.4])
    t, d, z = _simulate(6000, 0.55, 12.0, beta, seed=3)
    f = fit_weibull_ph(t, d, z)
    assert f.shape == pytest.approx(0.55, abs=0.03)
    assert f.scale == pytest.approx(12.0, rel=0.15)
    assert f.beta == pytest.approx(beta, abs=0.1)
    # 5-year event probability for a unit with provisions 0 and 1: the model's own formula
    z1 = np.array([1.0, 1.0, 0.0, 0.0])
    want = 1 - math.exp(-((5 / 12.0) ** 0.55) * math.exp(-0.5))
    assert f.cdf(5.0, z1) == pytest.approx(want, abs=0.02)


def test_the_loglik_equals_scipys_weibull_density_and_survival() -> None:
    """ℓ = Σ d log f(t) + (1-d) log S(t), f and S from scipy's Weibull with scale λ e^{-β'z/k}."""
    t, d, z = _simulate(300, 0.7, 5.0, np.array([0.5, -0.8]), seed=4)
    k, lam, beta = 0.8, 4.0, np.array([0.3, -0.5])
    scale_i = lam * np.exp(-(z @ beta) / k)
    want = np.sum(
        np.where(
            d == 1,
            stats.weibull_min.logpdf(t, k, scale=scale_i),
            stats.weibull_min.logsf(t, k, scale=scale_i),
        )
    )
    assert weibull_ph_loglik(k, lam, beta, t, d, z) == pytest.approx(float(want), rel=1e-10)


def test_the_ridge_keeps_a_provision_without_endings_finite() -> None:
    """No ending among units with x = 1: the MLE runs to -inf, the ridge stops it at a finite
    negative value, and a stronger ridge pulls it nearer 0."""
    t, d, z = _simulate(400, 0.6, 8.0, np.array([0.0]), seed=5)
    d = np.where(z[:, 0] == 1, 0.0, d)
    weak = fit_weibull_ph(t, d, z, ridge=0.25)
    strong = fit_weibull_ph(t, d, z, ridge=4.0)
    assert -20 < weak.beta[0] < strong.beta[0] < 0


def test_the_fit_agrees_with_lifelines() -> None:
    """Cross-check (dev only): lifelines' WeibullAFTFitter; PH β = -k · AFT coefficient."""
    lifelines = pytest.importorskip("lifelines", reason="lifelines is a dev-only cross-check")
    import pandas as pd

    t, d, z = _simulate(1500, 0.6, 10.0, np.array([-0.9, 0.4]), seed=6)
    f = fit_weibull_ph(t, d, z)
    df = pd.DataFrame({"T": t, "E": d, "a": z[:, 0], "b": z[:, 1]})
    aft = lifelines.WeibullAFTFitter().fit(df, "T", "E")
    k = float(np.exp(aft.params_.loc[("rho_", "Intercept")]))
    gamma = aft.params_.loc["lambda_"][["a", "b"]].to_numpy()
    assert f.shape == pytest.approx(k, rel=1e-3)
    assert f.beta == pytest.approx(-k * gamma, abs=1e-3)
    assert f.loglik == pytest.approx(aft.log_likelihood_, abs=1e-3)


# --- the shipped file and the loader ---------------------------------------------------------


def test_the_shipped_file_matches_the_loaders_schema() -> None:
    fx = load_provision_effects()
    assert fx.names == PROVISIONS
    assert fx.log_hr.shape == (len(PROVISIONS),)
    assert fx.draws.shape == (200, len(PROVISIONS))
    assert fx.shape_draws.shape == fx.scale_draws.shape == (200,)
    assert 0.2 < fx.shape < 1.0  # a falling hazard (Fortna 2003), as relapse_shape
    prov = fx.meta["provenance"]
    for key in ("dataset", "commit", "licence", "script", "seed", "n_agreements", "n_conflicts"):
        assert prov[key], key
    assert prov["commit"] == "7d462275c55e245d0397045c82023e938b9a1768"
    assert prov["licence"] == "CC BY 4.0"
    assert prov["resamples"] >= 500
    assert prov["date_fitted"]
    for j, row in enumerate(fx.meta["provisions"]):
        assert row["name"] == PROVISIONS[j]
        assert row["log_hr"] == pytest.approx(fx.log_hr[j])
        lo, hi = row["hr_ci95"]
        assert lo <= row["hr"] <= hi
        assert 0 < row["n_with"] < prov["n_agreements"]
        assert row["meaning"]
    assert not fx.draws.flags.writeable


def test_the_loader_refuses_a_file_whose_names_or_shapes_do_not_match() -> None:
    doc = json.loads(SHIPPED.read_text(encoding="utf-8"))
    parse_provision_effects(doc)
    bad = {**doc, "names": list(reversed(doc["names"]))}
    with pytest.raises(InvalidParameterError, match="PROVISIONS"):
        parse_provision_effects(bad)
    short = {**doc, "draws": {**doc["draws"], "log_hr": doc["draws"]["log_hr"][:-1]}}
    with pytest.raises(InvalidParameterError, match="shapes"):
        parse_provision_effects(short)


def test_the_draws_carry_uncertainty() -> None:
    """Every provision's bootstrap draws spread, and the rows are joint resamples (correlated)."""
    fx = load_provision_effects()
    sd = fx.draws.std(axis=0)
    assert np.all(sd > 0.05)
    corr = np.corrcoef(fx.draws.T)
    off = corr[~np.eye(len(PROVISIONS), dtype=bool)]
    assert np.max(np.abs(off)) > 0.2  # independent shuffles per column would give ≈ 0
    assert fx.shape_draws.std() > 0


def _effects(log_hr: list[float], draws: np.ndarray) -> ProvisionEffects:
    fx = load_provision_effects()
    return replace(fx, log_hr=np.array(log_hr), draws=draws)


def test_hazard_ratio_multiplies_the_ratios_of_the_provisions_present() -> None:
    p = len(PROVISIONS)
    beta = np.linspace(-1.0, 0.8, p)
    fx = _effects(list(beta), np.zeros((3, p)))
    a = np.zeros(p, dtype=bool)
    a[[0, 3]] = True
    b = np.zeros(p, dtype=bool)
    b[[1, 6]] = True
    rows = np.array([np.zeros(p, dtype=bool), a, b, a | b])
    got = hazard_ratio(rows, effects=fx)
    assert got[0] == 1.0
    assert got[1] == pytest.approx(math.exp(beta[0]) * math.exp(beta[3]))
    assert got[3] == pytest.approx(got[1] * got[2])
    half = hazard_ratio(a[None, :] * 0.5, effects=fx)
    assert half[0] == pytest.approx(math.sqrt(got[1]))


def test_hazard_ratio_uses_the_requested_bootstrap_row() -> None:
    p = len(PROVISIONS)
    draws = np.array([np.full(p, -1.0), np.full(p, 0.5), np.zeros(p)])
    fx = _effects([0.1] * p, draws)
    z = np.zeros((3, p))
    z[:, 2] = 1.0
    got = hazard_ratio(z, np.array([0, 1, 2]), effects=fx)
    assert got == pytest.approx([math.exp(-1.0), math.exp(0.5), 1.0])
    assert hazard_ratio(z, effects=fx) == pytest.approx([math.exp(0.1)] * 3)
    with pytest.raises(InvalidParameterError, match="draw_index"):
        hazard_ratio(z, np.array([0, 1, 3]), effects=fx)
    with pytest.raises(InvalidParameterError, match="present"):
        hazard_ratio(np.zeros((3, p - 1)), effects=fx)


def test_the_shipped_ratios_reach_the_multiplier() -> None:
    """With the shipped fit, a deal with peacekeepers has the file's peacekeeping ratio."""
    fx = load_provision_effects()
    z = np.zeros((1, len(PROVISIONS)))
    z[0, PROVISIONS.index("peacekeepers")] = 1
    row = fx.meta["provisions"][PROVISIONS.index("peacekeepers")]
    assert hazard_ratio(z)[0] == pytest.approx(row["hr"], rel=1e-3)
    spread = hazard_ratio(np.repeat(z, fx.n_draws, 0), np.arange(fx.n_draws))
    assert spread.std() > 0.05


# --- the script on the real file ---------------------------------------------------------------


def _script() -> ModuleType:
    path = ROOT / "scripts" / "fit_provision_effects.py"
    spec = importlib.util.spec_from_file_location("fit_provision_effects", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_the_bootstrap_resamples_whole_conflicts() -> None:
    """Agreements of one conflict enter a resample together, as often as their conflict."""
    conflict = ["a", "a", "a", "b", "c", "c", "d"]
    seen = np.zeros(len(conflict))
    for idx in _script().cluster_resamples(conflict, 50, seed=1):
        counts = np.bincount(idx, minlength=len(conflict))
        assert counts[0] == counts[1] == counts[2]
        assert counts[4] == counts[5]
        assert counts.sum() == sum(counts[[0, 3, 4, 6]] * [3, 1, 2, 1])
        seen += counts > 0
    assert np.all(seen > 0)


@pytest.mark.skipif(
    not (RAW_PAD.is_file() and REFERENCE.is_dir()),
    reason=f"needs the raw PAD export {RAW_PAD} and the reference folder {REFERENCE} "
    "(outside CI: see scripts/fit_provision_effects.py for how to fetch it)",
)
def test_the_script_reproduces_the_shipped_point_estimates() -> None:
    got = _script().point_estimates(RAW_PAD)
    fx = load_provision_effects()
    assert tuple(got["names"]) == fx.names
    assert np.array(got["log_hr"]) == pytest.approx(fx.log_hr, rel=1e-5, abs=1e-6)
    assert got["shape"] == pytest.approx(fx.shape, rel=1e-5)
    assert got["scale"] == pytest.approx(fx.scale, rel=1e-5)
