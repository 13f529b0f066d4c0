"""Hostile and unlucky inputs at the command line (issue 15): `--set` values, tables, KTAB
files and names full of rich markup each end in a located message or a literal print — exit 0,
1 or 2, never a traceback or "This is a bug"."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from detente.cli import app

DATA = Path(__file__).parents[1] / "data"
TINY = DATA / "tiny.yaml"
runner = CliRunner()

MARKUP = "[/oops]"


def _clean(res: Result) -> str:
    out = res.output
    assert "Traceback" not in out and "This is a bug" not in out, out
    assert "MarkupError" not in out, out
    return " ".join(out.split())


def _write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


# --- --set --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (".nan", "war.p_first_prevails: must be a finite number"),
        ("-.inf", "war.p_first_prevails: must be a finite number"),
        ("{dist: uniform, low: 0.1, high: .inf}", "war.p_first_prevails.high: must be a finite"),
        ("9" * 5000, "war.p_first_prevails: the value is not valid: must be a number of ordinary"),
        ("[" * 100 + "]" * 100, "nesting too deep"),
        ("&a [*a]", "recursive alias"),
        ("!!python/object/apply:os.system [ls]", "is not allowed"),
    ],
)
def test_set_rejects_unusable_values_with_a_located_message(value: str, fragment: str) -> None:
    """Every --set value passes the file's own guards and the schema, with the field named."""
    res = runner.invoke(
        app,
        [
            "forecast",
            str(TINY),
            "--no-save",
            "--no-report",
            "--set",
            f"war.p_first_prevails={value}",
        ],
    )
    assert res.exit_code == 2
    assert fragment in _clean(res)


# --- CSV tables -----------------------------------------------------------------------------

HEAD = "issue,actor,position,salience,capability,reference\n"


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        ("q,a,1,1,1,inf\nq,b,2,1,1,\nq,c,3,1,1,\n", "reference: must be a finite number"),
        ("q,a,1,1,1,nan\nq,b,2,1,1,\nq,c,3,1,1,\n", "reference: must be a finite number"),
        ("q,a,nan,1,1,\nq,b,2,1,1,\nq,c,3,1,1,\n", "position: must be a number"),
        ("q,a,1,1,-inf,\nq,b,2,1,1,\nq,c,3,1,1,\n", "capability: must be a number"),
        ("q,a,1e308,1,1,\nq,b,-1e308,1,1,\nq,c,3,1,1,\n", "wider than a float can hold"),
    ],
)
def test_table_numbers_must_be_finite(tmp_path: Path, rows: str, fragment: str) -> None:
    """NaN, infinity and spans beyond a float are located errors in `compare --table`."""
    res = runner.invoke(app, ["compare", "--table", _write(tmp_path, "t.csv", HEAD + rows)])
    assert res.exit_code == 2
    assert fragment in _clean(res)
    assert "t.csv" in res.output


def test_markup_in_table_names_prints_literally(tmp_path: Path) -> None:
    """An issue or actor called `[/oops]` or `[bold]` is printed as written."""
    rows = f"{MARKUP},a,10,1,1,\n{MARKUP},b,90,1,2,\n{MARKUP},[bold]c,50,1,1,\n"
    res = runner.invoke(app, ["compare", "--table", _write(tmp_path, "t.csv", HEAD + rows)])
    assert res.exit_code == 0, res.output
    assert MARKUP in _clean(res)


# --- KTAB files -----------------------------------------------------------------------------

KTAB_HEAD = (
    f"Demo {MARKUP},A demo,3,2,\n"
    f"Actor,Description,Influence,{MARKUP} Position,A Salience,B Position,B Salience\n"
)


def test_ktab_numbers_must_be_finite(tmp_path: Path) -> None:
    """NaN and infinite KTAB values are located errors."""
    rows = "X,Ex,nan,20,30,40,50\nY,Why,20,inf,10,0,20\nZ,,30,100,40,50,1e999\n"
    res = runner.invoke(app, ["compare", "--ktab", _write(tmp_path, "k.csv", KTAB_HEAD + rows)])
    assert res.exit_code == 2
    text = _clean(res)
    assert "k.csv:3 Influence: must be a finite number (got nan" in text
    assert "k.csv:4" in text and "(got inf;" in text and "(got 1e999;" in text


def test_markup_in_ktab_names_prints_literally(tmp_path: Path) -> None:
    """A KTAB scenario, dimension or actor name with markup is printed as written."""
    rows = f"{MARKUP},Ex,10,20,30,40,50\nY,Why,20,60,10,0,20\nZ,,30,100,40,50,60\n"
    res = runner.invoke(app, ["compare", "--ktab", _write(tmp_path, "k.csv", KTAB_HEAD + rows)])
    assert res.exit_code == 0, res.output
    text = _clean(res)
    assert f"Demo {MARKUP}" in text and f"{MARKUP} │" in text


# --- scenarios with markup in every name ----------------------------------------------------


