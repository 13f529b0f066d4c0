"""Fit the relapse hazard ratio of each provision of a peace agreement, with bootstrap draws.

Issue 13, durability from the terms: what a deal contains should move how long it holds
(Fortna 2003, 2004: the strength of the agreement; Walter 2002: third-party guarantees;
Hartzell & Hoddie 2003: power-sharing and military integration). This script fits that on the
UCDP Peace Agreement Dataset (PAD v22.1; Högbladh 2011 for the dataset's construction) and
writes ``src/detente/dynamics/data/provision_effects.json``, which
``detente.dynamics.provisions.load_provision_effects`` reads. The raw file stays outside the
repository; fetch it (see scripts/fit_termination_rates.py) and run::

    python scripts/fit_provision_effects.py /tmp/raw/PAD_final.xlsx   # needs openpyxl
    python scripts/fit_provision_effects.py /tmp/raw/pad.csv           # the same sheet as CSV

Either file must have one of the SHA-256 sums in ``RAW_SHA256`` (the .xlsx of the recorded
commit, or its CSV export), else the script stops.

Model: Weibull proportional hazards, h(t | z) = (k/lambda)(t/lambda)^(k-1) exp(beta'z), t in
years from signing ('pa_date') to the agreement's end ('duration', a date, where 'ended' == 1),
right-censored at the data end 2021-12-31 for agreements still in force, follow-up cut at
5 years (the sample, window and exclusions of ``relapse_5y`` in termination_rates.json, so that
the ratios multiply that baseline consistently: the backtest's and held-out conflicts are left
out). z = the indicators of ``PROVISIONS`` below. Maximum likelihood with a weak ridge (a
normal prior of sd ``PRIOR_SD`` on each log hazard ratio, fixed before fitting) so a resample
that leaves a rare provision without endings stays finite; the unpenalised fit is recorded.
Uncertainty: ``N_BOOT`` resamples of whole conflicts (agreements of one conflict share their
fate), numpy default_rng(``SEED``); the first ``N_SHIP`` resamples are shipped as joint draws.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "detente" / "dynamics" / "data" / "provision_effects.json"
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "src"))
from build_reference_class import EXCLUDED  # noqa: E402  (the one list of excluded conflicts)

from detente.history.weibull_ph import WeibullPHFit, fit_weibull_ph  # noqa: E402

SEED = 13
N_BOOT = 1000
N_SHIP = 200
PRIOR_SD = 2.0  # sd of the normal prior on each log hazard ratio: e^±4 covers 95 %
RIDGE = 1.0 / PRIOR_SD**2
WINDOW_YEARS = 5.0
DAYS_PER_YEAR = 365.25
PAD_END = date(2021, 12, 31)
SCRIPT = "scripts/fit_provision_effects.py"

RAW_SHA256 = {
    "c32f60b647869a06c4033368d178ce336672efdfe1fc8ccdfe892d653c3ab645": "PAD_final.xlsx",
    "80d4d152af6d1fbd9cd8360b6c101255fbeeb12a53f7b33f55556a3efd9a299b": "pad.csv (a CSV export of "
    "the same sheet, every column)",
}
SOURCE = {
    "dataset": "UCDP Peace Agreement Dataset (PAD)",
    "version": "22.1 (341 agreements 1975-2021; as PAD_final.xlsx of the copy below)",
    "copy": "github.com/bherbst5/peace-agreement-survival",
    "path": "modeling_pad_alone/PAD_final.xlsx",
    "commit": "7d462275c55e245d0397045c82023e938b9a1768",
    "licence": "CC BY 4.0",
    "attribution": (
        "Uppsala Conflict Data Program, UCDP Peace Agreement Dataset v22.1; Högbladh, Stina "
        "(2011). Peace agreements 1975-2011 - Updating the UCDP Peace Agreement dataset. In "
        "Pettersson & Themnér (eds.), States in Armed Conflict 2011, Uppsala University, "
        "Department of Peace and Conflict Research Report 99; Harbom, Lotta, Stina Högbladh & "
        "Peter Wallensteen (2006). Armed Conflict and Peace Agreements. Journal of Peace "
        "Research 43(5): 617-631; codebook: Högbladh, Stina (2022). UCDP Peace Agreement "
        "Dataset Codebook v 22.1."
    ),
}


@dataclass(frozen=True)
class Provision:
    name: str
    columns: tuple[str, ...]
    rule: str
    meaning: str


# detente's vocabulary -> PAD columns. The meanings paraphrase the PAD codebook's variable list
# (Högbladh 2022; Harbom, Högbladh & Wallensteen 2006), checked against the agreements' comments.
PROVISIONS: tuple[Provision, ...] = (
    Provision(
        "ceasefire_provision",
        ("cease",),
        "cease == 1",
        "the agreement contains a ceasefire (cessation of hostilities), a military provision",
    ),
    Provision(
        "peacekeepers",
        ("pko",),
        "pko == 1",
        "the agreement provides for the deployment of a peacekeeping operation (in the text: "
        "not whether it deployed, nor its mandate or size)",
    ),
    Provision(
        "third_party_guarantee",
        ("pa_3rd",),
        "pa_3rd non-empty",
        "a third party (state, UN, regional organisation, individual) signed, witnessed, "
        "mediated or guaranteed the agreement: pa_3rd is free text naming them. PAD has no "
        "guarantee indicator; this is the nearest coded field, and weaker than a guarantee "
        "(a signature or mediation commits no one to enforce). Only 11 agreements call a "
        "third party a guarantor in pa_3rd or c_3rd (too few to fit: see sensitivity)",
    ),
    Provision(
        "withdrawal",
        ("withd",),
        "withd == 1",
        "withdrawal of foreign forces",
    ),
    Provision(
        "military_integration_or_ddr",
        ("intarmy", "ddr"),
        "intarmy == 1 or ddr == 1",
        "integration of the rebels into the national army (intarmy) or disarmament, "
        "demobilisation and reintegration of combatants (ddr): Hartzell & Hoddie's military "
        "power-sharing and the disarmament that makes a side vulnerable (Walter 2002)",
    ),
    Provision(
        "demarcation",
        ("demarcation",),
        "demarcation == 1",
        "border demarcation (a territorial provision: the line is to be drawn or a commission "
        "set up to draw it). PAD codes no demilitarised zone; a demarcated line is its nearest "
        "proxy for a separation of forces on a defined line. Rare: 7 of 341 agreements",
    ),
    Provision(
        "implementation_commission",
        ("co_impl",),
        "co_impl == 1",
        "the agreement sets up a commission or committee to oversee (monitor) its "
        "implementation; its members may be the parties alone or include third parties",
    ),
    Provision(
        "referendum",
        ("ref",),
        "ref == 1",
        "a referendum on the future status of a disputed territory",
    ),
    Provision(
        "elections",
        ("elections",),
        "elections == 1",
        "elections or electoral reform",
    ),
)
NAMES: tuple[str, ...] = tuple(p.name for p in PROVISIONS)

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Agreements:
    """One row per agreement; status 1 ended (dated), 0 in force, 2 ended at an unknown date."""

    years: FloatArray
    status: NDArray[np.int64]
    conflict: list[str]
    z: FloatArray  # (n, len(PROVISIONS)) indicators
    named_guarantor: NDArray[np.bool_]
    pa_type: NDArray[np.int64]


def sig(x: float, digits: int = 6) -> float:
    """``x`` to ``digits`` significant digits (stable JSON across platforms)."""
    return float(f"{x:.{digits}g}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    """The sheet's rows as dicts with stripped header names ('ref ' -> 'ref')."""
    if path.suffix.lower() == ".xlsx":
        import openpyxl  # type: ignore[import-untyped]  # only the .xlsx reader needs it

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        it = wb.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() for h in next(it)]
        for row in it:
            yield dict(zip(header, row, strict=False))
        wb.close()
        return
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            yield {str(k).strip(): (None if v == "" else v) for k, v in row.items()}


