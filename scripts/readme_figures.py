"""Regenerate the README's screenshot from the built-in scenario's real report.

Runs `detente forecast` as the README's first command does (the library pipeline at the
RunSpec defaults), writes the report, opens it in Debian's headless Chromium (offline) and
saves the first screen as docs/img/report.png, with docs/img/report.png.json recording what
the picture shows (scenario, seed, draws, the PNG's sha256). tests/test_readme.py fails when
the README's caption and that record disagree, or the picture was replaced by hand.

    python scripts/readme_figures.py        # needs the test extra (playwright) and chromium
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

from detente.dynamics import RunSpec
from detente.pipeline import run_forecast
from detente.report import write_report
from detente.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
PNG = ROOT / "docs" / "img" / "report.png"
SCENARIO = "ukraine-2025-09"
CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    from playwright.sync_api import sync_playwright

    spec = RunSpec(workers=RunSpec.default_workers())
    scenario = load_scenario(SCENARIO)
    run = run_forecast(scenario, spec)
    with tempfile.TemporaryDirectory() as d:
        html = write_report(
            Path(d) / "report.html", run.document, scenario, forecasts=run.forecasts
        )
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
            )
            page = browser.new_context(
                viewport={"width": 1280, "height": 900}, offline=True
            ).new_page()
            page.goto(html.as_uri(), wait_until="load")
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                ".every(el => el.querySelector('.main-svg'))",
                timeout=60_000,
            )
            PNG.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(PNG), full_page=False)
            browser.close()
    record = {
        "scenario": scenario.id,
        "title": scenario.title,
        "seed": run.document.run.seed,
        "n_draws": run.document.run.n_draws,
        "p_deal_by_horizon": run.document.headline.p_deal_by_horizon,
        "sha256": hashlib.sha256(PNG.read_bytes()).hexdigest(),
        "generated_by": "scripts/readme_figures.py",
    }
    PNG.with_suffix(".png.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {PNG.relative_to(ROOT)} ({record['scenario']}, seed {record['seed']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
