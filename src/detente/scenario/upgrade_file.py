"""``detente scenario upgrade``: migrate a file on disk, validated before it is written."""

from __future__ import annotations

from pathlib import Path

from detente._files import read_bounded
from detente._limits import SCENARIO_BYTES
from detente.errors import Problem, ScenarioError
from detente.scenario.loader import _resolve, _YamlProblemError, parse_yaml, validate_text
from detente.scenario.schema import SCHEMA_VERSION
from detente.scenario.upgrade import upgrade_text

__all__ = ["upgrade_file"]


def upgrade_file(file: str, out: Path, *, force: bool = False) -> list[str]:
    """Write ``file`` migrated to the current version at ``out``; return the notes.

    Raises
    ------
    ScenarioError
        If the file cannot be read or parsed, is already current, would overwrite itself or an
        existing file without ``force``, or the migrated text does not validate.
    """
    src = _resolve(file)
    name = str(file)

    def fail(message: str, fix: str, line: int | None = None) -> ScenarioError:
        return ScenarioError([Problem(name, line, "", message, fix)])

    if not src.is_file():
        msg = "no such file"
        raise fail(msg, "name a scenario .yaml file")
    if out.exists() and out.resolve() == src.resolve():
        msg = "--out is the input file"
        raise fail(msg, "write to a new file, then replace the old one")
    if out.exists() and not force:
        msg = f"{out} exists"
        raise fail(msg, "choose another --out, or pass --force to overwrite it")
    text = read_bounded(src, SCENARIO_BYTES, kind="scenario").decode("utf-8-sig")
    try:
        data, lines = parse_yaml(text)
    except _YamlProblemError as exc:
        raise fail(exc.message, exc.fix, exc.line) from None
    try:
        result = upgrade_text(text, data, lines)
    except ValueError as exc:
        raise fail(str(exc), "write the proposals in block style, or edit by hand") from None
    if not result.changed:
        msg = f"already at schema version {SCHEMA_VERSION}"
        raise fail(
            msg,
            "nothing to do",
            lines.get(("schema_version",)),
        )
    v = validate_text(str(result.data), str(out))
    if not v.ok:
        raise ScenarioError(v.errors)
    out.write_text(str(result.data), encoding="utf-8")
    return result.notes
