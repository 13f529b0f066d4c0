"""report.html in a real headless Chromium, offline: every chart draws, nothing calls out.

Also saves the screenshot the README shows (docs/img/report.png).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from detente.report import write_report

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "report.png"
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


def test_report_draws_every_chart_offline(report: Path) -> None:
    """Every chart has drawn with traces, with no console error and no request off the machine."""
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
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=False)
        finally:
            browser.close()
    ids = {c["id"] for c in charts}
    assert {
        "fig-deal-by-month",
        "fig-time-to-deal",
        "fig-terms",
        "fig-eu-trace",
        "fig-scorecard",
        "fig-tornado",
        "fig-zopa",
    } <= ids
    empty = [
        c
        for c in charts
        if c["width"] == 0 or c["height"] == 0 or c["data"] == 0 or c["traces"] == 0
    ]
    assert empty == []
    assert errors == []
    assert off_machine == []
    assert SCREENSHOT.stat().st_size > 10_000
