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
from dataclasses import dataclass

from detente.whatif.rerun import Z90

__all__ = ["Precision", "draws_for"]


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
