"""The HTTP API: every route through the command line's loader, caps as 4xx, jobs off the path."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from detente.api import ApiLimits, create_app
from detente.scenario import builtin_names

MINI = Path(__file__).parents[1] / "dynamics" / "data" / "mini_ukraine.yaml"
LIMITS = ApiLimits(max_draws=2_000, max_months=24, max_upload_bytes=100_000, max_queued=2)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(LIMITS, store_url=f"sqlite:///{tmp_path / 'runs.db'}")
    with TestClient(app) as c:
        yield c


def _wait(client: TestClient, job: str, timeout: float = 120.0) -> dict[str, Any]:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        view: dict[str, Any] = client.get(f"/api/forecasts/{job}").json()
        if view["status"] in ("done", "failed"):
            return view
        time.sleep(0.2)
    pytest.fail(f"forecast {job} did not finish in {timeout} s")


def test_lists_and_serves_the_built_in_scenarios(client: TestClient) -> None:
    names = [s["name"] for s in client.get("/api/scenarios").json()]
    assert names == builtin_names() and "ukraine-2025-09" in names
    s = client.get("/api/scenarios/ukraine-2025-09").json()
    assert s["id"] == "ukraine-2025-09" and s["war"]["sides"] == ["russia", "ukraine"]
    missing = client.get("/api/scenarios/no-such-scenario")
    assert (
        missing.status_code == 404 and "GET /api/scenarios" in missing.json()["detail"]["message"]
    )


def test_validation_names_the_field_and_the_fix_and_never_runs_code(client: TestClient) -> None:
    good = client.post("/api/scenarios/validate", json={"yaml": MINI.read_text()}).json()
    assert good == {"ok": True, "problems": []}
    bad_text = MINI.read_text().replace("capability: 0.55", "capability: -1", 1)
    bad = client.post("/api/scenarios/validate", json={"yaml": bad_text}).json()
    assert not bad["ok"]
    assert any("capability" in p["field"] and p["line"] for p in bad["problems"])
    unsafe = "!!python/object/apply:os.system ['touch /tmp/detente-pwned']\n"
    r = client.post("/api/scenarios/validate", json={"yaml": unsafe}).json()
    assert not r["ok"] and not Path("/tmp/detente-pwned").exists()


def test_an_upload_over_the_size_cap_is_413(client: TestClient) -> None:
    r = client.post("/api/scenarios/validate", json={"yaml": "#" * 200_000})
    assert r.status_code == 413 and "limit" in r.json()["detail"]["message"]


def test_a_forecast_runs_off_the_request_path_and_reports_progress(client: TestClient) -> None:
    r = client.post("/api/forecasts", json={"yaml": MINI.read_text(), "draws": 600, "months": 12})
    assert r.status_code == 202
    view = _wait(client, r.json()["id"])
    assert view["status"] == "done", view.get("error")
    assert view["progress"] == {"done": 600, "total": 600}
    doc = view["result"]
    assert doc["run"]["n_draws"] == 600 and len(doc["p_settlement_by_month"]) == 12
    assert 0.0 <= doc["headline"]["p_deal_by_horizon"] <= 1.0
    assert doc["proposals"], "the scorecard is part of the live view"


def test_a_what_if_moves_the_forecast_as_the_model_says(client: TestClient) -> None:
    """Switching on the miniature's guarantee lever (a --set what-if) raises P(deal), as the
    behaviour tests say a credible guarantee does (Walter 2002)."""
    text = MINI.read_text()
    jobs = [
        client.post(
            "/api/forecasts",
            json={"yaml": text, "draws": 2_000, "proposals": False, "sets": sets},
        )
        for sets in ([], ["levers.europe_guarantee.active=true"])
    ]
    p = [_wait(client, r.json()["id"])["result"]["headline"]["p_deal_by_horizon"] for r in jobs]
    assert p[1] > p[0]


def test_over_the_caps_and_malformed_requests_are_4xx_with_a_message(client: TestClient) -> None:
    big = client.post("/api/forecasts", json={"scenario": "ukraine-2025-09", "draws": 50_000})
    assert big.status_code == 422 and "at most 2,000 draws" in big.json()["detail"]["message"]
    both = client.post("/api/forecasts", json={"scenario": "ukraine-2025-09", "yaml": "x: 1"})
    assert both.status_code == 422 and "exactly one" in both.json()["detail"]["message"]
    typo = client.post("/api/forecasts", json={"scenario": "ukraine-2025-09", "drawz": 5})
    assert typo.status_code == 422
    bad_set = client.post(
        "/api/forecasts", json={"scenario": "ukraine-2025-09", "sets": ["war.nope=1"]}
    )
    assert bad_set.status_code == 422 and bad_set.json()["detail"]["problems"]
    assert client.get("/api/forecasts/0000").status_code == 404


def test_the_queue_is_bounded(client: TestClient) -> None:
    text = MINI.read_text()
    codes = [
        client.post(
            "/api/forecasts", json={"yaml": text, "draws": 2_000, "months": 24, "seed": k}
        ).status_code
        for k in range(6)
    ]
    assert codes.count(202) >= 2 and 429 in codes


def test_the_same_request_again_is_served_from_the_cache(client: TestClient) -> None:
    """Same scenario, what-ifs, size and seed: the same job back, ``cached``, no new work."""
    body = {"yaml": MINI.read_text(), "draws": 200, "months": 6, "seed": 7, "proposals": False}
    first = client.post("/api/forecasts", json=body).json()
    done = _wait(client, first["id"])
    again = client.post("/api/forecasts", json=body).json()
    assert first["cached"] is False and again["cached"] is True
    assert again["id"] == first["id"]
    assert client.get(again["poll"]).json()["result"] == done["result"]
    other = client.post("/api/forecasts", json={**body, "seed": 8}).json()
    assert other["cached"] is False and other["id"] != first["id"]


def test_a_package_gets_each_actors_verdict(client: TestClient) -> None:
    r = client.post(
        "/api/packages/score",
        json={
            "yaml": MINI.read_text(),
            "package": {"territory": 0, "security": "none"},
            "draws": 300,
        },
    )
    assert r.status_code == 200
    verdicts = r.json()["verdicts"]
    actors = {v["actor"] for v in verdicts}
    assert {"russia", "ukraine"} <= actors
    assert all(0.0 <= v["p_accept"] <= 1.0 for v in verdicts)
    bad = client.post(
        "/api/packages/score", json={"yaml": MINI.read_text(), "package": {"security": "nope"}}
    )
    assert bad.status_code == 422 and "security" in str(bad.json()["detail"]["problems"])


def test_saved_runs_are_listed_and_compared(client: TestClient) -> None:
    text = MINI.read_text()
    ids = []
    for sets in ([], ["war.beliefs.russia.optimism=0"]):
        r = client.post(
            "/api/forecasts",
            json={
                "yaml": text,
                "draws": 500,
                "months": 6,
                "proposals": False,
                "save": True,
                "sets": sets,
            },
        )
        ids.append(_wait(client, r.json()["id"])["result"]["run_id"])
    listed = [r["id"] for r in client.get("/api/runs").json()]
    assert set(ids) <= set(listed)
    d = client.get("/api/runs/compare", params={"a": ids[0], "b": ids[1]}).json()
    assert not d["same_scenario"]
    assert any("optimism" in row["path"] for row in d["inputs"])
    assert client.get("/api/runs/compare", params={"a": ids[0], "b": "zzzz"}).status_code == 404


def test_controls_describe_the_main_levers_and_become_sets(client: TestClient) -> None:
    view = client.get("/api/scenarios/ukraine-2025-09/controls").json()
    ids = {c["id"] for c in view["controls"]}
    assert {
        "cred.credible_western_guarantee",
        "on.include_europe",
        "level.stalemate_aid",
        "opt.russia",
        "seat.europe",
    } <= ids
    assert {i["id"] for i in view["issues"]} >= {"donbas", "nato"}
    r = client.post(
        "/api/forecasts",
        json={
            "scenario": "ukraine-2025-09",
            "draws": 100,
            "months": 3,
            "proposals": False,
            "controls": {"seat.europe": True, "opt.russia": 0.0},
        },
    ).json()
    assert "actors.europe.at_table=true" in r["sets"]
    assert any(s.startswith("war.beliefs.russia.optimism=") for s in r["sets"])
    done = _wait(client, r["id"])
    assert done["result"]["whatif"]["sets"] == r["sets"]
    bad = client.post(
        "/api/forecasts", json={"scenario": "ukraine-2025-09", "controls": {"opt.russia": 9.0}}
    )
    assert bad.status_code == 422
    assert bad.json()["detail"]["problems"][0]["field"] == "opt.russia"


def test_a_package_gets_gaps_to_each_acceptable_set(client: TestClient) -> None:
    r = client.post(
        "/api/packages/score",
        json={"scenario": "ukraine-2025-09", "draws": 200, "package": {"donbas": 0.0}},
    )
    assert r.status_code == 200, r.text
    gaps = r.json()["gaps"]
    assert {g["actor"] for g in gaps} >= {"russia", "ukraine"}
    russia = next(g for g in gaps if g["actor"] == "russia")
    # Russia wants all of Donbas; an offer of none of it is short of its bottom line
    assert russia["gap"] > 0 and russia["p_within"] < 0.5


def test_the_network_and_the_explorer_page_are_served(client: TestClient) -> None:
    net = client.get("/api/scenarios/ukraine-2025-09/network").json()
    assert {e["kind"] for e in net["edges"]} == {"exchange", "challenge"}
    assert client.get("/", follow_redirects=False).status_code in (302, 307)
    page = client.get("/explorer")
    assert page.status_code == 200 and "what-if explorer" in page.text
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    for bad in ("app.py", "..%2Fapp.py", "explorer.py", "%2E%2E"):
        assert client.get(f"/static/{bad}").status_code == 404
