"""The simulation's random numbers other than the inputs: one array per process, drawn up front.

Every array comes from its own named stream of the chunk (``sampling.stream``), so a draw's
noise does not depend on how many draws the chunk holds: the first *n* rows of a chunk of
*N* ≥ *n* draws are the rows of a chunk of *n*. That prefix property lets a what-if run on
fewer draws reuse the baseline's own outcomes, and lets an analysis give many design rows the
*same* noise (``take``) — common random numbers, so a difference between two rows is the
inputs' effect and never sampling noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from detente._typing import FloatArray, IntArray
from detente.dynamics import sampling

if TYPE_CHECKING:
    from detente.dynamics.world import World

__all__ = ["NOISE_STREAMS", "Noise"]

NOISE_STREAMS = (
    "levers:timing",
    "levers:seat",
    "battlefield:shock",
    "hazard:sign",
    "hazard:ceasefire",
    "relapse:time",
    "red_lines:real",
    "relapse:provision_row",
    "ratification:vote",
    "decision:time",
    "decision:rate",
    "concession:attrition",
    "hazard:ceasefire_exit",
)


@dataclass(frozen=True)
class Noise:
    """Uniforms and normals for one chunk of draws (first axis: the draw).

    Attributes
    ----------
    lever_timing, lever_seat : (n, n_levers)
        When a lever's threat is executed; whether an outside party is brought to the table.
    shocks : (n, n_months)
        Standard-normal battlefield shocks.
    sign, ceasefire, relapse : (n, n_months)
        Uniforms for the signing hazard, the ceasefire hazard and the relapse time.
    red_lines : (n, n_red)
        Uniforms deciding whether each uncertain red line is real in this draw.
    provision_row : (n,)
        Picks the bootstrap row of the provisions' hazard ratios each draw uses.
    vote : (n, n_months, n_votes)
        Standard normals for each vote on a signed deal (referendum, parliament), one per
        month so a deal re-tabled after a failed vote meets a fresh campaign.
    decision : (n, n_months)
        Uniforms for a military decision and its victor (:func:`~detente.dynamics.decision.decide`).
    decision_rate : (n, n_bands)
        Uniforms picking each draw's victory hazard in every duration band from its posterior.
    attrition : (n, n_months, 2)
        Uniforms for each side's giving way in the war of attrition (``concession``).
    ceasefire_exit : (n, n_months)
        Uniforms for a side calling off a ceasefire the settlement track does not follow
        (``tracks.ceasefire_exit_hazard``).
    """

    lever_timing: FloatArray
    lever_seat: FloatArray
    shocks: FloatArray
    sign: FloatArray
    ceasefire: FloatArray
    relapse: FloatArray
    red_lines: FloatArray
    provision_row: FloatArray
    vote: FloatArray
    decision: FloatArray
    decision_rate: FloatArray
    attrition: FloatArray
    ceasefire_exit: FloatArray

    @classmethod
    def draw(
        cls,
        entropy: int,
        chunk: int,
        n: int,
        n_months: int,
        n_levers: int,
        n_votes: int = 0,
        n_red: int = 0,
        n_bands: int = 0,
    ) -> Noise:
        """The noise of chunk ``chunk`` of the run seeded with ``entropy`` (``n_votes``: the
        world's votes on a deal, ``World.ratification.n_votes``; ``n_red``: its uncertain red
        lines, ``len(World.firm_red_lines)``; ``n_bands``: the duration bands of its decision
        hazard, ``len(World.decision.shape)``)."""
        g = {name: sampling.stream(entropy, chunk, name) for name in NOISE_STREAMS}
        return cls(
            lever_timing=g["levers:timing"].random((n, n_levers)),
            lever_seat=g["levers:seat"].random((n, n_levers)),
            shocks=g["battlefield:shock"].standard_normal((n, n_months)),
            sign=g["hazard:sign"].random((n, n_months)),
            ceasefire=g["hazard:ceasefire"].random((n, n_months)),
            relapse=g["relapse:time"].random((n, n_months)),
            red_lines=g["red_lines:real"].random((n, n_red)),
            provision_row=g["relapse:provision_row"].random(n),
            vote=g["ratification:vote"].standard_normal((n, n_months, n_votes)),
            decision=g["decision:time"].random((n, n_months)),
            decision_rate=g["decision:rate"].random((n, n_bands)),
            attrition=g["concession:attrition"].random((n, n_months, 2)),
            ceasefire_exit=g["hazard:ceasefire_exit"].random((n, n_months)),
        )

    @classmethod
    def for_world(cls, world: World, entropy: int, chunk: int, n: int, n_months: int) -> Noise:
        """The noise of one chunk with every per-world dimension read off ``world``."""
        return cls.draw(
            entropy,
            chunk,
            n,
            n_months,
            len(world.lever_ids),
            world.ratification.n_votes,
            n_red=len(world.firm_red_lines),
            n_bands=0 if world.decision is None else len(world.decision.shape),
        )

    @property
    def n(self) -> int:
        return int(self.shocks.shape[0])

    def take(self, rows: IntArray | slice) -> Noise:
        """The noise of the given rows (repeated indices give draws identical noise)."""
        return Noise(
            self.lever_timing[rows],
            self.lever_seat[rows],
            self.shocks[rows],
            self.sign[rows],
            self.ceasefire[rows],
            self.relapse[rows],
            self.red_lines[rows],
            self.provision_row[rows],
            self.vote[rows],
            self.decision[rows],
            self.decision_rate[rows],
            self.attrition[rows],
            self.ceasefire_exit[rows],
        )
