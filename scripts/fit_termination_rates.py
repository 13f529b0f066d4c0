"""Fit six calibrated rates of the simulation on termination data, with bootstrap uncertainty.

The raw files stay outside the repository (they are not ours to vendor); this script turns them
into ``src/detente/dynamics/data/termination_rates.json``, which
``detente.dynamics.rates_data.load_termination_rates`` reads. Fetch the raw files, then run::

    git --git-dir=<mirror of bherbst5/peace-agreement-survival> show \\
        7d462275c55e245d0397045c82023e938b9a1768:modeling_pad_alone/PAD_final.xlsx \\
        > /tmp/raw/PAD_final.xlsx
    git --git-dir=<mirror of Bvlampe/CCIP_seminar_paper> show \\
        94f1fae74d64b0f2287a4782a55844d23547144f:ucdp-term-acd-3-2021.csv \\
        > /tmp/raw/ucdp-term-acd-3-2021.csv
    git --git-dir=<mirror of rjcarroll/shadow> show \\
        9ad65a6f944b80f96e9a5d4c0c14fa8d1e18a62f:data/raw/Inter-StateWarData_v4.0.csv \\
        > /tmp/raw/cow_inter.csv
    python scripts/fit_termination_rates.py --pad /tmp/raw/PAD_final.xlsx \\
        --ucdp /tmp/raw/ucdp-term-acd-3-2021.csv --cow /tmp/raw/cow_inter.csv

Reading the .xlsx needs openpyxl (any install, e.g. ``pip install --target /tmp/pylib openpyxl``
and ``PYTHONPATH=/tmp/pylib``); everything else is numpy and scipy. The raw files' SHA-256 must
match the ones recorded below (the JSON names the commits), else the script stops.

What is fitted (each rate's ``procedure`` in the JSON says the same, with its numbers). Every
main fit (``point``, ``dist``, ``bootstrap``) leaves out the backtest library's cases and the
held-out conflicts, so that the rates the backtest uses were never fitted on the outcomes it
scores: in PAD and UCDP Termination the conflicts in ``EXCLUDED`` of
scripts/build_reference_class.py (imported, the one list), in COW the inter-state wars that are
episodes of those conflicts (``COW_EXCLUDED``, by WarNum, with the names checked against the
file). The fit on all conflicts is kept under each rate's ``sensitivity`` as ``all_conflicts``.

* ``relapse_5y`` and ``relapse_shape`` (UCDP Peace Agreement Dataset v22.1): a Weibull
  survival model of the time from signing (``pa_date``) to the agreement's end (``duration``,
  an end date, where ``ended == 1``), right-censored at the data end 2021-12-31 for agreements
  still in force (``ended`` empty or 0), by maximum likelihood, with follow-up cut at
  ``WINDOW_YEARS`` = 5 years after signing (later endings censored at 5 years): detente pins
  its relapse curve at 5 years, and over the full 46 years the Weibull is pulled off the 5-year
  survival by the plateau of agreements that never end (that fit is recorded as a sensitivity).
  relapse_5y = 1 - exp(-(5/lambda)^k) in years. Five agreements are coded as ended but have no
  end date (all Mindanao FAB annexes, 2013-14); with more than 5 years of follow-up it is unknown
  whether they ended inside the window, so the 5-year fit drops them; the full-follow-up fit
  lets them enter interval-censored, ended somewhere in (signing, 2021-12-31].
* ``guarantee_hazard_ratio`` (PAD, the same sample, 5-year cut and exclusions): a Weibull
  proportional-hazards model h(t | x) = (k/lambda)(t/lambda)^(k-1) exp(beta x) by maximum
  likelihood, hazard ratio exp(beta), with one covariate x = ``pko``, the agreement provides for
  a peacekeeping operation: PAD's only coded third-party security provision (it has no
  guarantee indicator; ``pa_3rd`` names third-party signatories, a signature commits no one to
  enforce, so 'pko or a signatory', the signatory alone, 'pko or a guarantor named in
  ``pa_3rd``/``c_3rd``' and ``co_impl`` are sensitivities). detente bounds the ratio to (0, 1];
  an estimate above 1 is reported as such (``mle``) and ``point`` is the likelihood's maximum
  inside the bounds. An association, not an effect: guarantees go to the harder cases (Fortna
  2004).
* ``ceasefire_hazard_ratio`` (UCDP Conflict Termination v3-2021): conflict episodes ended by a
  ceasefire (outcome 2) against those ended by a peace agreement (outcome 1); recurrence = the
  next episode of the same conflict starts within 5 years of the end. Episodes that ended after
  2015-12-31 (less than 5 years of follow-up before the data end 2020-12-31) are dropped, and so
  are extrasystemic (colonial) conflicts, whose independence settlements cannot recur as the same
  conflict. Ratio of 5-year cumulative hazards -ln(1 - p_cf) / -ln(1 - p_pa).
* ``learning_rate`` and ``sign_hazard_prior`` (COW Inter-State War v4.0): per war, start = the
  earliest participant start, end = the latest participant end (over both spells), duration in
  months of 30.44 days; learning_rate = 1 / mean duration, sign_hazard_prior =
  1 - exp(-ln 2 / median duration).

Uncertainty: 2,000 bootstrap resamples of the unit of analysis (agreement, episode, war) with
numpy's default_rng(0), a fresh generator per data set; the distribution is fitted to the
draws by moments: ``beta`` (mean, sd) for rates in (0, 1), else ``normal`` truncated to the
rate's bounds in ``detente.scenario.schema.CALIBRATION_BOUNDS`` with (mean, sd) chosen so the
*truncated* distribution has the mean and sd of the draws inside those bounds (the truncation
rejects the others; only ceasefire_hazard_ratio, below 1, and guarantee_hazard_ratio, above 1,
have draws outside). Numbers are rounded
to 6 significant digits and the file carries no timestamp, so reruns are byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, stats

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "detente" / "dynamics" / "data" / "termination_rates.json"
sys.path.insert(0, str(Path(__file__).resolve().parent))
# The backtest library's and the held-out conflicts (UCDP conflict_id -> (why, name)): the one list
# of scripts/build_reference_class.py, excluded from every main fit below.
from build_reference_class import EXCLUDED  # noqa: E402

N_BOOT = 2000
SEED = 0
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = 30.44
PAD_END = date(2021, 12, 31)
UCDP_END = date(2020, 12, 31)
UCDP_LAST_END = date(UCDP_END.year - 5, 12, 31)  # latest end with 5 full years of follow-up
HORIZON_DAYS = 5 * DAYS_PER_YEAR
WINDOW_YEARS = 5.0  # follow-up of the Weibull fit (see fit_relapse)
GENERATED = "fixed: regenerate with scripts/fit_termination_rates.py (no timestamp, reproducible)"

FloatArray = NDArray[np.float64]

SOURCES: dict[str, dict[str, str]] = {
    "pad": {
        "dataset": "UCDP Peace Agreement Dataset (PAD)",
        "version": "22.1 (341 agreements 1975-2021; as PAD_final.xlsx of the copy below)",
        "copy": "github.com/bherbst5/peace-agreement-survival",
        "path": "modeling_pad_alone/PAD_final.xlsx",
        "commit": "7d462275c55e245d0397045c82023e938b9a1768",
        "licence": "CC BY 4.0",
        "attribution": (
            "Uppsala Conflict Data Program, UCDP Peace Agreement Dataset v22.1; Harbom, Lotta, "
            "Stina Högbladh & Peter Wallensteen (2006). Armed Conflict and Peace Agreements. "
            "Journal of Peace Research 43(5): 617-631; Pettersson, Therése, Stina Högbladh & "
            "Magnus Öberg (2019). Organized violence, 1989-2018 and peace agreements. Journal of "
            "Peace Research 56(4): 589-603."
        ),
        "raw_sha256": "c32f60b647869a06c4033368d178ce336672efdfe1fc8ccdfe892d653c3ab645",
    },
    "ucdp": {
        "dataset": "UCDP Conflict Termination Dataset",
        "version": "v3-2021 (conflict-year file ucdp-term-acd-3-2021.csv, 1946-2020)",
        "copy": "github.com/Bvlampe/CCIP_seminar_paper",
        "path": "ucdp-term-acd-3-2021.csv",
        "commit": "94f1fae74d64b0f2287a4782a55844d23547144f",
        "licence": "CC BY 4.0",
        "attribution": (
            "Kreutz, Joakim (2010). How and when armed conflicts end: Introducing the UCDP "
            "Conflict Termination dataset. Journal of Peace Research 47(2): 243-250. "
            "Uppsala Conflict Data Program."
        ),
        "raw_sha256": "dfa795ff1803df45bc27d0ba90c00cef9a87d9760aa5f691743ff69da8e3023e",
    },
    "cow": {
        "dataset": "Correlates of War Inter-State War Data",
        "version": "v4.0 (participant rows, 95 wars 1823-2003)",
        "copy": "github.com/rjcarroll/shadow",
        "path": "data/raw/Inter-StateWarData_v4.0.csv",
        "commit": "9ad65a6f944b80f96e9a5d4c0c14fa8d1e18a62f",
        "licence": "COW terms of use: free use with citation",
        "attribution": (
            "Sarkees, Meredith Reid & Frank Wayman (2010). Resort to War: 1816-2007. "
            "Washington DC: CQ Press. Correlates of War Project, Inter-State War Data v4.0."
        ),
        "raw_sha256": "c49b832a1a0139cd2601fff8361099c9fcb2642d640bc8ee28a481c16bc676f7",
    },
}

# COW inter-state wars that are episodes of a conflict in EXCLUDED, excluded from the COW fits:
# WarNum -> (WarName as in the COW file, checked when read; UCDP conflict_id in EXCLUDED). Not in
# COW v4.0 (its last war ends in 2003): Georgia 2008, Karabakh 2020, Donbas 2014, Russia-Ukraine
# 2022. The Vietnam War's Phase 1 (1960-65) is COW intra-state war 748, not in this file. The
# other excluded conflicts are intrastate and have no inter-state war. The Sinai (Suez) War of
# 1956 (WarNum 155) is UCDP conflict 252, not 11343, so it stays in.
COW_EXCLUDED: dict[int, tuple[str, int]] = {
    151: ("Korean", 235),
    163: ("Vietnam War, Phase 2", 293),
    169: ("Six Day War", 11343),
    172: ("War of Attrition", 11343),
    181: ("Yom Kippur War", 11343),
    184: ("Turco-Cypriot", 323),
    199: ("Iran-Iraq", 324),
    202: ("Falkland Islands", 346),
    215: ("Bosnian Independence", 389),
    216: ("Azeri-Armenian", 388),
    225: ("Invasion of Afghanistan", 333),
}
assert all(cid in EXCLUDED for _, cid in COW_EXCLUDED.values())

BACKTEST_NOTE = (
    "so that the rates the backtest uses were never fitted on the outcomes it scores (the "
    "all-conflicts fit is kept under 'sensitivity' as 'all_conflicts')"
)


def ucdp_excluded_text(present: set[int]) -> str:
    """The excluded UCDP conflicts, for a source's 'excluded' entry (absent ones marked)."""
    return "; ".join(
        f"{cid} {name} [{why}]" + ("" if cid in present else " (not in this file)")
        for cid, (why, name) in EXCLUDED.items()
    )


