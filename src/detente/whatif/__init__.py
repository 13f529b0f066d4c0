"""What-if studies over the simulation: levers, proposals, input swings and Sobol indices.

One layer above ``detente.dynamics`` and below the report: everything here reruns the
simulation through one loop with common random numbers (``whatif.rerun``) or scores
packages on the simulation's own draws, and returns plain tables for the report to draw.
"""

from detente.whatif.levers import rank_levers, with_levers
from detente.whatif.precision import Precision
from detente.whatif.proposals import evaluate_proposals
from detente.whatif.rerun import Variant, rerun
from detente.whatif.sobol import sobol_indices
from detente.whatif.swings import input_swings, lever_swings, swing_table

__all__ = [
    "Precision",
    "Variant",
    "evaluate_proposals",
    "input_swings",
    "lever_swings",
    "rank_levers",
    "rerun",
    "sobol_indices",
    "swing_table",
    "with_levers",
]
