"""The HTTP API (FastAPI; its OpenAPI document is served at ``/openapi.json``).

Every scenario a request names or uploads goes through the same loader as the command line
(safe YAML, the size cap, the schema and its checks), and an invalid one gets a 422 listing
every problem with its field and fix. Uploads are validated in memory and never written to
disk. Forecasts run off the request path in a bounded pool (``ApiLimits``): ``POST
/api/forecasts`` answers 202 with a job to poll, 429 when the pool is full.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from typing import Annotated, Any

import numpy as np
from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field

from detente import __version__
from detente.api.explorer import explorer_router, explorer_view
from detente.api.jobs import JobQueue, QueueFullError
from detente.api.limits import ApiLimits
from detente.dynamics import RunSpec
from detente.errors import DetenteError, Problem, ScenarioError
from detente.models import get_model
from detente.models.network import trade_network
from detente.pipeline import run_forecast
from detente.runs import RunStore
from detente.scenario import Scenario, builtin_names
from detente.scenario.loader import builtin_path, parse_yaml, validate_data
from detente.scenario.overrides import load_with_overrides, text_with_overrides
from detente.whatif import evaluate_proposals
from detente.whatif.controls import control_sets
from detente.whatif.gaps import offer_gaps

__all__ = ["create_app"]

UPLOAD = "upload.yaml"
"""The name an uploaded scenario goes by in its problems (it never becomes a file)."""

MAX_SETS = 50


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScenarioSource(_Request):
    """A built-in scenario by name, or scenario YAML in the request; ``sets`` are what-ifs."""

    scenario: str | None = Field(
        default=None, max_length=200, description="A built-in scenario's name."
    )
    yaml: str | None = Field(default=None, description="A scenario file's text (not stored).")
    sets: list[Annotated[str, Field(max_length=500)]] = Field(
        default_factory=list,
        max_length=MAX_SETS,
        description="What-if overrides, `path=value` as `detente forecast --set`.",
    )
    controls: dict[Annotated[str, Field(max_length=200)], bool | float] = Field(
        default_factory=dict,
        max_length=MAX_SETS,
        description="The explorer's controls (`GET /api/scenarios/{name}/controls`), id → "
        "value; translated to `sets` after those given, and echoed back as `sets`.",
    )


class ForecastRequest(ScenarioSource):
    """A forecast to run: the scenario and the run's size (capped by the server's limits)."""

    draws: int = Field(default=2_000, ge=1, description="Monte Carlo draws.")
    months: int = Field(default=24, ge=1, le=240, description="Months to simulate.")
    seed: int = Field(default=42, ge=0, le=2**32 - 1, description="Random seed.")
    proposals: bool = Field(default=True, description="Also score the named proposals.")
    precision: float = Field(
        default=0.02,
        ge=0.005,
        le=0.25,
        description="The scorecard's target 90% half-width on each P(accept): it sets the "
        "scorecard's draws (0.05 → 271 draws, for a live view).",
    )
    save: bool = Field(default=False, description="Remember the run in the run store.")


class PackageRequest(ScenarioSource):
    """An ad-hoc package to put to every actor, issue by issue (the rest left open)."""

    package: dict[Annotated[str, Field(max_length=100)], float | str] = Field(
        min_length=1,
        max_length=100,
        description="Issue id → a value on the issue's scale or an option id.",
    )
    draws: int = Field(default=2_000, ge=1, description="Draws of the uncertain inputs.")
    seed: int = Field(default=42, ge=0, le=2**32 - 1, description="Random seed.")


class ValidationRequest(_Request):
    """Scenario YAML to validate."""

    yaml: str = Field(description="A scenario file's text.")


def _problems(problems: list[Problem]) -> list[dict[str, Any]]:
    return [
        {"file": p.file, "line": p.line, "field": p.path, "message": p.message, "fix": p.fix}
        for p in problems
    ]


def _jsonable(value: Any) -> Any:
    """Plain JSON: NaN and infinities become null (JSON has neither)."""
    if isinstance(value, float):
        return value if np.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return _jsonable(value.item())
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def request_key(req: ForecastRequest, sets: list[str]) -> str:
    """A forecast request's identity: the same key, the same numbers (the seed is in it)."""
    what = req.model_dump(exclude={"save", "controls", "sets"})
    if req.yaml is not None:
        what["yaml"] = hashlib.sha256(req.yaml.encode("utf-8")).hexdigest()
    what["sets"] = sets
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode("utf-8")).hexdigest()


def warm_up(name: str = "ukraine-2025-09") -> None:
    """Parse the built-in and run a tiny forecast once, so the first what-if a person makes
    does not pay for reading the file and compiling the simulation's kernels."""
    scenario = load_with_overrides(name, [])
    spec = RunSpec(n_draws=50, n_months=2, seed=0, workers=1, whatif_half_width=0.25)
    run_forecast(scenario, spec, analyses=("proposals",))