def cow_excluded_text() -> str:
    return "; ".join(
        f"WarNum {num} {name} [UCDP {cid}: {EXCLUDED[cid][0]}]"
        for num, (name, cid) in COW_EXCLUDED.items()
    )


def with_excluded(key: str, text: str) -> dict[str, str]:
    return {**SOURCES[key], "excluded": text}


# Rate -> bounds as in detente.scenario.schema.CALIBRATION_BOUNDS of the field it calibrates
# (duplicated so the script runs without the package; tests/dynamics/test_rates_data.py checks
# every fitted distribution against the package's own bounds).
NORMAL_BOUNDS: dict[str, tuple[float | None, float | None]] = {
    "relapse_shape": (0.0, 3.0),
    "ceasefire_hazard_ratio": (1.0, None),
    "guarantee_hazard_ratio": (0.01, 1.0),  # schema (0, 1]; 0.01 keeps the draws off 0
}


def sig(x: float, digits: int = 6) -> float:
    """``x`` rounded to ``digits`` significant digits (stable JSON across platforms)."""
    return float(f"{x:.{digits}g}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _iso(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.strptime(str(value).strip()[:10], "%Y-%m-%d").date()


def _dmy(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


# --- bootstrap and distribution fitting ------------------------------------------------------


def bootstrap(
    n: int, statistic: Callable[[NDArray[np.intp]], FloatArray], *, clusters: Sequence[str] = ()
) -> FloatArray:
    """``N_BOOT`` values of ``statistic(indices)``, resampling units (or whole clusters)."""
    rng = np.random.default_rng(SEED)
    if not clusters:
        return np.array([statistic(rng.integers(0, n, size=n)) for _ in range(N_BOOT)])
    names = sorted(set(clusters))
    members = [np.array([i for i, c in enumerate(clusters) if c == name]) for name in names]
    out = []
    for _ in range(N_BOOT):
        pick = rng.integers(0, len(names), size=len(names))
        out.append(statistic(np.concatenate([members[j] for j in pick])))
    return np.array(out)


def summary(draws: FloatArray) -> dict[str, float]:
    q05, q50, q95 = np.quantile(draws, [0.05, 0.5, 0.95])
    return {
        "mean": sig(float(draws.mean())),
        "sd": sig(float(draws.std(ddof=1))),
        "q05": sig(float(q05)),
        "q50": sig(float(q50)),
        "q95": sig(float(q95)),
    }


def beta_dist(draws: FloatArray) -> dict[str, Any]:
    m, s = float(draws.mean()), float(draws.std(ddof=1))
    if not (0 < m < 1 and 0 < s**2 < m * (1 - m)):
        msg = f"draws (mean {m}, sd {s}) admit no beta distribution"
        raise ValueError(msg)
    return {"dist": "beta", "mean": sig(m), "sd": sig(s)}


def truncated_normal_dist(
    draws: FloatArray, low: float | None, high: float | None
) -> dict[str, Any]:
    """Normal truncated to [low, high] whose truncated mean and sd are those of the draws inside
    [low, high] (detente's truncation rejects the others, so they are left out here too)."""
    lo = -math.inf if low is None else low
    hi = math.inf if high is None else high
    inside = draws[(draws >= lo) & (draws <= hi)]
    m, s = float(inside.mean()), float(inside.std(ddof=1))

    def moments(theta: FloatArray) -> tuple[float, float]:
        mu, sd = float(theta[0]), math.exp(float(theta[1]))
        a, b = (lo - mu) / sd, (hi - mu) / sd
        mean, var = stats.truncnorm.stats(a, b, loc=mu, scale=sd, moments="mv")
        return float(mean), math.sqrt(float(var))

    def residual(theta: FloatArray) -> list[float]:
        mean, sd = moments(theta)
        return [(mean - m) / s, (sd - s) / s]

    fit = optimize.least_squares(residual, x0=np.array([m, math.log(s)]), xtol=1e-14, ftol=1e-14)
    got_mean, got_sd = moments(fit.x)
    if abs(got_mean - m) > 1e-6 * s or abs(got_sd - s) > 1e-6 * s:
        msg = f"no truncated normal on [{lo}, {hi}] has mean {m} and sd {s}"
        raise ValueError(msg)
    out: dict[str, Any] = {
        "dist": "normal",
        "mean": sig(float(fit.x[0])),
        "sd": sig(math.exp(float(fit.x[1]))),
    }
    if low is not None:
        out["low"] = low
    if high is not None:
        out["high"] = high
    return out


def dist_check(dist: dict[str, Any]) -> dict[str, float]:
    """Mean, sd and 5/50/95 % quantiles of a fitted distribution (to compare with the draws)."""
    frozen: Any
    if dist["dist"] == "beta":
        m, s = dist["mean"], dist["sd"]
        c = m * (1 - m) / s**2 - 1
        frozen = stats.beta(m * c, (1 - m) * c)
    else:
        lo = -math.inf if dist.get("low") is None else dist["low"]
        hi = math.inf if dist.get("high") is None else dist["high"]
        mu, sd = dist["mean"], dist["sd"]
        frozen = stats.truncnorm((lo - mu) / sd, (hi - mu) / sd, loc=mu, scale=sd)
    q05, q50, q95 = frozen.ppf([0.05, 0.5, 0.95])
    return {
        "mean": sig(float(frozen.mean())),
        "sd": sig(float(frozen.std())),
        "q05": sig(float(q05)),
        "q50": sig(float(q50)),
        "q95": sig(float(q95)),
    }


# --- 1. PAD: Weibull survival of peace agreements -------------------------------------------


@dataclass(frozen=True)
class Agreements:
    """Per agreement: time in years, status (1 ended, 0 in force, 2 ended at unknown date)."""

    years: FloatArray
    status: NDArray[np.int64]
    conflict: list[str]
    pa_type: NDArray[np.int64]
    pko: NDArray[np.int64]
    third_party: NDArray[np.bool_]  # 'pa_3rd' names a third-party signatory
    named_guarantor: NDArray[np.bool_]  # 'pa_3rd' or 'c_3rd' calls a third party a guarantor
    co_impl: NDArray[np.int64]


def read_pad(path: Path) -> Agreements:
    import openpyxl  # type: ignore[import-untyped]  # only this reader needs it

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = [str(h).strip() for h in next(rows)]
    names = ("paid", "pa_date", "ended", "duration", "conflict_id", "pa_type", "pko")
    col = {name: header.index(name) for name in (*names, "pa_3rd", "c_3rd", "co_impl")}
    years, status, conflict, pa_type, pko = [], [], [], [], []
    third, guarantor, co_impl = [], [], []
    for row in rows:
        if row[col["paid"]] is None:
            continue
        signed = _iso(row[col["pa_date"]])
        ended = row[col["ended"]] == 1
        end_cell = row[col["duration"]]
        if ended and end_cell not in (None, ""):
            years.append((_iso(end_cell) - signed).days / DAYS_PER_YEAR)
            status.append(1)
        else:  # in force at the data end, or ended at a date the data do not give
            years.append((PAD_END - signed).days / DAYS_PER_YEAR)
            status.append(2 if ended else 0)
        conflict.append(str(row[col["conflict_id"]]).replace(" ", ""))
        pa_type.append(int(row[col["pa_type"]]))
        pko.append(int(row[col["pko"]]))
        signatories = str(row[col["pa_3rd"]] or "").strip()
        third.append(bool(signatories))
        comment = str(row[col["c_3rd"]] or "")
        guarantor.append("guarant" in f"{signatories} {comment}".lower())
        co_impl.append(int(row[col["co_impl"]]))
    wb.close()
    return Agreements(
        np.array(years, dtype=float),
        np.array(status),
        conflict,
        np.array(pa_type),
        np.array(pko),
        np.array(third, dtype=bool),
        np.array(guarantor, dtype=bool),
        np.array(co_impl),
    )


def weibull_nll(theta: FloatArray, t: FloatArray, status: NDArray[np.int64]) -> float:
    """Negative log-likelihood of Weibull(shape k = e^theta0, scale lambda = e^theta1)."""
    k, lam = math.exp(float(theta[0])), math.exp(float(theta[1]))
    z = (t / lam) ** k
    ev, cens, interval = status == 1, status == 0, status == 2
    ll = np.sum(math.log(k) - math.log(lam) + (k - 1) * np.log(t[ev] / lam) - z[ev])
    ll -= np.sum(z[cens])
    ll += np.sum(np.log(-np.expm1(-z[interval])))
    return float(-ll)


def fit_weibull(
    t: FloatArray, status: NDArray[np.int64], start: FloatArray | None = None
) -> tuple[float, float]:
    """(shape k, scale lambda in years) by maximum likelihood."""
    x0 = np.array([0.0, math.log(float(np.mean(t)))]) if start is None else start
    res = optimize.minimize(
        weibull_nll,
        x0,
        args=(t, status),
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000, "maxfev": 40000},
    )
    if not res.success:
        msg = f"Weibull fit did not converge: {res.message}"
        raise RuntimeError(msg)
    return math.exp(float(res.x[0])), math.exp(float(res.x[1]))


def weibull_cdf(years: float, k: float, lam: float) -> float:
    return 1.0 - math.exp(-((years / lam) ** k))


def kaplan_meier(t: FloatArray, event: NDArray[np.bool_], at: float) -> float:
    """Kaplan-Meier S(at); ``event`` False = censored."""
    s = 1.0
    for u in np.unique(t[event & (t <= at)]):
        d = np.sum(event & (t == u))
        s *= 1.0 - d / np.sum(t >= u)
    return float(s)


def windowed(
    t: FloatArray, status: NDArray[np.int64], window: float | None
) -> tuple[FloatArray, NDArray[np.int64], NDArray[np.bool_]]:
    """Follow-up cut at ``window`` years (None: to the data end), and the agreements kept.

    Endings after the window become censored at it; agreements ended at an unknown date whose
    follow-up runs past the window are dropped (whether they ended inside it is unknown).
    """
    if window is None:
        return t, status, np.ones(len(t), dtype=bool)
    keep = ~((status == 2) & (t > window))
    st = np.where((status == 1) & (t > window), 0, status)
    return np.minimum(t, window)[keep], st[keep], keep


def conflict_ids(pad: Agreements) -> list[set[int]]:
    """Each agreement's UCDP conflict_ids ('conflict_id' may list several)."""
    return [{int(c) for c in cid.split(",")} for cid in pad.conflict]


def backtest_mask(pad: Agreements) -> NDArray[np.bool_]:
    """Agreements of a backtest or held-out conflict (EXCLUDED), left out of the main fits."""
    return np.array([bool(c & set(EXCLUDED)) for c in conflict_ids(pad)])


def fit_relapse(pad: Agreements) -> tuple[dict[str, Any], dict[str, Any], float]:
    ids = conflict_ids(pad)
    in_backtest = backtest_mask(pad)
    base = ~in_backtest  # the main fit: agreements of no backtest or held-out conflict
    t_all, st_all = pad.years[base], pad.status[base]
    t, st, keep = windowed(t_all, st_all, WINDOW_YEARS)
    conflict = [c for c, b in zip(pad.conflict, base, strict=True) if b]
    conflict = [c for c, kept in zip(conflict, keep, strict=True) if kept]
    k, lam = fit_weibull(t, st)
    start = np.array([math.log(k), math.log(lam)])

    def both(idx: NDArray[np.intp]) -> FloatArray:
        kb, lb = fit_weibull(t[idx], st[idx], start)
        return np.array([kb, weibull_cdf(5.0, kb, lb)])

    draws = bootstrap(len(t), both)
    clustered = bootstrap(len(t), both, clusters=conflict)
    corr = float(np.corrcoef(draws[:, 0], draws[:, 1])[0, 1])

    def variant(mask: NDArray[np.bool_], window: float | None) -> dict[str, float]:
        """The fit on the agreements in ``mask`` (over all of PAD), follow-up cut at ``window``."""
        tv, sv, _ = windowed(pad.years[mask], pad.status[mask], window)
        ks, ls = fit_weibull(tv, sv, start)
        return {
            "n": len(tv),
            "relapse_5y": sig(weibull_cdf(5.0, ks, ls)),
            "relapse_shape": sig(ks),
            "S1": sig(1 - weibull_cdf(1.0, ks, ls), 4),
        }

    variants = {
        "full_follow_up_to_2021_12_31": variant(base, None),
        "full_follow_up_undated_endings_dropped": variant(base & (pad.status != 2), None),
        "full_agreements_only_pa_type_1": variant(base & (pad.pa_type == 1), WINDOW_YEARS),
        "no_peacekeeping_operation_pko_0": variant(base & (pad.pko == 0), WINDOW_YEARS),
        "all_conflicts": variant(np.ones(len(pad.years), dtype=bool), WINDOW_YEARS),
    }
    n_ev, n_cens = int(np.sum(st == 1)), int(np.sum(st == 0))
    n_late = int(np.sum((st_all == 1) & (t_all > WINDOW_YEARS)))
    full = variants["full_follow_up_to_2021_12_31"]
    dated = st_all != 2
    km = [kaplan_meier(t_all[dated], st_all[dated] == 1, y) for y in (1.0, 5.0, 0.25)]
    every = pad.status != 2
    km_all = [kaplan_meier(pad.years[every], pad.status[every] == 1, y) for y in (1.0, 5.0)]
    present = set().union(*ids)
    hit = sorted(set(EXCLUDED) & present)
    everyone = variants["all_conflicts"]
    common = (
        f"Unit: peace agreement (PAD v22.1, {len(pad.years)} agreements). Excluded: the "
        f"{int(in_backtest.sum())} agreements of the backtest library's cases and held-out "
        f"conflicts (the {len(EXCLUDED)} UCDP conflict_ids of scripts/build_reference_class.py, "
        f"listed under source 'excluded'; {len(hit)} of them are in PAD: "
        f"{', '.join(str(c) for c in hit)}), {BACKTEST_NOTE}: with them, n = "
        f"{everyone['n']}, relapse_5y = {everyone['relapse_5y']:.3g}, k = "
        f"{everyone['relapse_shape']:.3g}. The other {len(t_all)} agreements: time = end date "
        "('duration', where 'ended' == 1) minus signing date ('pa_date'), in years of 365.25 "
        "days; agreements in force (ended empty or 0) are right-censored at the data end "
        f"2021-12-31, and all follow-up is cut at {WINDOW_YEARS:g} years after signing (the "
        f"{n_late} later endings count as censored at {WINDOW_YEARS:g} years), because detente "
        "pins its relapse curve at 5 years and a Weibull fitted over the full 46 years is "
        "dragged by the long plateau of agreements that never end: that fit (k = "
        f"{full['relapse_shape']:.3g}, relapse_5y = {full['relapse_5y']:.3g}, S(5) "
        f"{1 - full['relapse_5y']:.3f} against Kaplan-Meier {km[1]:.3f}) is kept under "
        "'sensitivity'. "
        f"The {int(np.sum(st_all == 2))} agreements coded ended without an end date (Mindanao "
        "FAB annexes 2013-14, over 5 years of follow-up) are dropped from the 5-year fit (their "
        f"ending may fall after it). Fitted: n = {len(t)} agreements, {n_ev} endings within 5 "
        f"years, {n_cens} censored. Weibull S(t) = exp(-(t/lambda)^k) by maximum likelihood "
        f"(Nelder-Mead on log k, log lambda): k = {k:.4g}, lambda = {lam:.4g} years. 'Ended' is "
        "PAD's coding that the agreement ceased to be in force (the comments in 'c_duration' "
        "name renewed fighting, a party withdrawing, talks broken off), not always that war "
        "resumed. Approximation, plainly: PAD pools full, "
        "partial and peace-process agreements, with and without third-party guarantees, "
        "peacekeepers or a shifting balance of power, nearly all ending intrastate conflicts, "
        "so this is the relapse of 'an agreement' on average, while detente's relapse_5y is "
        "defined for an unguaranteed settlement with no power shift within every public's "
        "tolerance. The Weibull still underfits the first year (S(1) "
        f"{1 - weibull_cdf(1.0, k, lam):.3f} against Kaplan-Meier {km[0]:.3f}; Kaplan-Meier "
        f"S(0.25) {km[2]:.3f}): many agreements fail within weeks, which detente's immediate "
        "undoing by spoilers (P_impl) can carry instead. "
        f"Bootstrap: {N_BOOT} resamples of agreements (numpy default_rng({SEED})), both "
        f"rates from the same refits (their correlation is {corr:.3f}); resampling whole "
        "conflicts instead (agreements of one conflict often end together) gives sd "
        f"{float(clustered[:, 1].std(ddof=1)):.3g} for relapse_5y and "
        f"{float(clustered[:, 0].std(ddof=1)):.3g} for the shape."
    )
    check = {
        "published": "reference figures (PAD, all agreements): in force after 1 year 77 %, "
        "after 5 years 68 %",
        "kaplan_meier_S1_S5_all_conflicts": [sig(km_all[0], 4), sig(km_all[1], 4)],
        "kaplan_meier_S1_S5": [sig(km[0], 4), sig(km[1], 4)],
        "weibull_S1_S5": [
            sig(1 - weibull_cdf(1.0, k, lam), 4),
            sig(1 - weibull_cdf(5.0, k, lam), 4),
        ],
    }

    def rate(
        name: str, column: int, point: float, dist: dict[str, Any], what: str
    ) -> dict[str, Any]:
        return {
            "calibrates": name,
            "point": sig(point),
            "dist": dist,
            "n": len(t),
            "n_events": n_ev,
            "procedure": what + common,
            "source": with_excluded("pad", ucdp_excluded_text(present)),
            "bootstrap": {
                "resamples": N_BOOT,
                "seed": SEED,
                "unit": "agreement",
                **summary(draws[:, column]),
            },
            "check": check,
            "sensitivity": {
                "bootstrap_by_conflict_sd": sig(float(clustered[:, column].std(ddof=1))),
                **{key: {"n": v["n"], name: v[name]} for key, v in variants.items()},
            },
        }

    r5 = rate(
        "relapse_5y",
        1,
        weibull_cdf(5.0, k, lam),
        beta_dist(draws[:, 1]),
        "relapse_5y = 1 - exp(-(5/lambda)^k), P(an agreement ends within 5 years of signing). ",
    )
    shape = rate(
        "relapse_shape",
        0,
        k,
        truncated_normal_dist(draws[:, 0], *NORMAL_BOUNDS["relapse_shape"]),
        "relapse_shape = the Weibull shape k (< 1: the hazard falls with time since signing). ",
    )
    return r5, shape, corr


# --- 1b. PAD: the hazard ratio of a third-party (peacekeeping) provision ---------------------


def weibull_ph_nll(
    theta: FloatArray, t: FloatArray, status: NDArray[np.int64], x: FloatArray
) -> float:
    """Negative log-likelihood of the Weibull proportional-hazards model
    S(t | x) = exp(-(t/lambda)^k e^(beta x)), theta = (log k, log lambda, beta)."""
    k, lam, b = math.exp(float(theta[0])), math.exp(float(theta[1])), float(theta[2])
    z = (t / lam) ** k * np.exp(b * x)
    ev, cens, interval = status == 1, status == 0, status == 2
    ll = np.sum(math.log(k) - math.log(lam) + (k - 1) * np.log(t[ev] / lam) + b * x[ev] - z[ev])
    ll -= np.sum(z[cens])
    ll += np.sum(np.log(-np.expm1(-z[interval])))
    return float(-ll)


def fit_weibull_ph(
    t: FloatArray, status: NDArray[np.int64], x: FloatArray, start: FloatArray
) -> tuple[float, float, float]:
    """(shape k, scale lambda in years, beta) by maximum likelihood; hazard ratio = e^beta."""
    ended = status != 0
    if not (np.any(ended & (x == 1)) and np.any(ended & (x == 0))):
        msg = "no ending in one group: the hazard ratio has no finite maximum-likelihood estimate"
        raise ValueError(msg)
    res = optimize.minimize(
        weibull_ph_nll,
        start,
        args=(t, status, x),
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000, "maxfev": 40000},
    )
    if not res.success:
        msg = f"Weibull proportional-hazards fit did not converge: {res.message}"
        raise RuntimeError(msg)
    return math.exp(float(res.x[0])), math.exp(float(res.x[1])), float(res.x[2])


