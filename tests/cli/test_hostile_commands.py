"""Careless or hostile command lines: each gives one clear error (exit 1 or 2) naming the problem
and the fix, and never a traceback or "This is a bug" (exit 3 is for real bugs only)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from detente.cli import app

MINI = str(Path(__file__).parents[1] / "dynamics" / "data" / "mini_ukraine.yaml")
QUICK = ["-n", "200", "-m", "2"]
runner = CliRunner()

KTAB_XML = """<?xml version="1.0"?>
<Scenario><name>t</name><desc>d</desc><prngSeed>1</prngSeed>
<Dimensions><dName>x</dName></Dimensions>
<Actors>{actors}</Actors></Scenario>
"""
ACTOR = (
    "<Actor><name>a{k}</name><description>A{k}</description><capability>{c}</capability>"
    "<Position><dCoord>{p}</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>"
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """Hostile files, by placeholder name."""
    folder = tmp_path / "folder"
    folder.mkdir()
    afile = tmp_path / "afile"
    afile.write_text("x")
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    deep = tmp_path / "deep.xml"
    deep.write_text("<Scenario>" + "<a>" * 5000 + "</a>" * 5000 + "</Scenario>")
    ktab = tmp_path / "k.xml"
    actors = "".join(ACTOR.format(k=k, c=10 + k, p=10 * k) for k in range(4))
    ktab.write_text(KTAB_XML.format(actors=actors))
    table = tmp_path / "t.csv"
    table.write_text("issue,actor,position,salience,capability\nx,a,1,0.5,1\nx,b,3,0.5,2\n")
    big = tmp_path / "big.csv"
    rows = "".join(f"x,a{k},{k % 10},0.5,1\n" for k in range(260))
    big.write_text("issue,actor,position,salience,capability\n" + rows)
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"not sqlite" * 200)
    return {
        "folder": str(folder),
        "afile": str(afile),
        "fifo": str(fifo),
        "deep": str(deep),
        "ktab": str(ktab),
        "table": str(table),
        "big": str(big),
        "corrupt": str(corrupt),
        "mini": MINI,
    }


def _fill(items: list[str], files: dict[str, str]) -> list[str]:
    return [x.format(**files) for x in items]


# (id, argv, environment, exit code, fragment of the message), one case a line
# fmt: off
CASES: list[tuple[str, list[str], dict[str, str], int, str]] = [
    ("seed-negative-forecast", ["forecast", MINI, "--seed", "-1", *QUICK], {}, 2, "numpy's random generators"),
    ("seed-negative-compare", ["compare", "--seed", "-1"], {}, 2, "non-negative seeds"),
    ("seed-negative-backtest", ["backtest", "--seed", "-5"], {}, 2, "--seed 42"),
    ("report-is-a-folder", ["forecast", MINI, *QUICK, "--no-save", "--report", "{folder}"], {}, 2, "--report must be a file path, not a folder"),
    ("report-under-a-file", ["forecast", MINI, *QUICK, "--no-save", "--report", "{afile}/r.html"], {}, 2, "is a file"),
    ("out-is-a-file", ["forecast", MINI, *QUICK, "--no-save", "--no-report", "--out", "{afile}"], {}, 2, "--out must be a folder"),
    ("backtest-out-is-a-file", ["backtest", "--out", "{afile}", "--case", "x"], {}, 2, "--out must be a folder"),
    ("draws-over-the-limit", ["forecast", MINI, "-n", "1000000000000", "--no-save", "--no-report"], {}, 2, "DETENTE_MAX_DRAWS=1000000000000"),
    ("draws-limit-env-not-a-number", ["forecast", MINI, *QUICK, "--no-save", "--no-report"], {"DETENTE_MAX_DRAWS": "lots"}, 2, "DETENTE_MAX_DRAWS must be a whole number"),
    ("levers-draws-over-the-limit", ["levers", MINI, "-n", "20000000"], {}, 2, "DETENTE_MAX_DRAWS"),
    ("table-and-ktab-together", ["compare", "--table", "{table}", "--ktab", "{ktab}"], {}, 2, "one negotiation"),
    ("scenario-and-table-together", ["compare", "{mini}", "--table", "{table}"], {}, 2, "one negotiation"),
    ("validate-dev-zero", ["scenario", "validate", "/dev/zero"], {}, 1, "must be a regular file"),
    ("validate-fifo", ["scenario", "validate", "{fifo}"], {}, 1, "must be a regular file"),
    ("forecast-fifo", ["forecast", "{fifo}", *QUICK, "--no-save"], {}, 2, "must be a regular file"),
    ("table-dev-zero", ["compare", "--table", "/dev/zero"], {}, 2, "must be a regular file"),
    ("ktab-xml-too-deep", ["compare", "--ktab", "{deep}"], {}, 2, "DETENTE_MAX_XML_DEPTH"),
    ("ktab-over-size-limit", ["compare", "--ktab", "{ktab}"], {"DETENTE_MAX_KTAB_BYTES": "100"}, 2, "DETENTE_MAX_KTAB_BYTES"),
    ("table-over-size-limit", ["compare", "--table", "{table}"], {"DETENTE_MAX_TABLE_BYTES": "10"}, 2, "DETENTE_MAX_TABLE_BYTES"),
    ("scenario-over-size-limit", ["scenario", "validate", "{mini}"], {"DETENTE_MAX_SCENARIO_BYTES": "100"}, 1, "DETENTE_MAX_SCENARIO_BYTES"),
    ("table-too-many-actors", ["compare", "--table", "{big}"], {}, 2, "DETENTE_MAX_ACTORS=260"),
    ("ktab-too-many-actors", ["compare", "--ktab", "{ktab}"], {"DETENTE_MAX_ACTORS": "3"}, 2, "the number of actors must be at most 3"),
    ("store-in-memory", ["forecast", MINI, *QUICK, "--no-report"], {"DETENTE_RUNS_URL": "sqlite:///:memory:"}, 2, "persists"),
    ("store-corrupt", ["forecast", MINI, *QUICK, "--no-report"], {"DETENTE_RUNS_URL": "sqlite:///{corrupt}"}, 2, "corrupt"),
    ("store-url-not-a-url", ["runs", "list"], {"DETENTE_RUNS_URL": "nonsense"}, 2, "must be an SQLAlchemy URL"),
    ("store-url-is-a-folder", ["runs", "list", "--url", "sqlite:///{folder}"], {}, 2, "not a folder"),
    ("store-driver-missing", ["runs", "list", "--url", "mysql+nosuchdriver://u@h/db"], {}, 2, "driver"),
    ("store-postgres-unreachable", ["runs", "list", "--url", "postgresql+psycopg://u:pw@127.0.0.1:9/db?connect_timeout=3"], {}, 2, "must be reachable"),
]
# fmt: on


def _check_clean(res: Result, code: int, fragment: str) -> str:
    out = " ".join(re.sub("[│╭╮╰╯─]", " ", res.output).split())  # typer's error box
    assert res.exit_code == code, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert fragment in out, out
    assert "Traceback" not in out and "This is a bug" not in out, out
    assert "Fix:" in out, out
    return out


@pytest.mark.parametrize(
    ("argv", "env", "code", "fragment"),
    [pytest.param(a, e, c, f, id=i) for i, a, e, c, f in CASES],
)
def test_hostile_command_line_gives_one_clear_error(
    argv: list[str],
    env: dict[str, str],
    code: int,
    fragment: str,
    files: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each case exits 1 or 2 with a message naming the problem and the fix."""
    for k, v in env.items():
        monkeypatch.setenv(k, v.format(**files))
    res = runner.invoke(app, _fill(argv, files))
    _check_clean(res, code, fragment.format(**files))


