"""NashForecast: a Forecast with the bargaining range, its solutions and its obstacles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from detente._typing import FloatArray
from detente.models.forecast import Forecast

__all__ = ["NashForecast"]


@dataclass(frozen=True, eq=False)
class NashForecast(Forecast):
    """A :class:`Forecast` with the bargaining range and its solutions.

    ``outcome`` is the Nash point when a ZOPA exists, else the maximin package (the package
    closest to acceptable for every player; a note says so). Utilities use the model's loss.

    Attributes
    ----------
    zopa_exists : bool
        Some package inside every player's red lines gives every player at least its floor.
    gap : float
        :math:`\\max(0, -t^*)`, :math:`t^* = \\max_x \\min_i (u_i(x) - f_i)`: the utility every
        player would have to concede from its floor (the same amount each) to open a ZOPA;
        ``inf`` while red lines conflict outright.
    nash_point, ks_point : (n_issues,) arrays
        Nash and Kalai–Smorodinsky packages (NaN without a ZOPA).
    floors : (n_actors,) array
        Each player's floor (NaN for actors who are not players).
    floor_source : tuple of str
        Per actor: "walk_away", "public" (the public's tolerance binds) or "" (not a player).
    frontier : DataFrame
        Pareto-optimal packages (issue columns, unit scale) with each player's utility
        ``u_<actor>`` and ``in_zopa``.
    best_for : DataFrame
        Per actor, its best package inside the ZOPA and everyone's utility for it (empty
        without a ZOPA).
    binding : tuple of dict
        Without a ZOPA: conflicting red lines, binding floors and red lines active at the
        maximin package (see docs/models.md for the fields).
    gap_to_open : DataFrame
        Without a ZOPA: per player, how far its floor must fall if it alone moves
        (``kind="floor"``), the joint gap (``actor="all"``) and how far each conflicting red
        line must move (``kind="red_line"``, unit and native amounts).
    """

    zopa_exists: bool = False
    gap: float = float("nan")
    nash_point: FloatArray = field(default_factory=lambda: np.zeros(0))
    ks_point: FloatArray = field(default_factory=lambda: np.zeros(0))
    floors: FloatArray = field(default_factory=lambda: np.zeros(0))
    floor_source: tuple[str, ...] = ()
    frontier: pd.DataFrame = field(default_factory=pd.DataFrame)
    best_for: pd.DataFrame = field(default_factory=pd.DataFrame)
    binding: tuple[dict[str, Any], ...] = ()
    gap_to_open: pd.DataFrame = field(default_factory=pd.DataFrame)