def _date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.strptime(str(value).strip()[:10], "%Y-%m-%d").date()


def _flag(value: object) -> int:
    """0/1 from an int, a float ('1.0') or empty (0)."""
    if value is None or str(value).strip() == "":
        return 0
    return int(float(str(value)))


def read_pad(path: Path) -> Agreements:
    years, status, conflict, z, guarantor, pa_type = [], [], [], [], [], []
    for row in _rows(path):
        if row.get("paid") in (None, ""):
            continue
        signed = _date(row["pa_date"])
        ended = _flag(row["ended"]) == 1
        if ended and row["duration"] not in (None, ""):
            years.append((_date(row["duration"]) - signed).days / DAYS_PER_YEAR)
            status.append(1)
        else:  # in force at the data end, or ended at a date the data do not give
            years.append((PAD_END - signed).days / DAYS_PER_YEAR)
            status.append(2 if ended else 0)
        conflict.append(str(row["conflict_id"]).replace(" ", ""))
        third = str(row["pa_3rd"] or "").strip()
        cells = []
        for p in PROVISIONS:
            if p.columns == ("pa_3rd",):
                cells.append(float(bool(third)))
            else:
                cells.append(float(any(_flag(row[c]) == 1 for c in p.columns)))
        z.append(cells)
        guarantor.append("guarant" in f"{third} {row['c_3rd'] or ''}".lower())
        pa_type.append(_flag(row["pa_type"]))
    return Agreements(
        np.array(years, dtype=float),
        np.array(status, dtype=np.int64),
        conflict,
        np.array(z, dtype=float),
        np.array(guarantor, dtype=bool),
        np.array(pa_type, dtype=np.int64),
    )


