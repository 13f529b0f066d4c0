"""Choose a model for the DEU test half using the development half only (issue 14).

Protocol: the scored development issues (odd-numbered proposals, the only outcomes the
file holds) are split into 5 folds *by proposal* (sorted proposal numbers, fold = rank mod 5).
For each model family, the parameters are chosen on 4 folds (lowest MAE over a fixed grid)
and scored on the fifth; the family's cross-validated MAE is the mean absolute error over
all held-out issues. The family with the lowest cross-validated MAE is chosen, refitted on
the whole development half, and frozen as the registry model's defaults.

Usage: python scripts/deu_select.py ../shared/reference/deu/deu3-dev.tsv
"""

from __future__ import annotations

import itertools
import sys

import numpy as np

from detente.models.compromise import CompromiseModel
from detente.models.condorcet import CondorcetModel
from detente.models.median import MedianVoterModel
from detente.models.procedural import ProceduralModel
from detente.readers.deu import read_deu

FOLDS = 5


def main(path: str) -> None:
    data = read_deu(path).without_outcomes()
    truth = read_deu(path).meta.set_index("issue")["outcome"]
    meta = data.meta.set_index("issue")
    scored = truth.dropna().index
    proposals = sorted(meta.loc[scored, "proposal"].unique())
    fold_of = {p: k % FOLDS for k, p in enumerate(proposals)}
    fold = meta.loc[scored, "proposal"].map(fold_of).to_numpy()
    y = truth.loc[scored].to_numpy()

    def preds(model: object) -> np.ndarray:
        frame, _ = data.forecast(model)  # type: ignore[arg-type]
        return frame.set_index("issue").loc[scored, "outcome"].to_numpy()

    families: dict[str, list[tuple[str, np.ndarray]]] = {
        "compromise": [("", preds(CompromiseModel()))],
        "median": [("", preds(MedianVoterModel()))],
        "condorcet": [
            (
                f"victory={v} summary={s} power={p}",
                preds(CondorcetModel(victory=v, summary=s, power=p)),
            )  # type: ignore[arg-type]
            for v, s, p in itertools.product(
                ("Linear", "Square", "Quartic"), ("mean", "median"), (1.0, 2.0)
            )
        ],
        "procedural": [
            (
                f"commission={c} ep_cod={e1} ep_cns={e2} ref_qmv={r1} ref_unan={r2}",
                preds(ProceduralModel(commission=c, ep_cod=e1, ep_cns=e2, ref_qmv=r1, ref_unan=r2)),
            )
            for c, e1, e2, r1, r2 in itertools.product(
                (0.5, 1.0, 2.0),
                (0.5, 1.0, 2.0),
                (0.0, 0.5, 1.0),
                (0.0, 0.1, 0.25),
                (0.0, 0.1, 0.25),
            )
        ],
    }
    # the averaged ensemble: compromise with each condorcet variant (chosen inside the folds)
    families["ensemble"] = [
        (f"compromise + condorcet({label})", 0.5 * (families["compromise"][0][1] + p))
        for label, p in families["condorcet"]
    ]
    print(f"{len(scored)} scored issues, {len(proposals)} proposals, {FOLDS} folds by proposal")
    results = {}
    for fam, cands in families.items():
        held = np.zeros(len(y))
        for k in range(FOLDS):
            train, test = fold != k, fold == k
            best = min(cands, key=lambda c: np.abs(c[1][train] - y[train]).mean())
            held[test] = best[1][test]
        full = min(cands, key=lambda c: np.abs(c[1] - y).mean())
        cv = np.abs(held - y).mean()
        results[fam] = cv
        print(
            f"{fam:11s} CV MAE {cv:6.2f}  "
            f"refit on all: {np.abs(full[1] - y).mean():6.2f}  {full[0]}"
        )
    chosen = min(results, key=results.get)  # type: ignore[arg-type]
    print(f"chosen: {chosen}")


if __name__ == "__main__":
    main(sys.argv[1])
