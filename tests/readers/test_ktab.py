"""Readers for KTAB's CSV and XML scenario files: contents, scaling and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import ScenarioError
from detente.models.ktab.smp import SpatialModelOfPolitics
from detente.readers.ktab import read_ktab, read_ktab_table

CSV_HEAD = (
    "Demo,A demo,3,2,\nActor,Description,Influence,A Position,A Salience,B Position,B Salience\n"
)
ROWS = "X,Ex,10,20,30,40,50\nY,Why,20,60,10,0,20\nZ,,30,100,40,50,60\n"


def _write(tmp_path: Path, text: str, name: str = "s.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        read_ktab(path)
    return [p.render() for p in info.value.problems]


def test_a_csv_scenario_becomes_a_unit_scale_table(tmp_path: Path) -> None:
    """Positions and saliences are divided by 100; capabilities repeat per issue; names kept."""
    inp = read_ktab(_write(tmp_path, CSV_HEAD + ROWS))
    t = inp.table
    assert (inp.name, inp.description) == ("Demo", "A demo")
    assert t.actors == ("X", "Y", "Z")
    assert t.actor_names == ("Ex", "Why", "Z")
    assert t.issues == ("A Position", "B Position")
    assert t.issue_names == ("A", "B")
    assert np.allclose(t.positions, [[0.2, 0.4], [0.6, 0.0], [1.0, 0.5]])
    assert np.allclose(t.saliences, [[0.3, 0.5], [0.1, 0.2], [0.4, 0.6]])
    assert np.allclose(t.capabilities, [[10, 10], [20, 20], [30, 30]])
    assert t.scales[0].from_unit(0.25) == 25.0
    assert inp.options == {}
    assert inp.accommodation is None
    assert inp.model() == SpatialModelOfPolitics()


def test_every_shipped_input_reads_except_the_broken_xml(reference_dir: Path) -> None:
    """All KTAB example inputs read, with the actor and dimension counts of their first line."""
    expected = {
        "SOE-Pol-Comp.csv": (13, 2),
        "dummyData-a040.csv": (40, 1),
        "dummyData-a080.csv": (80, 1),
        "dummyData-a160.csv": (160, 1),
        "dummyData_3Dim.csv": (7, 3),
        "dummyData_6Dim.csv": (27, 6),
        "smpExample-fixed.xml": (5, 3),
    }
    for name, shape in expected.items():
        t = read_ktab_table(reference_dir / "ktab" / "inputs" / name)
        assert (t.n_actors, t.n_issues) == shape, name


def test_the_shipped_xml_with_an_empty_coordinate_names_the_element(reference_dir: Path) -> None:
    """smpExample.xml's empty <dCoord> is an error naming the element and line, not a default."""
    path = reference_dir / "ktab" / "inputs" / "smpExample.xml"
    with pytest.raises(ScenarioError) as info:
        read_ktab(path)
    (problem,) = info.value.problems
    assert problem.line == 32
    assert problem.path == "Scenario/Actors/Actor[1]/Position/dCoord[1]"
    assert "empty" in problem.message


def test_the_fixed_xml_carries_its_options_seed_and_accommodation(reference_dir: Path) -> None:
    """ModelParameters become model options; IdealAdjustment becomes the accommodation matrix."""
    inp = read_ktab(reference_dir / "ktab" / "inputs" / "smpExample-fixed.xml")
    assert inp.table.actors == ("Alice", "Bob", "Carol", "David", "Ellie")
    assert inp.table.positions[0, 0] == pytest.approx(0.528)
    assert inp.seed == 3507583219545544127
    assert inp.options["voting_rule"] == "PropCbc"
    assert inp.options["pce_model"] == "MarkovIncentive"
    assert inp.accommodation is not None
    assert inp.accommodation[1, 0] == pytest.approx(0.07)
    assert inp.accommodation[4, 4] == 1.0
    m = inp.model()
    assert m.transitions == "Stochastic"
    assert m.accommodation is not None


def test_every_bad_csv_cell_is_reported_at_once(tmp_path: Path) -> None:
    """A non-number, an out-of-range position and salience over 100 are all listed with lines."""
    bad = "X,Ex,ten,20,30,40,50\nY,Why,20,160,10,0,20\nZ,,30,10,70,50,60\n"
    problems = _problems(_write(tmp_path, CSV_HEAD + bad))
    assert len(problems) == 3
    assert "s.csv:3  Influence: must be a number (got 'ten')" in problems[0]
    assert "s.csv:4  A Position: must be in [0, 100] (got 160)" in problems[1]
    assert "s.csv:5  actor 'Z': saliences sum to 130" in problems[2]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Demo,A demo,3\n", "line 1 must be"),
        ("Demo,A demo,three,2\nActor\n", "whole numbers"),
        ("Demo,A demo,3,2\nActor,Description,Influence,A Position\n" + ROWS, "need 7"),
        (CSV_HEAD + ROWS + "W,Dbl,1,1,1,1,1\n", "declares 3 actors but the file has 4"),
        (
            CSV_HEAD + "X,Ex,10,20,30,40,50\nX,Why,20,60,10,0,20\nZ,,30,100,40,50,60\n",
            "appears twice",
        ),
        (CSV_HEAD + "X,Ex,10,20,30,40\nY,Why,20,60,10,0,20\nZ,,30,100,40,50,60\n", "has 6 values"),
        (CSV_HEAD + "X,Ex,0,20,30,40,50\nY,Why,20,60,10,0,20\nZ,,30,100,40,50,60\n", "> 0"),
        (CSV_HEAD + "X,Ex,1,20,0,40,0\nY,Why,20,60,10,0,20\nZ,,30,100,40,50,60\n", "all zero"),
    ],
)
def test_malformed_csv_files_get_a_clear_error(tmp_path: Path, text: str, fragment: str) -> None:
    """Each malformed shape raises ScenarioError whose message says what is wrong."""
    assert any(fragment in p for p in _problems(_write(tmp_path, text)))


