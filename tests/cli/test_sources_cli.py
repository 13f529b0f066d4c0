"""`detente sources verify | duplicates | fingerprint`: results, exit codes, clean errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.scenario import builtin_names
from detente.sources.fingerprint import fingerprint

DATA = Path(__file__).parents[1] / "data" / "sources"
CORPUS = DATA / "corpus"
VERIFIED = DATA / "verified.yaml"
MIXED = DATA / "mixed.yaml"
runner = CliRunner()


def _verify(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["sources", "verify", "--corpus", str(CORPUS), *args])
    return result.exit_code, result.output


def test_verify_all_verified_exits_zero_with_table_and_summary() -> None:
    """Every citation found: a table of statuses, the duplicate pair, a summary, exit 0."""
    code, out = _verify(str(VERIFIED))
    assert code == 0, out
    assert out.count("verified") >= 4
    assert "missing" not in out.split("Near-duplicate")[0]
    assert "harbour_talks.md" in out and "grain_corridor.html" in out
    assert "sources_verified: 4 citations: 4 verified, 0 missing, 0 ambiguous" in out
    assert "corpus: 4 documents, 0 skipped, 1 near-duplicate pair" in out


def test_verify_with_missing_or_ambiguous_citations_exits_one_with_hints() -> None:
    """A missing and two ambiguous citations exit 1 and say what to do about each."""
    code, out = _verify(str(MIXED))
    assert code == 1
    assert "1 verified, 1 missing, 2 ambiguous" in out
    assert "missing: no copy holds the passage" in out
    assert "ambiguous: the passage occurs more than once" in out
    assert "river_front.txt (×2)" in out
    assert "Traceback" not in out


def test_verify_several_scenarios_fails_if_any_fails() -> None:
    """Two scenarios are checked in one run; one bad citation anywhere exits 1."""
    code, out = _verify(str(VERIFIED), str(MIXED))
    assert code == 1
    assert "sources_verified: 4 citations" in out and "sources_mixed: 4 citations" in out


def test_verify_json_lists_paths_statuses_and_documents() -> None:
    """--format json prints one parseable document with every check and the duplicate pair."""
    result = runner.invoke(
        app, ["sources", "verify", "-c", str(CORPUS), str(MIXED), "--format", "json"]
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    (report,) = data["scenarios"]
    assert report["counts"] == {"verified": 1, "missing": 1, "ambiguous": 2}
    assert [(c["path"], c["status"]) for c in report["checks"]] == [
        ("actors[0].evidence[0]", "verified"),
        ("positions.blue.land.evidence[0]", "missing"),
        ("positions.blue.alliance.evidence[0]", "ambiguous"),
        ("war.evidence[0]", "ambiguous"),
    ]
    assert report["checks"][0]["documents"] == ["harbour_talks.md", "harbour_talks_print.txt"]
    assert [(p["first"], p["second"]) for p in data["duplicates"]] == [
        ("harbour_talks.md", "harbour_talks_print.txt")
    ]


def test_verify_reports_skipped_files_without_failing(tmp_path: Path) -> None:
    """A binary file in the corpus is listed as skipped with its reason; checks still run."""
    for f in CORPUS.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\x00\x01")
    result = runner.invoke(app, ["sources", "verify", "-c", str(tmp_path), str(VERIFIED)])
    assert result.exit_code == 0
    assert "skipped: scan.pdf" in result.output and "pdftotext" in result.output
    assert "1 skipped" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--corpus", "/no/such/folder", str(VERIFIED)], "must be an existing folder"),
        (["--corpus", str(CORPUS), "no-such-scenario"], "no built-in scenario"),
        (["--corpus", str(CORPUS), str(DATA / "absent.yaml")], "no such file"),
    ],
)
def test_verify_bad_input_is_a_clean_error_exit_two(args: list[str], message: str) -> None:
    """A wrong corpus path or scenario exits 2 with a message, never a traceback."""
    result = runner.invoke(app, ["sources", "verify", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_verify_defaults_to_the_builtin_scenario() -> None:
    """Without a scenario argument the built-in ukraine-2025-09 is checked."""
    assert "ukraine-2025-09" in builtin_names()
    code, out = _verify("--format", "json")
    assert json.loads(out)["scenarios"][0]["scenario"] == "ukraine-2025-09"
    assert code == 1  # the synthetic corpus holds none of the seed passages


def test_duplicates_command_lists_the_harbour_pair() -> None:
    """`sources duplicates` reports the markdown and PDF-style copies and nothing else."""
    result = runner.invoke(app, ["sources", "duplicates", "-c", str(CORPUS), "--format", "json"])
    assert result.exit_code == 0
    pairs = json.loads(result.stdout)
    assert [(p["first"], p["second"]) for p in pairs] == [
        ("harbour_talks.md", "harbour_talks_print.txt")
    ]
    assert pairs[0]["containment"] == 1.0


def test_fingerprint_of_text_matches_the_library() -> None:
    """`sources fingerprint TEXT` prints exactly the library's fingerprint, alone on stdout."""
    passage = "Southland’s delegation, by contrast, wants a timetable"
    result = runner.invoke(app, ["sources", "fingerprint", passage])
    assert result.exit_code == 0
    assert result.stdout.strip() == fingerprint(passage)


def test_fingerprint_of_a_file_reads_html_as_its_visible_text(tmp_path: Path) -> None:
    """--file accepts an HTML snippet and hashes its visible words."""
    snippet = tmp_path / "p.html"
    snippet.write_text("<p>Kyiv&rsquo;s <em>plan</em></p>", encoding="utf-8")
    result = runner.invoke(app, ["sources", "fingerprint", "--file", str(snippet), "--show"])
    assert result.exit_code == 0
    assert result.stdout.strip() == fingerprint("Kyiv's plan")
    assert "3 words: kyiv s plan" in result.stderr


def test_fingerprint_reads_standard_input_when_given_nothing() -> None:
    """With neither TEXT nor --file, the passage is read from standard input."""
    result = runner.invoke(app, ["sources", "fingerprint"], input="the islands\nfor later\n")
    assert result.exit_code == 0
    assert result.stdout.strip() == fingerprint("the islands for later")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["— …"], "at least one word"),
        (["words", "--file", str(VERIFIED)], "not both"),
        (["--file", str(DATA / "absent.txt")], "--file must be a readable"),
        (["--file", str(VERIFIED)], "not an article format"),
    ],
)
def test_fingerprint_bad_input_is_a_clean_error_exit_two(args: list[str], message: str) -> None:
    """No words, two passages, or an unreadable file exit 2 with the rule and a fix."""
    result = runner.invoke(app, ["sources", "fingerprint", *args])
    assert result.exit_code == 2
    assert message in result.output and "Fix:" in result.output
    assert "Traceback" not in result.output
