"""Scenario schema versions: version-1 and version-2 files keep working, and ``detente
scenario upgrade`` migrates them (tested on every shipped scenario)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.scenario import builtin_names, load_scenario, validate_file
from detente.scenario.loader import builtin_path, parse_yaml, validate_text
from detente.scenario.schema import SCHEMA_VERSION
from detente.scenario.upgrade import infer_authors, upgrade_data, upgrade_text

V1 = Path(__file__).parent / "data" / "v1" / "ukraine-2025-09.yaml"
MINI = Path(__file__).parents[1] / "dynamics" / "data" / "mini_ukraine.yaml"


def _as_v1(text: str) -> str:
    """A shipped (version-3) case file written back as version 1: only `authors` is new in it
    (the cases set no calibration rate version 3 removed)."""
    text = re.sub(r"^schema_version: 3", "schema_version: 1", text, count=1, flags=re.M)
    return re.sub(r"^\s*authors: \[.*\]\n", "", text, flags=re.M)


def _as_v2(text: str) -> str:
    """A version-3 file with a calibration block written back as version 2, setting the two
    rates version 3 removed (and citing one of them)."""
    text = re.sub(r"^schema_version: 3", "schema_version: 2", text, count=1, flags=re.M)
    text = text.replace(
        "  sign_hazard: 0.14083496069065848\n",
        "  sign_hazard: 0.14083496069065848\n  concession_rate: 6.0\n  learning_rate: 0.075\n",
    )
    return text.replace(
        "supports: [sign_hazard, belief_strength]}",
        "supports: [sign_hazard, belief_strength, concession_rate]}",
    )


def test_current_version_is_3() -> None:
    assert SCHEMA_VERSION == 3


def test_a_version_2_file_loses_the_removed_rates_with_a_note_each() -> None:
    """Version 3 has no concession_rate or learning_rate: the upgrade drops them, says why,
    and keeps every comment and line of the rest (the shipped fixture, byte for byte)."""
    shipped = MINI.read_text(encoding="utf-8")
    old = _as_v2(shipped)
    assert "concession_rate: 6.0" in old
    data, lines = parse_yaml(old)
    result = upgrade_text(old, data, lines)
    assert result.from_version == 2 and result.data == shipped
    notes = " ".join(result.notes)
    assert "calibration.concession_rate: 6.0 removed" in notes
    assert "calibration.learning_rate: 0.075 removed" in notes and "belief_strength" in notes
    in_memory = upgrade_data(data).data
    assert "concession_rate" not in in_memory["calibration"]
    assert in_memory["calibration"]["evidence"][0]["supports"] == ["sign_hazard", "belief_strength"]
    v = validate_text(old, "v2")
    assert v.ok, [p.render() for p in v.errors]
    assert v.scenario is not None and v.scenario.calibration is not None
    assert v.scenario.schema_version == 3 and v.scenario.calibration.belief_strength == 12.0


def test_a_version_1_file_still_loads_with_a_warning() -> None:
    v = validate_file(V1)
    assert v.ok, [p.render() for p in v.errors]
    notice = [w for w in v.warnings if w.path == "schema_version"]
    assert notice and "detente scenario upgrade" in notice[0].fix
    assert v.scenario is not None and v.scenario.schema_version == 3
    authors = {p.id: p.authors for p in v.scenario.proposals}
    assert authors["russia_memorandum"] == ["russia"]
    assert authors["alaska_framework"] == ["russia", "usa"]
    assert authors["istanbul_communique"] == ["russia", "ukraine"]


def test_infer_authors_matches_ids_and_names() -> None:
    actors = [{"id": "russia", "name": "Russia"}, {"id": "usa", "name": "United States"}]
    assert infer_authors("Russian negotiators", actors) == ["russia"]
    assert infer_authors("usa and russia", actors) == ["russia", "usa"]
    assert infer_authors("the OSCE", actors) == []


@pytest.mark.parametrize("name", builtin_names())
def test_upgrade_reproduces_every_shipped_scenario(name: str) -> None:
    """Each shipped file, written back as version 1 (the flagship: its real version-1 file),
    upgrades to text that validates and, for the cases, equals the shipped file."""
    shipped = builtin_path(name).read_text(encoding="utf-8")
    old = V1.read_text(encoding="utf-8") if name == "ukraine-2025-09" else _as_v1(shipped)
    data, lines = parse_yaml(old)
    result = upgrade_text(old, data, lines)
    assert result.changed and result.from_version == 1
    v = validate_text(str(result.data), name)
    assert v.ok, [p.render() for p in v.errors]
    if name != "ukraine-2025-09":
        assert result.data == shipped
    else:  # the real v1 file keeps its comments
        assert str(result.data).count("#") == old.count("#")


def test_upgrade_command_writes_a_valid_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    r = CliRunner().invoke(app, ["scenario", "upgrade", str(V1), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "authors ['russia'] inferred" in r.output and "wrote" in r.output
    assert load_scenario(out).schema_version == 3
    again = CliRunner().invoke(app, ["scenario", "upgrade", str(V1), "--out", str(out)])
    assert again.exit_code == 2 and "exists" in again.output
    current = CliRunner().invoke(
        app, ["scenario", "upgrade", str(out), "--out", str(tmp_path / "x.yaml")]
    )
    assert current.exit_code == 2 and "already at schema version 3" in current.output
