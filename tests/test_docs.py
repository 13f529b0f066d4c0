"""The docs' claims about the code stay true: cited tests exist, quoted settings match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md"))


def _cited_tests() -> list[tuple[str, str, str]]:
    out = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for path, name in re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", text):
            out.append((doc.name, path, name))
    return out


@pytest.mark.parametrize(("doc", "path", "name"), _cited_tests())
def test_every_test_the_docs_cite_exists(doc: str, path: str, name: str) -> None:
    source = (ROOT / path).read_text(encoding="utf-8")
    assert re.search(rf"^def {name}\(", source, re.M), f"{doc} cites {path}::{name}"


def test_the_docs_have_cited_tests() -> None:
    assert _cited_tests(), "the parametrised check above would pass vacuously"


def test_the_coupling_the_docs_quote_is_the_built_ins() -> None:
    """docs/dynamics.md states the built-in's coupling; it must be the scenario's."""
    from detente.scenario import load_scenario

    text = (ROOT / "docs" / "dynamics.md").read_text(encoding="utf-8")
    coupling = load_scenario("ukraine-2025-09").calibration.coupling
    stated = re.findall(
        r"built-in sets(?: the sources' values \()? ?Russia ([\d.]+), Ukraine ([\d.]+)", text
    )
    assert stated, "docs/dynamics.md no longer states the built-in's coupling"
    for russia, ukraine in stated:
        assert (float(russia), float(ukraine)) == (coupling["russia"], coupling["ukraine"])