@dataclass(frozen=True)
class Sample:
    t: FloatArray
    event: FloatArray
    z: FloatArray
    conflict: list[str]
    n_late: int  # endings after the window, censored at it


def sample(pad: Agreements, mask: NDArray[np.bool_], window: float | None) -> Sample:
    """Agreements in ``mask``, follow-up cut at ``window`` years (None: to the data end).

    Undated endings whose follow-up runs past the window are dropped (whether they ended inside
    it is unknown); inside the full follow-up they are dropped too (this model is right-censored
    only; the 5 such agreements are all Mindanao FAB annexes of 2013-14).
    """
    t, st = pad.years[mask], pad.status[mask]
    keep = st != 2
    if window is not None:
        late = (st == 1) & (t > window)
        st = np.where(late, 0, st)
        t = np.minimum(t, window)
    else:
        late = np.zeros(len(t), dtype=bool)
    names = [c for c, m in zip(pad.conflict, mask, strict=True) if m]
    return Sample(
        t[keep],
        (st[keep] == 1).astype(float),
        pad.z[mask][keep],
        [c for c, k in zip(names, keep, strict=True) if k],
        int(late.sum()),
    )


def backtest_mask(pad: Agreements) -> NDArray[np.bool_]:
    """Agreements of a backtest or held-out conflict (``EXCLUDED``; a row may list several)."""
    return np.array(
        [bool({int(c) for c in cid.split(",")} & set(EXCLUDED)) for cid in pad.conflict]
    )


def fit(s: Sample, ridge: float = RIDGE, start: FloatArray | None = None) -> WeibullPHFit:
    return fit_weibull_ph(s.t, s.event, s.z, ridge=ridge, start=start)


def cluster_resamples(
    conflict: Sequence[str], n_boot: int, seed: int
) -> Iterator[NDArray[np.intp]]:
    """Row indices of ``n_boot`` resamples that draw whole conflicts with replacement (as many
    conflicts as there are): an agreement enters as often as its conflict is drawn."""
    rng = np.random.default_rng(seed)
    names = sorted(set(conflict))
    members = [np.flatnonzero(np.array(conflict) == name) for name in names]
    for _ in range(n_boot):
        yield np.concatenate([members[j] for j in rng.integers(0, len(names), size=len(names))])


def cluster_bootstrap(s: Sample, point: WeibullPHFit) -> FloatArray:
    """``N_BOOT`` rows (ln k, ln lambda, beta...) refitted on resamples of whole conflicts."""
    start = np.concatenate(([np.log(point.shape), np.log(point.scale)], point.beta))
    out = np.empty((N_BOOT, 2 + len(NAMES)))
    for b, idx in enumerate(cluster_resamples(s.conflict, N_BOOT, SEED)):
        f = fit_weibull_ph(s.t[idx], s.event[idx], s.z[idx], ridge=RIDGE, start=start)
        out[b] = np.concatenate(([np.log(f.shape), np.log(f.scale)], f.beta))
    return out


def main_sample(pad: Agreements) -> Sample:
    return sample(pad, ~backtest_mask(pad), WINDOW_YEARS)


def point_estimates(path: Path) -> dict[str, Any]:
    """The point fit on a raw file: names, log hazard ratios, shape, scale (the test re-runs it)."""
    f = fit(main_sample(read_pad(path)))
    return {"names": list(NAMES), "log_hr": f.beta.tolist(), "shape": f.shape, "scale": f.scale}


def _one_covariate(s: Sample, x: NDArray[np.bool_]) -> float:
    f = fit_weibull_ph(s.t, s.event, x.astype(float)[:, None], ridge=0.0)
    return float(np.exp(f.beta[0]))


