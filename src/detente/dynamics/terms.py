r"""What a deal's terms say about its durability: provisions and the post-war power shift.

Fortna (2004): what an agreement contains — peacekeepers, monitoring, demilitarised zones,
guarantees — changes how long peace lasts. Each option (or range of a numeric scale) lists
the provisions a deal with that term contains; the relapse hazard is multiplied by

.. math:: M_z = \exp\bigl(\beta^\top (z - \bar z)\bigr)

with :math:`\beta` the log hazard ratios fitted on the UCDP Peace Agreement Dataset
(:mod:`~detente.dynamics.provisions`; one bootstrap row per draw, so the fit's uncertainty is
in every interval) and :math:`\bar z` the provisions of the average agreement in that sample,
so that a deal with average content keeps the reference-class relapse rate it is calibrated
to. Provisions that never ended an agreement in the data (``identified: false``) carry no
estimate and are left out.

Powell (2006), Werner (1999): a deal lasts while the balance of power it reflects does; terms
that cap one side's army move that balance after the war. Each issue may say how its term
moves side A's 5-year chance of prevailing (linear between the scale's ends); the deal's
power shift is the absolute sum over issues, replacing the wartime front trend (which a
ceasefire stops) wherever a scenario codes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente._typing import FloatArray, IntArray
from detente.dynamics.provisions import PROVISIONS, ProvisionEffects, load_provision_effects
from detente.scenario.scales import IssueScale
from detente.scenario.schema import NumericScale, OrdinalScale, Scenario

__all__ = ["DealTerms", "compile_terms"]


@dataclass(frozen=True)
class DealTerms:
    """Compiled provisions and power shifts of a scenario's issues.

    Attributes
    ----------
    option_provisions : per issue, (n_options, n_prov) 0/1 array (None for numeric issues)
    range_provisions : per issue, ((low, high, provision index), ...) on the unit scale
    shift : (n_issues, 2) side A's 5-year power shift at the scale's min and max (NaN: none)
    log_hr_draws : (n_rows, n_prov) bootstrap log hazard ratios (0 where not identified)
    mean_z : (n_prov,) average provisions of the fitted sample (0 where not identified)
    """

    option_provisions: tuple[FloatArray | None, ...]
    range_provisions: tuple[tuple[tuple[float, float, int], ...], ...]
    shift: FloatArray
    log_hr_draws: FloatArray
    mean_z: FloatArray

    @property
    def any_provisions(self) -> bool:
        """True when some term carries a provision."""
        return any(p is not None and p.any() for p in self.option_provisions) or any(
            self.range_provisions
        )

    @property
    def any_shift(self) -> bool:
        """True when some issue codes a post-war power shift."""
        return bool(np.isfinite(self.shift).any())

    def provisions(self, deals: FloatArray, points: tuple[tuple[float, ...], ...]) -> FloatArray:
        """(m, n_prov): which provisions each deal (unit-scale terms) contains."""
        x = np.asarray(deals, dtype=float)
        z = np.zeros((x.shape[0], len(PROVISIONS)))
        for d, table in enumerate(self.option_provisions):
            if table is not None and points[d]:
                k = np.abs(x[:, d, None] - np.asarray(points[d])[None]).argmin(axis=1)
                z = np.maximum(z, table[k])
            for lo, hi, j in self.range_provisions[d]:
                z[:, j] = np.maximum(z[:, j], (x[:, d] >= lo - 1e-9) & (x[:, d] <= hi + 1e-9))
        return z

    def hazard_ratio(self, z: FloatArray, rows: IntArray) -> FloatArray:
        """:math:`\\exp(\\beta_r^\\top (z - \\bar z))` with each deal's bootstrap row ``r``."""
        beta = self.log_hr_draws[np.asarray(rows) % len(self.log_hr_draws)]
        return np.asarray(np.exp(((z - self.mean_z) * beta).sum(axis=1)), dtype=float)

    def power_shift(self, deals: FloatArray) -> FloatArray:
        """(m,): |Σ_d shift_d(x_d)| over the issues that code one."""
        x = np.asarray(deals, dtype=float)
        lo, hi = self.shift[:, 0], self.shift[:, 1]
        per = np.where(np.isfinite(lo), lo + (hi - lo) * x, 0.0)
        return np.asarray(np.abs(per.sum(axis=1)), dtype=float)


def compile_terms(
    scenario: Scenario,
    scales: tuple[IssueScale, ...],
    effects: ProvisionEffects | None = None,
) -> DealTerms:
    """Compile the scenario's provisions and power shifts against the shipped PAD fit."""
    fx = load_provision_effects() if effects is None else effects
    order = [fx.names.index(p) for p in PROVISIONS]
    keep = np.array([fx.identified[i] for i in order], dtype=float)
    draws = np.asarray(fx.draws)[:, order] * keep
    mean_z = fx.meta["model"]["mean_z"]
    mean = np.array([float(mean_z[fx.names[i]]) for i in order]) * keep
    opts: list[FloatArray | None] = []
    ranges: list[tuple[tuple[float, float, int], ...]] = []
    shift = np.full((len(scenario.issues), 2), np.nan)
    for d, (issue, sc) in enumerate(zip(scenario.issues, scales, strict=True)):
        if isinstance(issue.scale, OrdinalScale):
            table = np.zeros((len(issue.scale.options), len(PROVISIONS)))
            for k, o in enumerate(issue.scale.options):
                for p in o.provisions:
                    table[k, PROVISIONS.index(p)] = 1.0
            opts.append(table)
            ranges.append(())
        else:
            assert isinstance(issue.scale, NumericScale)
            opts.append(None)
            ranges.append(
                tuple(
                    (
                        0.0 if pr.at_least is None else sc.to_unit(pr.at_least),
                        1.0 if pr.at_most is None else sc.to_unit(pr.at_most),
                        PROVISIONS.index(pr.provision),
                    )
                    for pr in issue.scale.provisions
                )
            )
        if issue.power_shift is not None:
            shift[d] = (issue.power_shift.at_min, issue.power_shift.at_max)
    return DealTerms(tuple(opts), tuple(ranges), shift, draws, mean)
