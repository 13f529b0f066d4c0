"""The loader reports every kind of bad input with file, line, field and fix — never a traceback."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import ScenarioError
from detente.scenario import load_scenario, validate_file, validate_text
from detente.scenario.loader import MAX_BYTES

BAD = Path(__file__).parents[1] / "data" / "bad_scenarios"
EXPECTED = tomllib.loads((BAD / "expected.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_bad_file_gives_one_located_error_with_a_fix(stem: str) -> None:
    """Each broken file yields an error naming its path, the field and the fix."""
    expected = EXPECTED[stem]
    v = validate_file(BAD / f"{stem}.yaml")
    assert not v.ok
    first = v.errors[0]
    assert first.file.endswith(f"{stem}.yaml")
    assert expected["fragment"] in first.message
    assert first.path == expected["path"]
    assert first.fix, "every problem must say how to fix it"
    if stem not in {"binary"}:
        assert first.line is not None and first.line >= 1


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_cli_validate_exits_nonzero_without_traceback(stem: str) -> None:
    """`detente scenario validate` prints the problem and exits 1, with no traceback."""
    result = CliRunner().invoke(app, ["scenario", "validate", str(BAD / f"{stem}.yaml")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert EXPECTED[stem]["fragment"] in " ".join(result.output.split())


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    """A file over the size limit is refused with a clear message, not parsed."""
    path = tmp_path / "huge.yaml"
    path.write_text("# padding\n" * (MAX_BYTES // 10 + 10), encoding="utf-8")
    v = validate_file(path)
    assert not v.ok and "limited to" in v.errors[0].message


def test_alias_bomb_is_refused() -> None:
    """A 'billion laughs' document is stopped by the expansion budget."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    v = validate_text("\n".join(lines), "bomb.yaml")
    assert not v.ok and "expands to more than" in v.errors[0].message


def test_missing_file_and_folder_are_clear(tmp_path: Path) -> None:
    """A path that does not exist, or is a folder, is reported as such."""
    assert "no such file" in validate_file(tmp_path / "nope.yaml").errors[0].message
    assert "folder" in validate_file(tmp_path).errors[0].message


def test_unknown_builtin_name_suggests_close_match() -> None:
    """An unknown scenario name raises with a did-you-mean suggestion."""
    with pytest.raises(LookupError, match="Did you mean 'ukraine-2025-09'"):
        load_scenario("ukraine-2025-9")


def test_all_problems_are_reported_at_once() -> None:
    """Several independent mistakes produce several problems in one error."""
    text = (BAD.parent / "tiny.yaml").read_text(encoding="utf-8")
    text = text.replace("salience: 0.7", "salience: 0.6").replace("[red, blue]", "[red, bleu]")
    v = validate_text(text, "two.yaml")
    with pytest.raises(ScenarioError) as info:
        raise ScenarioError(v.errors)
    paths = {p.path for p in info.value.problems}
    assert {"positions.blue", "war.sides[1]"} <= paths


def test_loading_never_executes_python_tags(tmp_path: Path) -> None:
    """A python/object tag is refused instead of constructed."""
    marker = tmp_path / "pwned"
    text = f"schema_version: 1\nid: !!python/object/apply:os.system ['touch {marker}']\n"
    v = validate_text(text, "evil.yaml")
    assert not v.ok and not marker.exists()
    assert "not allowed" in v.errors[0].message


def test_valid_scenario_loads_with_no_problems(tiny: object) -> None:
    """The tiny scenario validates cleanly."""
    v = validate_file(BAD.parent / "tiny.yaml")
    assert v.ok and v.errors == [] and v.warnings == []


def test_a_schema_error_does_not_hide_bad_option_ids(tmp_path: Path) -> None:
    """A salience out of range and two misspelt option ids: all three in one pass, located."""
    from detente.scenario.loader import validate_file

    text = (Path(__file__).parents[1] / "data" / "tiny.yaml").read_text(encoding="utf-8")
    text = text.replace("alliance: {stated: neutral,", "alliance: {stated: neutrall,", 1)
    text = text.replace("ideal: member, bottom_line", "ideal: membr, bottom_line", 1)
    text = text.replace("high: 40}, salience: 0.7", "high: 40}, salience: 1.7", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    v = validate_file(bad)
    paths = [p.path for p in v.errors]
    assert paths == [
        "positions.red.alliance.stated",
        "positions.blue.land.salience",
        "positions.blue.alliance.ideal",
    ]
    assert "did you mean 'neutral'?" in v.errors[0].fix
    assert all(p.line is not None for p in v.errors)