def test_months_beyond_the_horizon_limit_is_refused() -> None:
    """--months is bounded (240) by the option itself, before anything runs."""
    res = runner.invoke(app, ["forecast", MINI, "--months", "100000", "--no-save"])
    assert res.exit_code == 2 and "240" in res.output and "Traceback" not in res.output


def test_an_unreadable_scenario_names_the_permission(
    files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scenario without read permission says so (simulated: the tests may run as root)."""
    real = os.open

    def denied(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path) == MINI:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    for argv, code in ((["scenario", "validate", MINI], 1), (["forecast", MINI, "--no-save"], 2)):
        _check_clean(runner.invoke(app, argv), code, "must be readable")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_scenario_for_real(tmp_path: Path) -> None:
    """The same with a real chmod 000 file."""
    path = tmp_path / "secret.yaml"
    path.write_text("schema_version: 1\n")
    path.chmod(0)
    _check_clean(runner.invoke(app, ["scenario", "validate", str(path)]), 1, "must be readable")


def test_an_unwritable_working_folder_fails_before_the_forecast(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The default report.html in a folder nobody can write (/proc) fails before any work."""
    monkeypatch.chdir("/proc")
    monkeypatch.setattr("detente.cli.forecast.run_forecast", _no_computation)
    res = runner.invoke(app, ["forecast", MINI, *QUICK, "--no-save"])
    _check_clean(res, 2, "--report must be in a folder you can write to")


def _no_computation(*_a: Any, **_k: Any) -> Any:
    msg = "the forecast was computed before the failing check"
    raise AssertionError(msg)


def test_a_bad_store_fails_before_the_forecast_is_computed(
    files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store is opened (and migrated) first, so its failure costs no computation."""
    monkeypatch.setenv("DETENTE_RUNS_URL", f"sqlite:///{files['corrupt']}")
    monkeypatch.setattr("detente.cli.forecast.run_forecast", _no_computation)
    res = runner.invoke(app, ["forecast", MINI, *QUICK, "--no-report"])
    _check_clean(res, 2, "corrupt")


def test_a_report_write_error_is_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An OSError while writing the report (e.g. a full disk) is a clear error, exit 2."""

    def full(*_a: Any, **_k: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("detente.cli.forecast.write_report", full)
    res = runner.invoke(app, ["forecast", MINI, *QUICK, "--report", str(tmp_path / "r.html")])
    _check_clean(res, 2, "No space left on device")


@pytest.mark.parametrize(
    "argv",
    [["forecast", MINI, *QUICK, "--no-save", "--no-report"], ["levers", MINI, *QUICK]],
    ids=["forecast", "levers"],
)
def test_workers_beyond_the_cpus_are_capped_with_a_note(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--workers 40 on a 1-CPU machine runs with 1 and says so (same numbers)."""
    monkeypatch.setattr("detente.cli._checks.usable_cpus", lambda: 1)
    res = runner.invoke(app, [*argv, "--workers", "40"])
    assert res.exit_code == 0, res.output
    assert "--workers 40 capped at 1" in " ".join(res.output.split())


FORK_FAILS = """
import errno, os, sys
real, count, allowed = os.fork, [0], int(sys.argv[1])
def fork():
    count[0] += 1
    if count[0] > allowed:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
    return real()
os.fork = fork
sys.argv = ["detente", *sys.argv[2:]]
from detente.cli import main
main()
"""


@pytest.mark.parametrize("forks_ok", [0, 1])
def test_workers_that_cannot_start_give_an_error_and_exit(forks_ok: int, tmp_path: Path) -> None:
    """Under a process limit (fork fails after ``forks_ok`` processes) the command exits
    with a clear error instead of hanging."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    argv = ["forecast", MINI, "-n", "30000", "-m", "2", "--workers", "2", "--no-save"]
    env = {**os.environ, "DETENTE_RUNS_URL": f"sqlite:///{tmp_path / 'r.sqlite'}"}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", FORK_FAILS, str(forks_ok), *argv, "--no-report"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    out = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode == 2, out
    assert "worker processes must start" in out and "--workers 1" in out, out
    assert "Traceback" not in out and "This is a bug" not in out
    assert time.monotonic() - start < 110


def test_a_deu_device_is_refused_without_reading_it() -> None:
    """--deu /dev/zero: refused at once as no regular file (the size is read from the stream)."""
    res = CliRunner().invoke(app, ["compare", "--deu", "/dev/zero"])
    assert res.exit_code in (1, 2), res.output
    assert "regular file" in res.output and "Traceback" not in res.output