def _markup_scenario(tmp_path: Path) -> str:
    text = TINY.read_text(encoding="utf-8")
    for old, new in [
        ("title: Two parties, two issues", 'title: "[bold]Two [/oops] parties"'),
        ("name: Red", 'name: "[/oops]"'),
        ("name: Land", 'name: "[red]Land[/blue]"'),
        ('unit: "% of the disputed land Blue cedes"', 'unit: "[/] %"'),
        ("label: Blue stays neutral", 'label: "[/oops] neutral"'),
        ("title: A made-up note", 'title: "[link=x]note"'),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    text += (
        "proposals:\n"
        '  - {id: plan, name: "[/plan]", author: "[/who]", date: 2025-08-01,\n'
        "     terms: {land: 30, alliance: neutral}, evidence: [{judgement: t}]}\n"
    )
    return _write(tmp_path, "markup.yaml", text)


def test_markup_in_scenario_names_prints_literally_in_show(tmp_path: Path) -> None:
    """`scenario show` prints every name as written."""
    res = runner.invoke(app, ["scenario", "show", _markup_scenario(tmp_path)])
    assert res.exit_code == 0, res.output
    text = _clean(res)
    for name in ("[/oops]", "[red]Land[/blue]", "[/] %", "[link=x]note", "[/plan]", "[/who]"):
        assert name in text, name


def test_markup_in_scenario_names_prints_literally_in_forecast_and_compare(
    tmp_path: Path,
) -> None:
    """The forecast summary, its report and the models' table print names as written."""
    path = _markup_scenario(tmp_path)
    report = tmp_path / "r.html"
    res = runner.invoke(
        app, ["forecast", path, "-n", "300", "-m", "6", "--no-save", "--report", str(report)]
    )
    assert res.exit_code == 0, res.output
    assert "[red]Land[/blue]" in _clean(res)
    assert "[red]Land[/blue]" in report.read_text(encoding="utf-8")
    res = runner.invoke(app, ["compare", path])
    assert res.exit_code == 0, res.output
    assert "land ([/] %)" in _clean(res)  # the models' table names issues by id and unit


def test_validate_prints_a_file_name_with_markup_literally(tmp_path: Path) -> None:
    """Even the file's own name may look like markup."""
    path = _write(tmp_path, "[bold]x.yaml", TINY.read_text(encoding="utf-8"))
    res = runner.invoke(app, ["scenario", "validate", path])
    assert res.exit_code == 0 and "[bold]x.yaml" in _clean(res)


# --- the error handler's own messages -------------------------------------------------------


def test_an_error_message_with_markup_prints_literally() -> None:
    """A user error quoting the user's text: escaped."""
    res = runner.invoke(app, ["forecast", str(TINY), "--no-save", "--zopa", f"{MARKUP},land"])
    assert res.exit_code == 2
    assert MARKUP in _clean(res)


def test_an_internal_error_with_markup_prints_literally(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a real bug's message is escaped, so the handler itself never crashes."""
    import detente.cli.scenario as cli_scenario

    def boom(_: str) -> object:
        msg = f"bad name {MARKUP}"
        raise RuntimeError(msg)

    monkeypatch.setattr(cli_scenario, "load_scenario", boom)
    res = runner.invoke(app, ["scenario", "show", str(TINY)])
    assert res.exit_code == 3
    assert f"RuntimeError: bad name {MARKUP}" in " ".join(res.output.split())
    assert "MarkupError" not in res.output and "Traceback" not in res.output


# --- warnings: on the command line and in the report ----------------------------------------


def _inconsistent(tmp_path: Path) -> str:
    rows = [
        ("actors.red.capability", "actors.blue.capability", 0.9),
        ("actors.blue.capability", "actors.red.domestic_tolerance", 0.9),
        ("actors.red.capability", "actors.red.domestic_tolerance", -0.9),
    ]
    extra = "correlations:\n" + "".join(
        f"  - {{a: {a}, b: {b}, rho: {r}, evidence: [{{judgement: t}}]}}\n" for a, b, r in rows
    )
    return _write(tmp_path, "corr.yaml", TINY.read_text(encoding="utf-8") + extra)


def test_a_repaired_correlation_matrix_is_a_warning_in_the_cli_and_the_report(
    tmp_path: Path,
) -> None:
    """The forecast runs, and both the terminal and the report say the matrix was repaired."""
    report = tmp_path / "r.html"
    res = runner.invoke(
        app,
        [
            "forecast",
            _inconsistent(tmp_path),
            "-n",
            "300",
            "-m",
            "6",
            "--no-save",
            "--report",
            str(report),
        ],
    )
    assert res.exit_code == 0, res.output
    text = _clean(res)
    assert "warning:" in text and "corr.yaml:" in text and "not positive definite" in text
    html = report.read_text(encoding="utf-8")
    assert "Warnings about the inputs" in html and "not positive definite" in html


def test_validate_shows_the_same_warning(tmp_path: Path) -> None:
    """`scenario validate` lists it with the other warnings, and still says ok."""
    res = runner.invoke(app, ["scenario", "validate", _inconsistent(tmp_path)])
    assert res.exit_code == 0
    assert "not positive definite" in _clean(res)


def test_a_clean_scenario_prints_no_warning() -> None:
    """No warning section or line when there is nothing to say."""
    res = runner.invoke(
        app, ["forecast", str(TINY), "-n", "300", "-m", "6", "--no-save", "--no-report"]
    )
    assert res.exit_code == 0 and "warning:" not in res.output
