"""Errors and warnings raised by detente.

Every error inherits both :class:`DetenteError` and the matching built-in, so callers can
catch either. Messages follow one form: ``<what> must be <rule> (got <value>). Fix: …``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConvergenceWarning",
    "DetenteError",
    "InvalidParameterError",
    "Problem",
    "ScenarioError",
    "ScenarioWarning",
    "UnknownNameError",
]


class DetenteError(Exception):
    """Base of every error detente raises on purpose (the CLI shows these without a traceback)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located precisely enough to fix it.

    Attributes
    ----------
    file : str
        The file's name as the user gave it (or ``<string>``).
    line : int or None
        1-based line in the file, when it could be located.
    path : str
        Dotted field path, e.g. ``positions.russia.nato.salience``.
    message : str
        What is wrong, including the value received.
    fix : str
        What to do about it.
    """

    file: str
    line: int | None
    path: str
    message: str
    fix: str = ""

    def render(self) -> str:
        """Format as ``file:line  path: message Fix: fix``."""
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        field = f"{self.path}: " if self.path else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{where}  {field}{self.message}{fix}"


class ScenarioError(DetenteError, ValueError):
    """A scenario or table file is invalid; ``problems`` lists every problem found at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found:"
        super().__init__("\n".join([head, *(p.render() for p in self.problems)]))


class InvalidParameterError(DetenteError, ValueError):
    """A model or simulation parameter is out of its domain."""


class UnknownNameError(DetenteError, LookupError):
    """An unknown model, scenario or run name; the message suggests close matches."""


class ScenarioWarning(UserWarning):
    """Something in a scenario is allowed but deserves the analyst's attention."""


class ConvergenceWarning(UserWarning):
    """A dynamic model stopped at its round limit instead of its stopping rule."""
