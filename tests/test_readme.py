"""The README's screenshot is the built-in's real report, made by the script, as captioned."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PNG = ROOT / "docs" / "img" / "report.png"


def test_caption_and_picture_name_the_same_scenario() -> None:
    """The caption's scenario is the one scripts/readme_figures.py recorded for the PNG."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"!\[The forecast report for ([\w-]+)\]\(docs/img/report\.png\)", readme)
    assert m, "the README must show docs/img/report.png with a caption naming its scenario"
    record = json.loads(PNG.with_suffix(".png.json").read_text(encoding="utf-8"))
    assert record["scenario"] == m.group(1)
    assert record["generated_by"] == "scripts/readme_figures.py"
    assert (ROOT / record["generated_by"]).exists()


def test_the_picture_is_the_one_the_script_made() -> None:
    """A PNG replaced by hand (or by a test run) no longer matches the script's record."""
    record = json.loads(PNG.with_suffix(".png.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(PNG.read_bytes()).hexdigest() == record["sha256"]
