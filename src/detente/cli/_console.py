"""One console and one error handler for the whole CLI.

A :class:`DetenteError` becomes a clean message and exit code 2; anything else is a bug,
shown with its traceback only under ``--debug``. A :class:`ScenarioWarning` raised while a
command runs (loading a scenario emits them) is printed as ``warning: …``. Every piece of
user text is escaped before rich sees it: a name like ``[/oops]`` is printed, not parsed.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from detente.errors import DetenteError, ScenarioWarning

__all__ = ["console", "err_console", "handle_errors", "state"]

console = Console()
err_console = Console(stderr=True)
state: dict[str, bool] = {"debug": False}

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Decorate a command so expected errors print cleanly and exit non-zero."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", ScenarioWarning)
                shown = warnings.showwarning
                warnings.showwarning = functools.partial(_show_warning, shown)
                return func(*args, **kwargs)
        except DetenteError as exc:
            err_console.print(
                f"[bold red]error:[/] {escape(str(exc))}",
                markup=True,
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err_console.print("[yellow]interrupted[/]")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if state["debug"]:
                raise
            err_console.print(
                f"[bold red]internal error:[/] {type(exc).__name__}: {escape(str(exc))}\n"
                "This is a bug in detente; rerun with --debug for the traceback "
                "and please report it.",
                highlight=False,
            )
            raise typer.Exit(3) from None

    return wrapper  # type: ignore[return-value]


def _show_warning(
    default: Callable[..., None],
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """Print a ScenarioWarning as the CLI's ``warning:`` line; leave any other to Python."""
    if issubclass(category, ScenarioWarning):
        err_console.print(
            f"[yellow]warning:[/] {escape(str(message))}", highlight=False, soft_wrap=True
        )
    else:
        default(message, category, filename, lineno, file, line)


def is_tty() -> bool:
    """True when stdout is a terminal (progress bars only then)."""
    return sys.stdout.isatty()
