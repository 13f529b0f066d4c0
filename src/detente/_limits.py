"""Resource limits a user can raise knowingly: every refusal names the limit and how to raise it.

A slip (``--draws 1000000000000``, the wrong file, a 1000-actor table) should cost an error,
not an hour and the machine's memory. Each limit has a default sized from timings (see the
CHANGELOG) and one environment variable, ``DETENTE_MAX_<NAME>``, that raises it for every
command and for library calls alike — one mechanism for all of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from detente.errors import InvalidParameterError

__all__ = [
    "ACTORS",
    "DRAWS",
    "KTAB_BYTES",
    "LIMITS",
    "SCENARIO_BYTES",
    "TABLE_BYTES",
    "XML_DEPTH",
    "Limit",
]


@dataclass(frozen=True)
class Limit:
    """One bound on the work or memory an input may demand.

    Attributes
    ----------
    env : str
        The environment variable that overrides ``default``.
    default : int
        The bound when the variable is unset.
    why : str
        What exceeding it costs (said in the refusal).
    lower : str
        The first fix offered (the second is raising the limit).
    """

    env: str
    default: int
    why: str
    lower: str = "lower it"

    def value(self) -> int:
        """The bound in force: ``$env`` if set, else ``default``."""
        raw = os.environ.get(self.env, "").strip().replace("_", "")
        if not raw:
            return self.default
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value < 1:
            msg = (
                f"{self.env} must be a whole number >= 1 (got {raw!r}). Fix: unset it for the "
                f"default {self.default:,}, or set e.g. {self.env}={self.default * 10}."
            )
            raise InvalidParameterError(msg)
        return value

    def exceeded(self, what: str, got: int, *, unit: str = "") -> str | None:
        """The refusal for ``got`` (None when within the bound); ``what`` names the input."""
        bound = self.value()
        if got <= bound:
            return None
        u = f" {unit}" if unit else ""
        return (
            f"{what} must be at most {bound:,}{u} (got {got:,}{u}): {self.why}. Fix: "
            f"{self.lower}, or raise the limit knowingly with the environment variable "
            f"{self.env}={got}."
        )

    def check(self, what: str, got: int, *, unit: str = "") -> None:
        """Raise :class:`InvalidParameterError` if ``got`` is over the bound."""
        msg = self.exceeded(what, got, unit=unit)
        if msg is not None:
            raise InvalidParameterError(msg)


DRAWS = Limit(
    "DETENTE_MAX_DRAWS",
    2_000_000,
    "a million draws take about 4 minutes and 1.5 GB on one CPU, and memory grows with them",
    "use fewer draws (the default 20,000 is precise to under a point)",
)
ACTORS = Limit(
    "DETENTE_MAX_ACTORS",
    250,
    "the models' time grows with the cube of the actors (250 take 2.5 min and 0.8 GB, 400 "
    "over 15 min and 2.3 GB, 1000 run out of memory)",
)
SCENARIO_BYTES = Limit(
    "DETENTE_MAX_SCENARIO_BYTES",
    2 * 1024 * 1024,
    "scenarios are hand-written; the built-in one is well under 200 KiB",
)
TABLE_BYTES = Limit(
    "DETENTE_MAX_TABLE_BYTES", 50 * 1024 * 1024, "a table this large is not a negotiation"
)
KTAB_BYTES = Limit(
    "DETENTE_MAX_KTAB_BYTES", 10 * 1024 * 1024, "KTAB scenarios are a few KiB per actor"
)
XML_DEPTH = Limit(
    "DETENTE_MAX_XML_DEPTH",
    32,
    "KTAB's XML nests 5 levels deep; deeper is not a KTAB file",
    "write KTAB's layout (Scenario, Actors, Actor, Position, dCoord)",
)

LIMITS = {
    "draws": DRAWS,
    "actors": ACTORS,
    "scenario_bytes": SCENARIO_BYTES,
    "table_bytes": TABLE_BYTES,
    "ktab_bytes": KTAB_BYTES,
    "xml_depth": XML_DEPTH,
}
"""Every limit by name (the README lists them)."""