def fit_guarantee(pad: Agreements) -> dict[str, Any]:
    """guarantee_hazard_ratio: Weibull PH on PAD with one covariate, the agreement's
    peacekeeping provision ('pko'); the sample, 5-year cut and exclusions of relapse_5y."""
    base = ~backtest_mask(pad)
    low, high = NORMAL_BOUNDS["guarantee_hazard_ratio"]
    assert low is not None
    assert high is not None

    def sample(
        mask: NDArray[np.bool_], covariate: NDArray[np.bool_], window: float | None
    ) -> tuple[FloatArray, NDArray[np.int64], FloatArray, list[str]]:
        tv, sv, keep = windowed(pad.years[mask], pad.status[mask], window)
        names = [c for c, m in zip(pad.conflict, mask, strict=True) if m]
        xv = covariate[mask][keep].astype(float)
        return tv, sv, xv, [c for c, kept in zip(names, keep, strict=True) if kept]

    def fit(tv: FloatArray, sv: NDArray[np.int64], xv: FloatArray) -> tuple[float, ...]:
        k0, lam0 = fit_weibull(tv, sv)
        return fit_weibull_ph(tv, sv, xv, np.array([math.log(k0), math.log(lam0), 0.0]))

    pko = pad.pko == 1
    t, st, x, conflict = sample(base, pko, WINDOW_YEARS)
    k, lam, beta = fit(t, st, x)
    mle = math.exp(beta)
    point = min(mle, high)  # the likelihood's maximum inside detente's bounds (0, 1]
    start = np.array([math.log(k), math.log(lam), beta])

    def stat(idx: NDArray[np.intp]) -> FloatArray:
        return np.array(math.exp(fit_weibull_ph(t[idx], st[idx], x[idx], start)[2]))

    draws = bootstrap(len(t), stat)
    clustered = bootstrap(len(t), stat, clusters=conflict)
    dist = truncated_normal_dist(draws, low, high)
    inside = draws[(draws >= low) & (draws <= high)]

    def variant(
        mask: NDArray[np.bool_], covariate: NDArray[np.bool_], window: float | None = WINDOW_YEARS
    ) -> dict[str, float]:
        tv, sv, xv, _ = sample(mask, covariate, window)
        with_ = xv == 1
        return {
            "n": len(tv),
            "n_with": int(with_.sum()),
            "n_events_with": int(np.sum((sv == 1) & with_)),
            "n_events_without": int(np.sum((sv == 1) & ~with_)),
            "guarantee_hazard_ratio": sig(math.exp(fit(tv, sv, xv)[2])),
        }

    every = np.ones(len(pad.years), dtype=bool)
    variants = {
        "either_pko_or_third_party_signatory_pa_3rd": variant(base, pko | pad.third_party),
        "third_party_signatory_pa_3rd": variant(base, pad.third_party),
        "pko_or_guarantor_named_in_pa_3rd_c_3rd": variant(base, pko | pad.named_guarantor),
        "implementation_commission_co_impl": variant(base, pad.co_impl == 1),
        "full_agreements_only_pa_type_1": variant(base & (pad.pa_type == 1), pko),
        "full_follow_up_to_2021_12_31": variant(base, pko, None),
        "all_conflicts": variant(every, pko),
    }
    n_with = int(x.sum())
    ev = st == 1
    ev_with, ev_without = int(np.sum(ev & (x == 1))), int(np.sum(ev & (x == 0)))
    km_with = kaplan_meier(t[x == 1], ev[x == 1], 5.0)
    km_without = kaplan_meier(t[x == 0], ev[x == 0], 5.0)
    s5 = math.exp(-((5.0 / lam) ** k))
    n_guarantor = int(np.sum(pad.named_guarantor))
    n_undated = int(np.sum(base & (pad.status == 2) & (pad.years > WINDOW_YEARS)))
    n_third = int(np.sum(pad.third_party))
    either = variants["either_pko_or_third_party_signatory_pa_3rd"]
    third = variants["third_party_signatory_pa_3rd"]
    named = variants["pko_or_guarantor_named_in_pa_3rd_c_3rd"]
    commission = variants["implementation_commission_co_impl"]
    full_pa = variants["full_agreements_only_pa_type_1"]
    full = variants["full_follow_up_to_2021_12_31"]
    everyone = variants["all_conflicts"]
    above = float(np.mean(draws > high))
    if mle > high:
        verdict = (
            "The estimate is above 1: in these data agreements with a peacekeeping provision "
            "ended about as often as those without, and PAD gives no sign that such a provision "
            "protects. detente's bounds allow only a ratio in (0, 1] (a guarantee never raises "
            "the hazard; CALIBRATION_BOUNDS), and they are kept: 'point' is the maximum of the "
            "likelihood inside them, the bound 1 itself (no effect), while 'mle' keeps the "
            f"unconstrained {mle:.4g}; nothing is pulled towards detente's prior default 0.25 "
            "(Fortna 2004; Walter 2002). "
        )
    else:
        verdict = f"'point' is the MLE {mle:.4g}, inside detente's bounds (0, 1]. "
    procedure = (
        "guarantee_hazard_ratio = exp(beta), the ratio of the relapse hazards of agreements with "
        "and without a third-party peacekeeping provision, in a Weibull proportional-hazards "
        "model h(t | x) = (k/lambda)(t/lambda)^(k-1) exp(beta x) with one covariate x, on the "
        "sample of relapse_5y (PAD v22.1; time from 'pa_date' to the end date 'duration' where "
        f"'ended' == 1, right-censored at 2021-12-31, follow-up cut at {WINDOW_YEARS:g} years, "
        f"the {n_undated} endings without a date dropped; see relapse_5y). Excluded: the "
        f"{int(np.sum(~base))} agreements of the backtest library's cases and held-out "
        f"conflicts (listed under source 'excluded'), {BACKTEST_NOTE}. detente reads "
        "it as the hazard ratio of a fully credible guarantee (guarantee = 1) against none. "
        "Covariate: PAD's 'pko' (1 = the agreement provides for the deployment of a "
        "peacekeeping operation), the only coded third-party security provision in PAD v22.1. "
        "PAD has no guarantee indicator: 'pa_3rd' is free text naming the agreement's "
        "third-party signatories (mediators, witnesses, hosts; "
        f"{n_third} of the {len(pad.years)} agreements name one), and a signature is no "
        "commitment to enforce; only "
        f"{n_guarantor} agreements call a third party a guarantor in 'pa_3rd' or the comment "
        "'c_3rd'; 'co_impl' is a commission to oversee implementation, not necessarily of "
        "third parties; 'intgov' is the rebels' integration into government, not an "
        "international role. So x = pko, and 'pko or a third-party signatory' (the 'either' "
        "rule; hazard ratio "
        f"{either['guarantee_hazard_ratio']:.3g}, {either['n_with']} of {either['n']} with), "
        f"the signatory alone ({third['guarantee_hazard_ratio']:.3g}), 'pko or a named "
        f"guarantor' ({named['guarantee_hazard_ratio']:.3g}, {named['n_with']} with) and "
        f"co_impl ({commission['guarantee_hazard_ratio']:.3g}) are under 'sensitivity', with "
        f"full agreements only ({full_pa['guarantee_hazard_ratio']:.3g}, n = {full_pa['n']}), "
        f"the full follow-up ({full['guarantee_hazard_ratio']:.3g}) and all conflicts "
        f"({everyone['guarantee_hazard_ratio']:.3g}, n = {everyone['n']}). "
        f"Fitted: n = {len(t)} agreements, {n_with} with a peacekeeping provision "
        f"({ev_with} endings within 5 years), {len(t) - n_with} without ({ev_without} endings); "
        "maximum likelihood (Nelder-Mead on log k, log lambda, beta, from the fit without the "
        f"covariate): beta = {beta:.4g}, k = {k:.4g}, lambda = {lam:.4g} years (5-year relapse "
        f"without the provision {1 - s5:.3f}); hazard ratio {mle:.4g}. Kaplan-Meier 5-year "
        f"survival {km_with:.3f} with the provision, {km_without:.3f} without. "
        + verdict
        + "An association, not an effect: peacekeepers and guarantees go to the harder cases "
        "(Fortna 2004: uncontrolled comparisons understate what peacekeeping does, and its "
        "protective effect shows once how hard the peace is to keep is controlled for; PAD "
        "records nothing of that here), PAD codes the provision in the text, not whether a "
        "force deployed, with what mandate and strength, nor how credible the commitment was "
        "(under detente's model a commitment of credibility g < 1 shows as the ratio to the "
        "power g, nearer 1 than that of a fully credible one), and agreements of one conflict "
        f"share their fate. Bootstrap: {N_BOOT} resamples of agreements (numpy "
        f"default_rng({SEED}), the resamples of relapse_5y), the model refitted on each: "
        f"median {float(np.median(draws)):.3g}, 5-95 % {float(np.quantile(draws, 0.05)):.3g}-"
        f"{float(np.quantile(draws, 0.95)):.3g}, {above:.1%} of the draws above 1. 'dist' is "
        f"the normal truncated to [{low:g}, {high:g}] ({low:g} keeps the draws off 0, which "
        "detente excludes) whose truncated mean and sd are those of the draws inside it (mean "
        f"{float(inside.mean()):.3g}, sd {float(inside.std(ddof=1)):.3g}), the rule of every "
        "truncated normal here: detente's truncation rejects the others. Resampling whole "
        f"conflicts instead gives sd {float(clustered.std(ddof=1)):.3g} (agreements' "
        f"{float(draws.std(ddof=1)):.3g})."
    )
    present = set().union(*conflict_ids(pad))
    return {
        "calibrates": "guarantee_hazard_ratio",
        "point": sig(point),
        "mle": sig(mle),
        "dist": dist,
        "n": len(t),
        "n_events": int(ev.sum()),
        "n_with": n_with,
        "n_without": len(t) - n_with,
        "covariate": "pko",
        "procedure": procedure,
        "source": with_excluded("pad", ucdp_excluded_text(present)),
        "bootstrap": {"resamples": N_BOOT, "seed": SEED, "unit": "agreement", **summary(draws)},
        "check": {
            "published": "reference figures: Fortna 2004 (civil wars 1944-97, with controls "
            "for how hard the peace is): peacekeeping cuts the hazard of renewed war by about "
            "75-85 %; detente's prior default 0.25",
            "kaplan_meier_S5_with_without": [sig(km_with, 4), sig(km_without, 4)],
            "n_events_with_without": [ev_with, ev_without],
        },
        "sensitivity": {
            "bootstrap_by_conflict_sd": sig(float(clustered.std(ddof=1))),
            **variants,
        },
    }