def create_app(
    limits: ApiLimits | None = None, store_url: str | None = None, *, warm: bool = False
) -> FastAPI:
    """The API app. ``store_url``: the run store (default: the user's, as ``detente runs``);
    ``warm``: warm up (:func:`warm_up`) in the background as the server starts."""
    lim = limits or ApiLimits()
    queue = JobQueue(lim.concurrency, lim.max_queued, lim.max_kept)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        if warm:
            threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
        yield
        queue.shutdown()

    app = FastAPI(
        title="detente",
        version=__version__,
        summary="Forecasts of multi-party peace negotiations: scenarios, what-ifs, runs.",
        lifespan=lifespan,
    )
    app.include_router(explorer_router())

    def load(src: ScenarioSource) -> Scenario:
        """The request's scenario through the command line's loader, or a 4xx saying why."""
        return load_sets(src)[0]

    def load_sets(src: ScenarioSource) -> tuple[Scenario, list[str]]:
        """The scenario with its what-ifs applied, and every ``--set`` that made them."""
        base = _load(src)
        if not src.controls:
            return base, list(src.sets)
        try:
            sets = list(src.sets) + control_sets(base, src.controls)
        except ScenarioError as exc:
            raise HTTPException(
                422, {"message": "a control is invalid", "problems": _problems(exc.problems)}
            ) from exc
        return _load(src.model_copy(update={"sets": sets, "controls": {}})), sets

    def _load(src: ScenarioSource) -> Scenario:
        if (src.scenario is None) == (src.yaml is None):
            raise HTTPException(422, {"message": "give exactly one of 'scenario' and 'yaml'"})
        try:
            if src.yaml is not None:
                size = len(src.yaml.encode("utf-8"))
                if size > lim.max_upload_bytes:
                    msg = f"the scenario is {size:,} bytes; the limit is {lim.max_upload_bytes:,}"
                    raise HTTPException(413, {"message": msg})
                return text_with_overrides(src.yaml, UPLOAD, src.sets)
            if src.scenario not in builtin_names():
                raise HTTPException(
                    404,
                    {"message": f"no built-in scenario {src.scenario!r}; GET /api/scenarios"},
                )
            return load_with_overrides(src.scenario, src.sets)
        except ScenarioError as exc:
            raise HTTPException(
                422, {"message": "the scenario is invalid", "problems": _problems(exc.problems)}
            ) from exc

    def capped(draws: int, months: int) -> None:
        if draws > lim.max_draws or months > lim.max_months:
            msg = (
                f"asked for {draws:,} draws x {months} months; this server allows at most "
                f"{lim.max_draws:,} draws and {lim.max_months} months per request"
            )
            raise HTTPException(422, {"message": msg})

    catalogue: list[dict[str, Any]] = []

    @app.get("/api/scenarios", tags=["scenarios"])
    def list_scenarios() -> list[dict[str, Any]]:
        """The built-in scenarios: name, title, as-of date (read once, without validating
        each; ``GET /api/scenarios/{name}`` validates the one asked for)."""
        if not catalogue:
            for name in builtin_names():
                data, _ = parse_yaml(builtin_path(name).read_text(encoding="utf-8"))
                catalogue.append(
                    {
                        "name": name,
                        "title": str(data.get("title", name)),
                        "as_of": str(data.get("as_of", "")),
                    }
                )
        return catalogue

    @app.get("/api/scenarios/{name}", tags=["scenarios"])
    def get_scenario(name: str) -> dict[str, Any]:
        """One built-in scenario, validated, as JSON."""
        s = load(ScenarioSource(scenario=name))
        return dict(_jsonable(s.model_dump(mode="json")))

    @app.post("/api/scenarios/validate", tags=["scenarios"])
    def validate(req: ValidationRequest) -> dict[str, Any]:
        """Validate scenario YAML (never stored): ``ok`` and every problem, field and fix."""
        try:
            load(ScenarioSource(yaml=req.yaml))
        except HTTPException as exc:
            if exc.status_code != 422:
                raise
            detail: dict[str, Any] = exc.detail if isinstance(exc.detail, dict) else {}
            return {"ok": False, "problems": detail.get("problems", [])}
        return {"ok": True, "problems": []}

    @app.post("/api/forecasts", status_code=202, tags=["forecasts"])
    def start_forecast(req: ForecastRequest) -> dict[str, Any]:
        """Start a forecast off the request path; poll ``GET /api/forecasts/{id}``.

        The same request (scenario, what-ifs, draws, months, seed, precision) made again
        while its job is remembered gets that job back, ``cached: true``, at no cost.
        """
        capped(req.draws, req.months)
        scenario, sets = load_sets(req)
        spec = RunSpec(
            n_draws=req.draws,
            n_months=req.months,
            seed=req.seed,
            workers=1,
            whatif_half_width=req.precision,
        )
        analyses = ("proposals",) if req.proposals else ()
        key = None if req.save else request_key(req, sets)

        def work(update: Callable[[int, int], None]) -> dict[str, Any]:
            @contextmanager
            def progress(_label: str) -> Iterator[Callable[[int, int], None]]:
                yield update

            run = run_forecast(scenario, spec, analyses=analyses, progress=progress)
            result = _jsonable(json.loads(run.document.model_dump_json()))
            result["whatif"] = {"sets": sets, "controls": dict(req.controls)}
            if req.save:
                with RunStore(store_url) as store:
                    result["run_id"] = store.save(run.document, scenario, note="api")
            return dict(result)

        try:
            job, cached = queue.submit(work, key=key)
        except QueueFullError as exc:
            raise HTTPException(429, {"message": str(exc)}) from exc
        return {
            "id": job.id,
            "status": job.view()["status"],
            "cached": cached,
            "sets": sets,
            "poll": f"/api/forecasts/{job.id}",
        }

    @app.get("/api/forecasts/{job_id}", tags=["forecasts"])
    def poll_forecast(job_id: str) -> dict[str, Any]:
        """A forecast's status and progress; its document (``forecast.json``) once done."""
        job = queue.get(job_id)
        if job is None:
            raise HTTPException(404, {"message": f"no forecast {job_id!r} (finished ones expire)"})
        return job.view()

    @app.post("/api/packages/score", tags=["what-if"])
    def score_package(req: PackageRequest) -> dict[str, Any]:
        """Put a package to every actor with the simulation's own rule (first month).

        ``verdicts``: each actor's accept or refuse, P(accept) over the uncertainty, the
        binding reason and issue, and the deal's durability; ``gaps``: per actor and issue,
        how far the offer is from the actor's acceptable set (unit scale, see
        ``detente.whatif.gaps``); ``sets``: the what-ifs it was scored under.
        """
        capped(req.draws, 1)
        scenario, sets = load_sets(req)
        data = scenario.model_dump(mode="json", exclude_none=True)
        data["proposals"] = [
            {
                "id": "your_package",
                "name": "Your package",
                "author": "you",
                "date": scenario.as_of.isoformat(),
                "terms": dict(req.package),
                "evidence": [{"judgement": "a package put by the user of the API"}],
            }
        ]
        v = validate_data(data, {}, "package")
        if not v.ok or v.scenario is None:
            raise HTTPException(
                422, {"message": "the package is invalid", "problems": _problems(v.errors)}
            )
        card = evaluate_proposals(v.scenario, n_draws=req.draws, seed=req.seed, n_months=1)
        gaps = offer_gaps(v.scenario, v.scenario.proposals[0].terms)
        return {
            "verdicts": _jsonable(card.to_dict(orient="records")),
            "gaps": _jsonable(gaps.to_dict(orient="records")),
            "sets": sets,
        }

    @app.get("/api/scenarios/{name}/controls", tags=["what-if"])
    def scenario_controls(name: str) -> dict[str, Any]:
        """What the explorer needs to draw a scenario: its controls (id, kind, range,
        baseline value, the ``--set`` path it moves), issues with their scales, actors and
        named proposals."""
        return dict(_jsonable(explorer_view(load(ScenarioSource(scenario=name)))))

    networks: dict[str, dict[str, Any]] = {}

    @app.get("/api/scenarios/{name}/network", tags=["what-if"])
    def scenario_network(name: str) -> dict[str, Any]:
        """Who trades with whom: the exchange model's trades and KTAB's challenges and
        coalitions on the scenario at its median inputs (``detente.models.network``)."""
        if name not in networks:
            sc = load(ScenarioSource(scenario=name))
            forecasts = [get_model(m).forecast(sc, seed=0) for m in ("exchange", "ktab-smp")]
            networks[name] = dict(_jsonable(trade_network(forecasts).to_dict()))
        return networks[name]

    def store() -> AbstractContextManager[RunStore]:
        try:
            return RunStore(store_url, writable=False)
        except DetenteError as exc:
            raise HTTPException(503, {"message": str(exc)}) from exc

    @app.get("/api/runs", tags=["runs"])
    def list_runs(limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:
        """Stored runs, newest first."""
        with store() as st:
            return [_jsonable(vars(r)) for r in st.list(limit=limit)]

    @app.get("/api/runs/compare", tags=["runs"])
    def compare_runs(
        a: Annotated[str, Query(max_length=100)], b: Annotated[str, Query(max_length=100)]
    ) -> dict[str, Any]:
        """Two stored runs side by side: headline changes and the inputs that differ."""
        with store() as st:
            try:
                d = st.diff(a, b)
            except DetenteError as exc:
                raise HTTPException(404, {"message": str(exc)}) from exc
        return {
            "a": d.a,
            "b": d.b,
            "same_scenario": d.same_scenario,
            "headline": _jsonable(d.headline.to_dict(orient="records")),
            "inputs": _jsonable(d.inputs.to_dict(orient="records")),
        }

    return app
