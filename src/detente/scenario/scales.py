"""Issue scales: turning option ids and native numbers into points on [0, 1] and back.

Models work on the unit interval so that a share of territory and a NATO option can sit in
one utility function; reports convert back so readers see the issue's own units and labels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.scenario.schema import Issue, NumericScale
from detente.scenario.uncertain import ScaleValue

__all__ = ["IssueScale", "red_line_interval", "scale_of"]


@dataclass(frozen=True)
class IssueScale:
    """A model-side view of one issue's scale (no pydantic, so models never see the schema).

    Attributes
    ----------
    id, name : str
        The issue's id and display name.
    kind : {"numeric", "ordinal"}
        Continuous range or ordered options.
    low, high : float
        Native bounds (for ordinal scales, 0 and 1).
    option_ids, option_labels : tuple of str
        Ordinal options in order (empty for numeric scales).
    option_points : tuple of float
        Each option's place on [0, 1] (empty for numeric scales).
    unit : str
        What native numbers count ("" for ordinal scales).
    """

    id: str
    name: str
    kind: str
    low: float
    high: float
    option_ids: tuple[str, ...] = ()
    option_labels: tuple[str, ...] = ()
    option_points: tuple[float, ...] = ()
    unit: str = ""

    def to_unit(self, value: ScaleValue) -> float:
        """Map a native number or an option id to [0, 1]; raise ValueError if it is off-scale."""
        if isinstance(value, str):
            if self.kind != "ordinal":
                msg = f"'{value}' is not a number, and issue '{self.id}' has a numeric scale"
                raise ValueError(msg)
            try:
                return self.option_points[self.option_ids.index(value)]
            except ValueError:
                known = ", ".join(self.option_ids)
                msg = f"'{value}' is not an option of issue '{self.id}' (options: {known})"
                raise ValueError(msg) from None
        x = float(value)
        if not (self.low - 1e-9 <= x <= self.high + 1e-9):
            msg = f"{x:g} is outside issue '{self.id}''s scale [{self.low:g}, {self.high:g}]"
            raise ValueError(msg)
        return (x - self.low) / (self.high - self.low)

    def from_unit(self, u: float) -> float:
        """Map a point on [0, 1] back to the native scale."""
        return self.low + float(u) * (self.high - self.low)

    def nearest_option(self, u: float) -> int:
        """Index of the ordinal option closest to ``u`` (ties to the lower option)."""
        return int(np.argmin(np.abs(np.asarray(self.option_points) - u)))

    def short(self, u: float) -> str:
        """A compact label for tables: the nearest option id, or the number on its own scale."""
        if self.kind == "ordinal":
            return self.option_ids[self.nearest_option(u)].replace("_", " ")
        return f"{self.from_unit(u):.3g}"

    def describe(self, u: float) -> str:
        """A reader's label for the point ``u``: the nearest option, or the number and unit."""
        if self.kind == "ordinal":
            return self.option_labels[self.nearest_option(u)]
        return f"{self.from_unit(u):.3g} {self.unit}".strip()


def scale_of(issue: Issue) -> IssueScale:
    """Build the :class:`IssueScale` of a validated :class:`Issue`."""
    sc = issue.scale
    if isinstance(sc, NumericScale):
        return IssueScale(issue.id, issue.name, "numeric", sc.min, sc.max, unit=sc.unit)
    k = len(sc.options)
    points = tuple(
        o.value if o.value is not None else i / (k - 1) for i, o in enumerate(sc.options)
    )
    return IssueScale(
        issue.id,
        issue.name,
        "ordinal",
        0.0,
        1.0,
        option_ids=tuple(o.id for o in sc.options),
        option_labels=tuple(o.label for o in sc.options),
        option_points=points,
    )


def red_line_interval(ideal: float, limit: float) -> tuple[float, float]:
    """The acceptable unit interval an actor's red line leaves, given its ideal point.

    Nothing beyond ``limit`` on the far side from the ideal is acceptable. A limit equal to
    the ideal leaves only that point (the red line is "not one step from here").
    """
    if limit == ideal:
        return limit, limit
    return (limit, 1.0) if limit < ideal else (0.0, limit)