# --- 2. UCDP termination: recurrence after ceasefires and peace agreements ------------------


@dataclass(frozen=True)
class Ending:
    conflict_id: int
    conflict_type: int  # type_of_conflict2: 1 extrasystemic, 2 interstate, 3 intrastate
    outcome: int
    end: date
    next_start: date | None  # start of the conflict's next episode, if any


def read_endings(path: Path) -> list[Ending]:
    """Every ended episode with the start of its conflict's next episode.

    Episodes are split as in scripts/build_reference_class.py: rows after a ``confterm == 1``
    row that keep the old ``conflictep_id`` (ten 2020 reactivations) form a new episode.
    """
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_ep: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_ep.setdefault(row["conflictep_id"], []).append(row)
    by_conflict: dict[int, list[list[dict[str, str]]]] = {}
    for _, ep_rows in sorted(by_ep.items(), key=lambda kv: int(kv[0])):
        ep_rows.sort(key=lambda r: int(r["year"]))
        segment: list[dict[str, str]] = []
        for row in ep_rows:
            segment.append(row)
            if row["confterm"] == "1":
                by_conflict.setdefault(int(row["conflict_id"]), []).append(segment)
                segment = []
        if segment:
            by_conflict.setdefault(int(segment[0]["conflict_id"]), []).append(segment)
    out: list[Ending] = []
    for cid, segments in sorted(by_conflict.items()):
        segments.sort(key=lambda s: (int(s[0]["year"]), _dmy(s[0]["start_date2"])))
        for i, seg in enumerate(segments):
            last = seg[-1]
            if last["confterm"] != "1":
                continue
            nxt = _dmy(segments[i + 1][0]["start_date2"]) if i + 1 < len(segments) else None
            out.append(
                Ending(
                    cid,
                    int(seg[0]["type_of_conflict2"]),
                    int(float(last["outcome"])),
                    _dmy(last["ependdate"]),
                    nxt,
                )
            )
    return out


