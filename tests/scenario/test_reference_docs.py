"""docs/scenario.md stays in step with the schema, and its example is a valid scenario."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from detente.cli import app
from detente.scenario import validate_file
from detente.scenario.reference import BEGIN, END, field_reference_markdown
from detente.scenario.schema import Scenario

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "scenario.md"
EXAMPLE = ROOT / "docs" / "examples" / "scenario-example.yaml"


def test_field_reference_in_docs_matches_the_schema() -> None:
    """The generated field reference in docs/scenario.md equals a fresh generation."""
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] == field_reference_markdown(), (
        "docs/scenario.md is stale: run `python -m detente.scenario.reference docs/scenario.md`"
    )


def test_every_schema_model_is_documented() -> None:
    """Each model of the schema has its own section in the reference."""
    ref = field_reference_markdown()
    for name in Scenario.model_json_schema()["$defs"]:
        assert f"### {name}\n" in ref


def test_docs_example_is_valid_and_embedded() -> None:
    """The example scenario validates and appears verbatim in docs/scenario.md."""
    v = validate_file(EXAMPLE)
    assert v.ok and not v.warnings, [p.render() for p in v.errors + v.warnings]
    assert EXAMPLE.read_text(encoding="utf-8").strip() in DOC.read_text(encoding="utf-8")


def test_schema_command_prints_the_json_schema(tmp_path: Path) -> None:
    """`detente schema` publishes the JSON Schema of scenario files."""
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == Scenario.model_json_schema()
    out = tmp_path / "s.json"
    assert CliRunner().invoke(app, ["schema", "--out", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["title"] == "Scenario"
