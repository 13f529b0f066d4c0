"""schemathesis against the published OpenAPI document: no request it generates is a 5xx.

Generated requests cover every route and parameter the spec declares; the server's caps are
set low so a generated forecast is small. Only server errors are checked: 4xx answers to
nonsense are the contract (each says what was wrong).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from detente.api import ApiLimits, create_app

pytestmark = pytest.mark.slow

STORE = Path(tempfile.mkdtemp(prefix="detente-fuzz-")) / "runs.sqlite"
app = create_app(
    ApiLimits(max_draws=50, max_months=3, max_queued=4), store_url=f"sqlite:///{STORE}"
)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_is_a_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])