def recurred(e: Ending) -> bool:
    return e.next_start is not None and (e.next_start - e.end).days <= HORIZON_DAYS


def hazard_ratio(recur: NDArray[np.bool_], ceasefire: NDArray[np.bool_]) -> float:
    p_cf, p_pa = recur[ceasefire].mean(), recur[~ceasefire].mean()
    return float(math.log1p(-p_cf) / math.log1p(-p_pa))


def fit_ceasefire(endings: list[Ending]) -> dict[str, Any]:
    def select(with_extrasystemic: bool, all_conflicts: bool) -> list[Ending]:
        return [
            e
            for e in endings
            if e.outcome in (1, 2)
            and e.end <= UCDP_LAST_END
            and (with_extrasystemic or e.conflict_type != 1)
            and (all_conflicts or e.conflict_id not in EXCLUDED)
        ]

    def arrays(sel: list[Ending]) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        return np.array([recurred(e) for e in sel]), np.array([e.outcome == 2 for e in sel])

    sel = select(with_extrasystemic=False, all_conflicts=False)
    recur, cf = arrays(sel)
    point = hazard_ratio(recur, cf)
    p_cf, p_pa = float(recur[cf].mean()), float(recur[~cf].mean())
    pool = [e for e in endings if e.outcome in (1, 2) and e.conflict_id not in EXCLUDED]
    n_backtest = sum(
        1
        for e in endings
        if e.outcome in (1, 2) and e.conflict_id in EXCLUDED and e.end <= UCDP_LAST_END
    )
    late = [e for e in pool if e.end > UCDP_LAST_END and e.conflict_type != 1]
    n_late, n_late_cf = len(late), sum(1 for e in late if e.outcome == 2)
    sys_eps = [e for e in pool if e.end <= UCDP_LAST_END and e.conflict_type == 1]
    n_sys, n_sys_rec = len(sys_eps), sum(1 for e in sys_eps if recurred(e))

    def stat(idx: NDArray[np.intp]) -> FloatArray:
        return np.array(hazard_ratio(recur[idx], cf[idx]))

    draws = bootstrap(len(sel), stat)
    clustered = bootstrap(len(sel), stat, clusters=[str(e.conflict_id) for e in sel])

    def variant(with_extrasystemic: bool, all_conflicts: bool) -> dict[str, float]:
        r, c = arrays(select(with_extrasystemic, all_conflicts))
        return {
            "n": len(r),
            "p_ceasefire": sig(float(r[c].mean()), 4),
            "p_peace_agreement": sig(float(r[~c].mean()), 4),
            "ceasefire_hazard_ratio": sig(hazard_ratio(r, c)),
        }

    n_cf, n_pa = int(cf.sum()), int((~cf).sum())
    low, _ = NORMAL_BOUNDS["ceasefire_hazard_ratio"]
    inside = draws if low is None else draws[draws >= low]  # what detente's truncation keeps
    everyone, extra = variant(False, True), variant(True, False)
    return {
        "calibrates": "ceasefire_hazard_ratio",
        "point": sig(point),
        "dist": truncated_normal_dist(draws, *NORMAL_BOUNDS["ceasefire_hazard_ratio"]),
        "n": len(sel),
        "n_events": int(recur.sum()),
        "procedure": (
            "Unit: conflict episode (UCDP Conflict Termination v3-2021) that ended by a ceasefire "
            "agreement (outcome 2) or a peace agreement (outcome 1). Recurrence = the next "
            "episode of the same conflict_id starts (start_date2) within 5 years (1826.25 days) "
            "of the end (ependdate). Episodes are split as in scripts/build_reference_class.py. "
            f"Excluded: the {n_backtest} such episodes (with 5 years of follow-up) of the "
            "backtest library's cases and held-out conflicts (the "
            f"{len(EXCLUDED)} UCDP conflict_ids of scripts/build_reference_class.py, listed "
            f"under source 'excluded'), {BACKTEST_NOTE}: with them, n = {everyone['n']} and "
            f"the ratio is {everyone['ceasefire_hazard_ratio']:.3g}. "
            f"Also dropped: episodes that ended after 2015-12-31 ({n_late}; less than 5 years of "
            f"follow-up before the data end 2020-12-31; {n_late_cf} of them ceasefires) and "
            "extrasystemic "
            f"(colonial) conflicts ({n_sys}; independence settlements cannot recur as the same "
            f"conflict; {n_sys_rec} of them recurred). Kept: {n_cf} ceasefire episodes, {p_cf:.1%} "
            f"recurred; {n_pa} peace-agreement episodes, {p_pa:.1%} recurred. Ratio of the "
            "5-year cumulative hazards -ln(1 - p_ceasefire) / -ln(1 - p_peace_agreement), i.e. a "
            "proportional-hazards reading of two 5-year proportions. A peace agreement here is "
            "any comprehensive or partial agreement UCDP records as ending the episode; neither "
            "group is adjusted for guarantees, peacekeepers or conflict type. "
            f"Bootstrap: {N_BOOT} resamples of episodes (numpy default_rng({SEED})); "
            f"{float(np.mean(draws < 1.0)):.1%} of the draws fall below 1, the bound detente "
            "imposes (a bare ceasefire is no safer than a settlement); no normal truncated at 1 "
            f"has all the draws' mean {float(draws.mean()):.3g} and sd "
            f"{float(draws.std(ddof=1)):.3g} (the sd exceeds the mean's distance from the bound, "
            "the exponential limit), so 'dist' is the normal truncated at 1 with the mean "
            f"{float(inside.mean()):.3g} and sd {float(inside.std(ddof=1)):.3g} of the draws at "
            "or above 1, the ones detente's truncation keeps (median "
            f"{float(np.median(inside)):.3g}, 5-95 % {float(np.quantile(inside, 0.05)):.3g}-"
            f"{float(np.quantile(inside, 0.95)):.3g}; see 'dist_moments'). The draws are skewed "
            "to the right, so its location ('mean' of the untruncated normal) is below 1: its "
            "density falls from the bound."
        ),
        "source": with_excluded("ucdp", ucdp_excluded_text({e.conflict_id for e in endings})),
        "bootstrap": {"resamples": N_BOOT, "seed": SEED, "unit": "episode", **summary(draws)},
        "check": {
            "published": "reference figures (UCDP termination): recurrence within 5 years after "
            "a peace agreement 21 %, after a ceasefire 38 % (all conflicts, all conflict types)",
            "all_conflicts_all_conflict_types": variant(True, True),
        },
        "sensitivity": {
            "bootstrap_by_conflict_sd": sig(float(clustered.std(ddof=1))),
            "all_conflict_types_incl_extrasystemic": extra["ceasefire_hazard_ratio"],
            "all_conflicts": everyone["ceasefire_hazard_ratio"],
            "n_by_subset": {
                "all_conflict_types_incl_extrasystemic": extra["n"],
                "all_conflicts": everyone["n"],
            },
        },
    }


