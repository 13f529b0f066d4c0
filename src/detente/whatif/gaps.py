"""How far an offer is from each actor's acceptable set, issue by issue.

The simulation's verdict on a package (accept or refuse, and why) says *whether*; a person
playing one side also needs *where to move*. On each issue an actor accepts anything from
its bottom line towards its ideal; the bottom line is uncertain (stated positions are not
bottom lines), so the gap is reported at the bottom line's median together with the chance,
over that uncertainty, that the offer already clears it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from detente.dynamics.sampling import input_space
from detente.scenario.scales import scale_of
from detente.scenario.schema import Scenario
from detente.scenario.uncertain import ScaleValue

__all__ = ["GAP_COLUMNS", "offer_gaps"]

GAP_COLUMNS = (
    "actor",
    "issue",
    "offer",
    "ideal",
    "bottom_line",
    "gap",
    "p_within",
    "crosses_red_line",
    "salience",
)
_GRID = 201  # quantiles of each bottom line: P(within) to ±0.25 points


def offer_gaps(scenario: Scenario, package: Mapping[str, ScaleValue]) -> pd.DataFrame:
    """One row per actor × issue the package names (actors holding a position on it).

    Everything is on the issue's unit scale (0–1): ``gap`` is how far the offer must move
    towards the actor's ideal to reach its median bottom line (0 when it already does);
    ``p_within`` the chance over the bottom line's distribution that it does;
    ``crosses_red_line`` whether it lies beyond the actor's stated red line.

    Raises
    ------
    KeyError
        If ``package`` names an issue the scenario does not have.
    ValueError
        If a value is off the issue's scale (the scale's own message).
    """
    issues = {i.id: i for i in scenario.issues}
    space = input_space(scenario)
    u = np.tile(((np.arange(_GRID) + 0.5) / _GRID)[:, None], (1, space.n_inputs))
    q = space.quantiles(u)
    rows = []
    for iid, value in package.items():
        scale = scale_of(issues[iid])
        offer = scale.to_unit(value)
        for actor, row in scenario.positions.items():
            pos = row.get(iid)
            if pos is None:
                continue
            bottom = q[:, space.index(f"positions.{actor}.{iid}.bottom_line")]
            ideal = scale.to_unit(pos.ideal)
            median = float(np.median(bottom))
            toward = np.sign(ideal - median)
            gap = max(0.0, float((median - offer) * toward)) if toward else abs(offer - median)
            within = (offer - bottom) * toward >= 0 if toward else np.isclose(offer, bottom)
            crosses = False
            if pos.red_line is not None:
                limit = scale.to_unit(pos.red_line.limit)
                side = np.sign(ideal - limit)
                crosses = bool((limit - offer) * side > 1e-12)
            rows.append(
                (
                    actor,
                    iid,
                    offer,
                    ideal,
                    median,
                    gap,
                    float(np.mean(within)),
                    crosses,
                    float(pos.salience),
                )
            )
    return pd.DataFrame(rows, columns=list(GAP_COLUMNS))
