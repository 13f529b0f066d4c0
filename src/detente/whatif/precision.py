"""Draw counts chosen by the precision a what-if must reach, and a record of what it reached.

A what-if reports differences of P(deal) between paired runs. With common random numbers the
per-draw difference is 0 except where the change flips the outcome, so its standard deviation
σ is small and known after a pilot: the 90% half-width of the mean difference over *n* draws is
:math:`z_{0.95}\\,σ/\\sqrt n`, and the draws needed for a target half-width *h* are
:math:`n = \\lceil (z_{0.95} σ_{\\max} / h)^2 \\rceil` for the noisiest item (rounded up to a
multiple of 500, never below the pilot, never above the run's draws).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from detente.dynamics.result import DrawOutcomes
from detente.whatif.rerun import Z90, paired_half_width, paired_sd

__all__ = ["Precision", "draws_for", "run_to_precision"]

Runner = Callable[[int, int], list[DrawOutcomes]]
"""``run(n, start)``: every variant's outcomes over draws ``start … n-1``."""


@dataclass(frozen=True)
class Precision:
    """How one analysis chose its draws and how precise its differences came out."""

    analysis: str
    n_draws: int
    target_half_width: float
    achieved_half_width: float
    pilot_draws: int

    def describe(self) -> str:
        """E.g. '2,500 draws per variant (90% half-width ≤ 1.8 pts; target 2.0)'."""
        got = (
            "—" if math.isnan(self.achieved_half_width) else f"{100 * self.achieved_half_width:.1f}"
        )
        return (
            f"{self.n_draws:,} draws per variant (90% half-width ≤ {got} pts; "
            f"target {100 * self.target_half_width:.1f})"
        )


def draws_for(sd_max: float, target: float, *, pilot: int, cap: int) -> int:
    """Draws for a 90% half-width ≤ ``target`` of a paired difference whose SD is ``sd_max``."""
    if not math.isfinite(sd_max) or sd_max <= 0:
        return min(pilot, cap)
    need = math.ceil((Z90 * sd_max / target) ** 2)
    need = 500 * math.ceil(need / 500)
    return max(min(pilot, cap), min(need, cap))


def run_to_precision(
    run: Runner,
    pairs: Sequence[tuple[int, int]],
    *,
    analysis: str,
    n_draws: int,
    half_width: float | None,
    pilot: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[DrawOutcomes], Precision]:
    """Run the variants to the precision their paired differences ``pairs`` must reach.

    With ``half_width``: a pilot of ``pilot`` draws, then only the further draws the noisiest
    pair needs (draws are prefix-stable, so the pilot is extended, not redone). Without it:
    ``n_draws`` draws at once. ``progress`` sees (1, 2) after the pilot and (2, 2) at the end.
    """
    n, n_pilot = n_draws, 0
    if half_width is not None:
        n_pilot = min(pilot, n_draws)
        outs = run(n_pilot, 0)
        if progress is not None:
            progress(1, 2)
        sd = max((paired_sd(outs[a], outs[b]) for a, b in pairs), default=0.0)
        n = draws_for(sd, half_width, pilot=n_pilot, cap=n_draws)
        if n > n_pilot:
            more = run(n, n_pilot)
            outs = [DrawOutcomes.concat([a, b]) for a, b in zip(outs, more, strict=True)]
    else:
        outs = run(n, 0)
    if progress is not None:
        progress(2, 2)
    widths = [paired_half_width(outs[a], outs[b]) for a, b in pairs]
    achieved = float(np.nanmax(widths)) if widths else float("nan")
    target = float("nan") if half_width is None else half_width
    return outs, Precision(analysis, n, target, achieved, n_pilot)
