"""The what-if explorer: one static page (HTML, JS, CSS) over the JSON API, and plotly.js
from the installed ``plotly`` package — no CDN, no build step, so the page works offline.

Only the files named in ``_FILES`` are served, from the package itself; nothing a request
uploads is ever written where it could be served.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, RedirectResponse

from detente.scenario.scales import scale_of
from detente.scenario.schema import Scenario
from detente.whatif.controls import controls

__all__ = ["explorer_router", "explorer_view", "plotly_js_path"]

_MEDIA = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
_FILES = ("explorer.html", "explorer.js", "explorer.css")


def plotly_js_path() -> Path:
    """The minified plotly.js bundled with the installed ``plotly`` Python package."""
    path = Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))
    if not path.is_file():  # pragma: no cover - every plotly wheel ships it
        msg = f"plotly.min.js is missing from the plotly package ({path}); reinstall plotly"
        raise FileNotFoundError(msg)
    return path


def _static(name: str) -> Path:
    return Path(str(resources.files("detente.api") / "static" / name))


def explorer_view(scenario: Scenario) -> dict[str, Any]:
    """The scenario as the page draws it: controls, issue scales, actors, proposals."""
    issues = []
    for issue in scenario.issues:
        sc = scale_of(issue)
        issues.append(
            {
                "id": issue.id,
                "name": issue.name,
                "track": issue.track,
                "kind": sc.kind,
                "low": sc.low,
                "high": sc.high,
                "unit": sc.unit,
                "options": [
                    {"id": i, "label": lab, "point": pt}
                    for i, lab, pt in zip(
                        sc.option_ids, sc.option_labels, sc.option_points, strict=True
                    )
                ],
                "status_quo": issue.status_quo,
            }
        )
    return {
        "id": scenario.id,
        "title": scenario.title,
        "as_of": scenario.as_of.isoformat(),
        "controls": [c.to_dict() for c in controls(scenario)],
        "issues": issues,
        "actors": [
            {"id": a.id, "name": a.name, "role": a.role, "at_table": a.at_table}
            for a in scenario.actors
        ],
        "proposals": [
            {"id": p.id, "name": p.name, "terms": dict(p.terms)} for p in scenario.proposals
        ],
    }


def explorer_router() -> APIRouter:
    """``/`` (redirects to the page), ``/explorer`` and its three static files."""
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def root() -> RedirectResponse:
        return RedirectResponse("/explorer")

    @router.get("/explorer")
    def page() -> FileResponse:
        return FileResponse(_static("explorer.html"), media_type="text/html")

    @router.get("/static/{name}")
    def static(name: str) -> FileResponse:
        if name == "plotly.min.js":
            return FileResponse(plotly_js_path(), media_type="text/javascript")
        if name not in _FILES:
            raise HTTPException(404, {"message": f"no static file {name!r}"})
        return FileResponse(_static(name), media_type=_MEDIA[Path(name).suffix])

    return router