# --- 3, 4. COW inter-state wars: durations ---------------------------------------------------


def read_cow(path: Path) -> dict[int, tuple[str, float]]:
    """WarNum -> (WarName, duration in months: earliest participant start to latest end)."""
    wars: dict[int, tuple[date, date]] = {}
    names: dict[int, str] = {}
    with path.open(newline="", encoding="latin-1") as fh:
        for row in csv.DictReader(fh):

            def day(prefix: str, spell: int, r: dict[str, str] = row) -> date | None:
                y, m, d = (int(r[f"{prefix}{part}{spell}"]) for part in ("Year", "Month", "Day"))
                if min(y, m, d) < 0:  # -7/-8/-9: no such spell or unknown
                    return None
                return date(y, m, d)

            start = day("Start", 1)
            ends = [e for e in (day("End", 1), day("End", 2)) if e is not None]
            if start is None or not ends:
                msg = f"war {row['WarNum']}: participant without a complete first spell"
                raise ValueError(msg)
            num = int(row["WarNum"])
            names[num] = row["WarName"].strip()
            s0, e0 = wars.get(num, (start, max(ends)))
            wars[num] = (min(s0, start), max(e0, *ends))
    for num, (name, _) in COW_EXCLUDED.items():
        if names.get(num) != name:
            msg = f"COW war {num} is {names.get(num)!r} in {path}, not {name!r} (COW_EXCLUDED)"
            raise ValueError(msg)
    return {
        num: (names[num], (e - s).days / DAYS_PER_MONTH) for num, (s, e) in sorted(wars.items())
    }