def build(path: Path, fitted_on: str) -> dict[str, Any]:
    pad = read_pad(path)
    excluded = backtest_mask(pad)
    s = main_sample(pad)
    point = fit(s)
    unpen = fit(s, ridge=0.0)
    null = fit_weibull_ph(s.t, s.event, np.zeros((len(s.t), 0)))
    draws = cluster_bootstrap(s, point)
    beta_draws = draws[:, 2:]
    lo, hi = np.quantile(beta_draws, [0.025, 0.975], axis=0)
    zbar = s.z.mean(axis=0)

    def r5(k: float, lam: float, lp: float = 0.0) -> float:
        return float(-np.expm1(-((WINDOW_YEARS / lam) ** k) * np.exp(lp)))

    r5_draws = -np.expm1(-((WINDOW_YEARS / np.exp(draws[:, 1])) ** np.exp(draws[:, 0])))
    table = []
    for j, p in enumerate(PROVISIONS):
        has = s.z[:, j] == 1
        # With no ending among the agreements that have it (or none among the others) the
        # likelihood keeps rising as the ratio goes to 0 (or infinity): only the prior stops it.
        identified = bool(s.event[has].sum() > 0 and s.event[~has].sum() > 0)
        table.append(
            {
                "name": p.name,
                "pad_columns": list(p.columns),
                "rule": p.rule,
                "meaning": p.meaning,
                "n_with": int(has.sum()),
                "n_events_with": int(s.event[has].sum()),
                "n_events_without": int(s.event[~has].sum()),
                "log_hr": sig(float(point.beta[j])),
                "hr": sig(float(np.exp(point.beta[j])), 4),
                "hr_ci95": [sig(float(np.exp(lo[j])), 4), sig(float(np.exp(hi[j])), 4)],
                "identified": identified,
                "hr_unpenalised": sig(float(np.exp(unpen.beta[j])), 4) if identified else None,
                "hr_one_covariate": sig(_one_covariate(s, has), 4) if identified else None,
                "bootstrap_sd_log_hr": sig(float(beta_draws[:, j].std(ddof=1)), 4),
                "p_hr_below_1": sig(float(np.mean(beta_draws[:, j] < 0)), 3),
            }
        )

    def variant(mask: NDArray[np.bool_], window: float | None) -> dict[str, Any]:
        v = sample(pad, mask, window)
        fv = fit(v)
        return {
            "n": len(v.t),
            "n_events": int(v.event.sum()),
            "hr": {n: sig(float(np.exp(b)), 4) for n, b in zip(NAMES, fv.beta, strict=True)},
        }

    every = np.ones(len(pad.years), dtype=bool)
    g = s.z[:, NAMES.index("third_party_guarantee")]
    guarantor = sample(pad, ~excluded, WINDOW_YEARS)
    named = pad.named_guarantor[~excluded][pad.status[~excluded] != 2]
    n_conflicts = len(set(s.conflict))
    lr = 2.0 * (point.loglik - null.loglik)
    return {
        "about": (
            "Relapse hazard ratios of peace-agreement provisions: a Weibull proportional-hazards "
            "model h(t|z) = (k/lambda)(t/lambda)^(k-1) exp(beta'z) of the time from signing to "
            "the agreement's end (UCDP PAD v22.1, years, right-censored, follow-up cut at 5 "
            "years), z = the provision indicators in 'names'. 'log_hr' is the point estimate, "
            "'draws' are joint cluster-bootstrap refits (whole conflicts resampled; one row = "
            "one resample, so the provisions' correlations are kept). PAD's 'ended' means the "
            "agreement ceased to be in force (renewed fighting, a party withdrawing, talks "
            "broken off), a proxy for, not the same as, war resuming. Associations, not "
            "effects: provisions are written into the harder cases (Fortna 2004). A provision "
            "with 'identified' false has no ending among the agreements that carry it: the "
            "likelihood keeps rising as its ratio goes to 0 and the value shown is where the "
            "prior (sd 2 on the log ratio) stops it: read it as 'low, size unknown'."
        ),
        "names": list(NAMES),
        "log_hr": [sig(float(b)) for b in point.beta],
        "draws": {
            "n": N_SHIP,
            "what": f"the first {N_SHIP} of the {N_BOOT} cluster-bootstrap resamples; per row "
            "the shape k, scale lambda (years) and log hazard ratios of one refit",
            "log_hr": [[sig(float(x)) for x in row] for row in beta_draws[:N_SHIP]],
            "shape": [sig(float(np.exp(x))) for x in draws[:N_SHIP, 0]],
            "scale": [sig(float(np.exp(x))) for x in draws[:N_SHIP, 1]],
        },
        "model": {
            "equation": "h(t|z) = (k/lambda) (t/lambda)^(k-1) exp(beta'z), t in years",
            "estimator": "maximum penalised likelihood (BFGS with the analytic gradient on "
            f"ln k, ln lambda, beta), ridge {RIDGE:g} on beta only = a normal prior of sd "
            f"{PRIOR_SD:g} on each log hazard ratio, fixed before fitting",
            "window_years": WINDOW_YEARS,
            "shape": sig(point.shape),
            "scale": sig(point.scale),
            "shape_ci95": [
                sig(float(np.exp(q)), 4) for q in np.quantile(draws[:, 0], [0.025, 0.975])
            ],
            "baseline_relapse_5y": sig(r5(point.shape, point.scale)),
            "baseline_relapse_5y_ci95": [
                sig(float(q), 4) for q in np.quantile(r5_draws, [0.025, 0.975])
            ],
            "baseline_note": "baseline = an agreement with none of the provisions (z = 0); "
            "relapse_5y = 1 - exp(-(5/lambda)^k)",
            "relapse_5y_at_mean_z": sig(r5(point.shape, point.scale, float(zbar @ point.beta))),
            "loglik": sig(point.loglik, 8),
            "loglik_unpenalised_fit": sig(unpen.loglik, 8),
            "loglik_no_covariates": sig(null.loglik, 8),
            "likelihood_ratio_chi2": sig(lr, 4),
            "likelihood_ratio_df": len(NAMES),
            "n_agreements": len(s.t),
            "n_events": int(s.event.sum()),
            "n_censored": int(len(s.t) - s.event.sum()),
            "n_conflicts": n_conflicts,
            "mean_z": {n: sig(float(m), 4) for n, m in zip(NAMES, zbar, strict=True)},
        },
        "provisions": table,
        "provenance": {
            **SOURCE,
            "raw_file": RAW_SHA256[sha256(path)],
            "raw_sha256": sha256(path),
            "script": SCRIPT,
            "seed": SEED,
            "rng": "numpy.random.default_rng",
            "resamples": N_BOOT,
            "resample_unit": "UCDP conflict_id (as written in PAD; an agreement listing "
            "several conflicts is its own cluster)",
            "n_agreements_in_pad": len(pad.years),
            "n_agreements": len(s.t),
            "n_conflicts": n_conflicts,
            "date_fitted": fitted_on,
            "sample": (
                f"PAD's {len(pad.years)} agreements less the {int(excluded.sum())} of the "
                f"backtest library's and held-out conflicts (the {len(EXCLUDED)} conflict_ids of "
                "scripts/build_reference_class.py), so that no number the backtest uses was "
                "fitted on an outcome it scores, less the 5 endings without a date; time from "
                "'pa_date' to 'duration' (the end date, where 'ended' == 1) in years of 365.25 "
                "days, agreements in force censored at 2021-12-31, endings later than 5 years "
                f"({s.n_late}) censored at 5 years: the sample of relapse_5y in "
                "src/detente/dynamics/data/termination_rates.json"
            ),
        },
        "sensitivity": {
            "all_conflicts": variant(every, WINDOW_YEARS),
            "full_follow_up_to_2021_12_31": variant(~excluded, None),
            "full_and_partial_agreements_pa_type_1_2": variant(
                ~excluded & (pad.pa_type != 3), WINDOW_YEARS
            ),
            "named_guarantor_one_covariate": {
                "n_with": int(named.sum()),
                "hr": sig(_one_covariate(guarantor, named), 4),
                "note": "pa_3rd or c_3rd calls a third party a guarantor; one covariate, "
                "unpenalised",
            },
            "third_party_share": sig(float(g.mean()), 4),
        },
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pad", type=Path, help="PAD_final.xlsx or its CSV export")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--date", default=date.today().isoformat(), help="date_fitted")
    args = parser.parse_args(argv)
    got = sha256(args.pad)
    if got not in RAW_SHA256:
        msg = f"{args.pad}: sha256 {got} is none of the recorded files {sorted(RAW_SHA256)}"
        raise SystemExit(msg)
    doc = build(args.pad, args.date)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    m = doc["model"]
    print(
        f"n {m['n_agreements']} agreements, {m['n_events']} endings, {m['n_conflicts']} "
        f"conflicts; k {m['shape']:.3f}, baseline relapse_5y {m['baseline_relapse_5y']:.3f}"
    )
    for row in doc["provisions"]:
        lo, hi = row["hr_ci95"]
        print(f"{row['name']:28s} HR {row['hr']:6.3f} [{lo:.3f}, {hi:.3f}]  n_with {row['n_with']}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
