"""``detente scenario list | show | validate | upgrade`` and ``detente schema``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from detente.cli._console import console, err_console, handle_errors
from detente.errors import ScenarioError
from detente.report.scenario_summary import scenario_summary
from detente.scenario import builtin_names, load_scenario, validate_file
from detente.scenario.loader import builtin_path
from detente.scenario.schema import Scenario
from detente.scenario.upgrade_file import upgrade_file

app = typer.Typer(help="List, show, validate and upgrade scenarios.", no_args_is_help=True)


@app.command("list")
@handle_errors
def list_() -> None:
    """List the scenarios built into detente."""
    table = Table("name", "title", "as of")
    for name in builtin_names():
        s = load_scenario(builtin_path(name))
        table.add_row(escape(name), escape(s.title), str(s.as_of))
    console.print(table)


@app.command()
@handle_errors
def show(
    scenario: Annotated[
        str, typer.Argument(help="A built-in name or a YAML file.")
    ] = "ukraine-2025-09",
) -> None:
    """Show a scenario as a readable summary: actors, issues, positions, proposals, sources."""
    console.print(scenario_summary(load_scenario(scenario)))


@app.command()
@handle_errors
def validate(
    files: Annotated[
        list[str], typer.Argument(help="Scenario files (or built-in names) to check.")
    ],
    strict: Annotated[
        bool, typer.Option(help="Treat warnings (e.g. uncited values) as errors.")
    ] = False,
) -> None:
    """Check scenario files; print every problem with file, line, field and fix."""
    failed = 0
    for f in files:
        v = validate_file(f, strict=strict)
        for w in v.warnings:
            err_console.print(
                f"[yellow]warning:[/] {escape(w.render())}", highlight=False, soft_wrap=True
            )
        if v.ok:
            console.print(f"[green]ok[/] {escape(f)}", highlight=False)
        else:
            failed += 1
            err_console.print(
                f"[bold red]error:[/] {escape(str(ScenarioError(v.errors)))}",
                highlight=False,
                soft_wrap=True,
                markup=True,
            )
    if failed:
        raise typer.Exit(1)


@app.command()
@handle_errors
def upgrade(
    file: Annotated[str, typer.Argument(help="A scenario file written for an older version.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the upgraded file.")],
    force: Annotated[bool, typer.Option(help="Overwrite --out if it exists.")] = False,
) -> None:
    """Rewrite a scenario file for the current schema version, keeping its comments.

    Every inference (e.g. a proposal's authors read from its free-text author) is printed;
    the result is validated before it is written.
    """
    for note in upgrade_file(file, out, force=force):
        console.print(f"note: {escape(note)}", highlight=False, soft_wrap=True)
    console.print(f"[green]wrote[/] {escape(str(out))}", highlight=False)


def schema_command(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the scenario JSON Schema (the published contract for scenario files)."""
    text = json.dumps(Scenario.model_json_schema(), indent=2)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        console.print(f"wrote {out}")