def fit_cow(wars: dict[int, tuple[str, float]]) -> tuple[dict[str, Any], dict[str, Any]]:
    every = np.array([m for _, m in wars.values()])
    months = np.array([m for num, (_, m) in wars.items() if num not in COW_EXCLUDED])
    gone = {num: wars[num] for num in COW_EXCLUDED}
    n = len(months)
    mean, median = float(months.mean()), float(np.median(months))
    mean_all, median_all = float(every.mean()), float(np.median(every))

    def learn(idx: NDArray[np.intp]) -> FloatArray:
        return np.array(1.0 / months[idx].mean())

    def sign(idx: NDArray[np.intp]) -> FloatArray:
        return np.array(-math.expm1(-math.log(2.0) / float(np.median(months[idx]))))

    def hazard(lo: float, hi: float) -> float:
        """Empirical monthly hazard of ending in (lo, hi]: endings over war-months at risk."""
        exposure = float(np.sum(np.clip(months, lo, hi) - lo))
        return float(np.sum((months > lo) & (months <= hi))) / exposure

    listed = ", ".join(f"{num} {name} ({m:.3g} months)" for num, (name, m) in gone.items())
    unit = (
        f"Unit: inter-state war (COW v4.0, {len(wars)} wars). Excluded: the {len(gone)} wars "
        "of the backtest library's cases and held-out conflicts, those that are episodes of "
        "the UCDP conflicts of scripts/build_reference_class.py (WarNum, name, duration: "
        f"{listed}; which case each belongs to is under source 'excluded'), {BACKTEST_NOTE}: "
        f"with them, n = {len(every)}, mean {mean_all:.4g} and median {median_all:.4g} months, "
        f"learning_rate {1.0 / mean_all:.4g}, sign_hazard_prior "
        f"{-math.expm1(-math.log(2.0) / median_all):.4g}. Not in COW v4.0: Georgia 2008, "
        "Karabakh 2020, Donbas 2014, Russia-Ukraine 2022; the Vietnam War's Phase 1 is a COW "
        f"intra-state war. Fitted: n = {n} wars; per war, start = the earliest participant "
        "start, end = the latest participant end over both spells (gaps inside a war count), "
        f"duration in months of {DAYS_PER_MONTH} days: mean {mean:.4g}, median {median:.4g}. "
        f"Bootstrap: {N_BOOT} resamples of wars (numpy default_rng({SEED}))."
    )

    def shares(x: FloatArray) -> dict[str, float]:
        return {f"ended_within_{m}m": sig(float(np.mean(x <= m)), 3) for m in (1, 3, 6, 12, 24)}

    check = {
        "published": "reference figures (COW, all wars): median duration ≈ 5.3 months, mean ≈ "
        "13.7; ended within 1/3/6/12/24 months: 15 / 36 / 53 / 68 / 85 %",
        "all_conflicts": {
            "n": len(every),
            "mean_months": sig(mean_all, 4),
            "median_months": sig(median_all, 4),
            **shares(every),
        },
        "mean_months": sig(mean, 4),
        "median_months": sig(median, 4),
        **shares(months),
    }
    source = with_excluded("cow", cow_excluded_text())
    draws_l, draws_s = bootstrap(n, learn), bootstrap(n, sign)
    learning = {
        "calibrates": "learning_rate",
        "point": sig(1.0 / mean),
        "dist": beta_dist(draws_l),
        "n": n,
        "n_events": n,
        "procedure": "learning_rate = 1 / mean war duration in months: the mean duration read as "
        "the e-folding time of the sides' disagreement (Slantchev 2003; Smith & Stam 2004). "
        + unit,
        "source": source,
        "bootstrap": {"resamples": N_BOOT, "seed": SEED, "unit": "war", **summary(draws_l)},
        "check": check,
        "sensitivity": {"all_conflicts": {"n": len(every), "learning_rate": sig(1.0 / mean_all)}},
    }
    prior = {
        "calibrates": "sign_hazard",
        "point": sig(-math.expm1(-math.log(2.0) / median)),
        "dist": beta_dist(draws_s),
        "n": n,
        "n_events": n,
        "procedure": "sign_hazard_prior = 1 - exp(-ln 2 / median war duration in months): the "
        "monthly hazard of a constant-hazard process with COW's median duration. A prior for "
        "the signing hazard once a zone of agreement exists and every veto player is at the "
        "table, not a fit of it: wars also end by victory or collapse, and the hazard of ending "
        f"falls with elapsed time (here {hazard(0, 1):.3f} a month in the first month, "
        f"{hazard(24, 48):.3f} in months 24-48). The median "
        "moves in steps between a few wars' durations, so the bootstrap distribution is lumpy. "
        + unit,
        "source": source,
        "bootstrap": {"resamples": N_BOOT, "seed": SEED, "unit": "war", **summary(draws_s)},
        "check": check,
        "sensitivity": {
            "all_conflicts": {
                "n": len(every),
                "sign_hazard_prior": sig(-math.expm1(-math.log(2.0) / median_all)),
            }
        },
    }
    return learning, prior