XML = """<?xml version="1.0"?>
<Scenario>
  <name>T</name><desc>d</desc><prngSeed>7</prngSeed>
  {params}
  <Dimensions><dName>D1</dName></Dimensions>
  <Actors>
    <Actor><name>A</name><description>a</description><capability>10</capability>
      <Position><dCoord>10</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>
    <Actor><name>B</name><description>b</description><capability>20</capability>
      <Position><dCoord>50</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>
    <Actor><name>C</name><description>c</description><capability>{cap}</capability>
      <Position><dCoord>90</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>
  </Actors>
  {adjust}
</Scenario>
"""


def _xml(tmp_path: Path, params: str = "", cap: str = "30", adjust: str = "") -> Path:
    return _write(tmp_path, XML.format(params=params, cap=cap, adjust=adjust), "s.xml")


def test_a_minimal_xml_reads_and_runs(tmp_path: Path) -> None:
    """Without ModelParameters the defaults apply; the table runs through the SMP."""
    inp = read_ktab(_xml(tmp_path))
    assert inp.options == {}
    assert inp.seed == 7
    f = inp.model().forecast(inp.table)
    assert f.outcome.shape == (1,)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"cap": "-3"}, "capability: must be > 0 (got -3)"),
        ({"cap": "lots"}, "must be a number (got 'lots')"),
        (
            {"params": "<ModelParameters><VotingRule>Majority</VotingRule></ModelParameters>"},
            "unknown option 'Majority'",
        ),
        (
            {
                "adjust": "<IdealAdjustment><iaPair><adjustingIdeal>A</adjustingIdeal>"
                "<referencePos>Q</referencePos><adjust>0.5</adjust></iaPair></IdealAdjustment>"
            },
            "names unknown actor 'Q'",
        ),
    ],
)
def test_malformed_xml_values_get_a_clear_error(
    tmp_path: Path, kwargs: dict[str, str], fragment: str
) -> None:
    """Bad values, unknown options and unknown actors are reported with the element's path."""
    assert any(fragment in p for p in _problems(_xml(tmp_path, **kwargs)))


def test_broken_xml_and_dtds_are_refused(tmp_path: Path) -> None:
    """Unclosed tags report the line; a DOCTYPE (entity expansion risk) is refused outright."""
    assert (
        "not well-formed"
        in _problems(_write(tmp_path, "<Scenario>\n<name>x</Scenario>", "a.xml"))[0]
    )
    bomb = '<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY a "aaaa">]>\n<Scenario>&a;</Scenario>'
    assert "not allowed" in _problems(_write(tmp_path, bomb, "b.xml"))[0]
    assert "root element" in _problems(_write(tmp_path, "<Other/>", "c.xml"))[0]


def test_wrong_extension_or_missing_file_is_a_scenario_error(tmp_path: Path) -> None:
    """Only .csv and .xml are read; a missing file says it cannot be read."""
    assert "extension" in _problems(_write(tmp_path, "x", "s.txt"))[0]
    assert "cannot be read" in _problems(tmp_path / "missing.csv")[0]


def test_compare_ktab_runs_the_smp_beside_the_other_models(reference_dir: Path) -> None:
    """`detente compare --ktab FILE --format json` lists ktab-smp's outcome per dimension."""
    path = reference_dir / "ktab" / "inputs" / "dummyData_3Dim.csv"
    result = CliRunner().invoke(
        app, ["compare", "--ktab", str(path), "--format", "json", "-m", "ktab-smp", "-m", "median"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout[result.stdout.index("[") : result.stdout.rindex("]") + 1])
    assert {r["model"] for r in rows} == {"ktab-smp", "median"}
    assert {r["issue"] for r in rows} == {"Pstn1", "Pstn2", "Pstn3"}


def test_compare_ktab_on_the_broken_xml_exits_with_a_clear_error(reference_dir: Path) -> None:
    """The CLI prints the problem (file, line, element) and exits 2, with no traceback."""
    path = reference_dir / "ktab" / "inputs" / "smpExample.xml"
    result = CliRunner().invoke(app, ["compare", "--ktab", str(path)])
    assert result.exit_code == 2
    assert "dCoord[1]" in result.output
    assert "Traceback" not in result.output
