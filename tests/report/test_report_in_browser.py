"""report.html in a real headless Chromium, offline: every chart draws, nothing calls out.

Screenshots go to the test's temporary folder; the README's picture is made by
scripts/readme_figures.py, never by a test run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from detente.report import write_report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def _chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (install Debian's chromium: source .ci/browser.sh)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser test: {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture
def report(tmp_path: Path, full_doc: Any, small: Any, forecasts: list[Any]) -> Path:
    """A full report of the small scenario, written to disk."""
    return write_report(
        tmp_path / "report.html",
        full_doc,
        small,
        forecasts=forecasts,
        zopa_issues=("land", "alliance"),
    )


_DRAWN = """
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => {
  const svg = el.querySelector('.main-svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const traces = el.querySelectorAll('.trace, .contour, .hm, image').length;
  return {id: el.id, width: box.width, height: box.height, data: (el.data || []).length, traces};
})
"""


def _open(report: Path, screenshot: Path | None = None) -> tuple[list[Any], list[str], list[str]]:
    """Load ``report`` offline; return each chart's drawn state, console errors, remote URLs."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = _chromium()
    off_machine: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if urlparse(r.request.url).scheme in ("file", "data", "blob", "about"):
            r.continue_()
        else:
            off_machine.append(r.request.url)
            r.abort()

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(executable), args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
            page = context.new_page()
            page.route("**/*", route)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(report.as_uri(), wait_until="load")
            page.wait_for_function(
                "() => document.querySelectorAll('.js-plotly-plot').length > 0 && "
                "Array.from(document.querySelectorAll('.js-plotly-plot'))"
                ".every(el => el.querySelector('.main-svg'))",
                timeout=60_000,
            )
            charts = page.evaluate(_DRAWN)
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), full_page=False)
        finally:
            browser.close()
    return charts, errors, off_machine


def _empty(charts: list[Any]) -> list[Any]:
    return [c for c in charts if not (c["width"] and c["height"] and c["data"] and c["traces"])]


def test_report_draws_every_chart_offline(report: Path) -> None:
    """Every chart has drawn with traces, with no console error and no request off the machine."""
    charts, errors, off_machine = _open(report)
    ids = {c["id"] for c in charts}
    assert {
        "fig-deal-by-month",
        "fig-time-to-deal",
        "fig-terms",
        "fig-eu-trace",
        "fig-network",
        "fig-scorecard",
        "fig-tornado",
        "fig-zopa",
    } <= ids
    assert _empty(charts) == []
    assert errors == []
    assert off_machine == []


def test_builtin_forecast_report_draws_offline(tmp_path: Path) -> None:
    """The built-in scenario's real report (simulated, scored, swung) draws every chart too."""
    from detente.dynamics import RunSpec
    from detente.pipeline import run_forecast
    from detente.scenario import load_scenario

    scenario = load_scenario("ukraine-2025-09")
    run = run_forecast(scenario, RunSpec(n_draws=3000, seed=1, whatif_pilot=200))
    assert run.result.p_deal > 0, "the 24-month horizon should hold some deals to draw"
    html = write_report(tmp_path / "report.html", run.document, scenario, forecasts=run.forecasts)
    shot = tmp_path / "first-screen.png"
    charts, errors, off_machine = _open(html, shot)
    assert len(charts) >= 7
    assert _empty(charts) == []
    assert shot.stat().st_size > 10_000
    assert errors == []
    assert off_machine == []