# --- main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pad", type=Path, required=True, help="PAD_final.xlsx")
    parser.add_argument("--ucdp", type=Path, required=True, help="ucdp-term-acd-3-2021.csv")
    parser.add_argument("--cow", type=Path, required=True, help="Inter-StateWarData_v4.0.csv")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    for key, path in (("pad", args.pad), ("ucdp", args.ucdp), ("cow", args.cow)):
        got = sha256(path)
        if got != SOURCES[key]["raw_sha256"]:
            msg = f"{path}: sha256 {got} is not the recorded {SOURCES[key]['raw_sha256']}"
            raise SystemExit(msg)

    pad = read_pad(args.pad)
    relapse_5y, relapse_shape, corr = fit_relapse(pad)
    guarantee = fit_guarantee(pad)
    ceasefire = fit_ceasefire(read_endings(args.ucdp))
    learning, sign_prior = fit_cow(read_cow(args.cow))
    doc: dict[str, Any] = {
        "about": (
            "Calibrated rates of detente's simulation fitted on termination data, each with its "
            "procedure, data, n, point estimate and a distribution in detente's Uncertain "
            "vocabulary fitted by moments to bootstrap draws (beta for rates in (0, 1); else a "
            "normal truncated to the rate's CALIBRATION_BOUNDS whose truncated mean and sd are "
            "those of the draws inside the bounds). 'calibrates' names the CalibrationValues "
            "field. Every main fit excludes the backtest library's cases and the held-out "
            "conflicts (each source's 'excluded'), so that the rates the backtest uses were "
            "never fitted on the outcomes it scores; the fit on all conflicts is each rate's "
            "sensitivity 'all_conflicts'."
        ),
        "generated": GENERATED,
        "bootstrap": {"resamples": N_BOOT, "seed": SEED, "rng": "numpy.random.default_rng"},
        "rates": {
            "relapse_5y": relapse_5y,
            "relapse_shape": relapse_shape,
            "guarantee_hazard_ratio": guarantee,
            "ceasefire_hazard_ratio": ceasefire,
            "sign_hazard_prior": sign_prior,
        },
        "correlations": {
            "relapse_5y~relapse_shape": {
                "pearson": sig(corr, 4),
                "note": "bootstrap correlation of the two Weibull rates (same refits); sample "
                "them jointly (a copula) to keep it",
            }
        },
    }
    for rate in doc["rates"].values():
        rate["dist_moments"] = dist_check(rate["dist"])
    learning["dist_moments"] = dist_check(learning["dist"])
    doc["superseded"] = {
        "note": "learning_rate is no longer a rate of the simulation (issue 12: beliefs update "
        "by Bayes' rule from battles, weighed by belief_strength, fitted on the case library); "
        "its COW fit is kept here as a record of mean inter-state war duration, never drawn",
        "learning_rate": learning,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, rate in doc["rates"].items():
        print(f"{name:24s} point {rate['point']:<10g} dist {rate['dist']}  n {rate['n']}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
