"""The HTTP API over the forecast (FastAPI): scenarios, validation, forecasts run off the
request path, stored runs and their comparison. ``detente serve`` starts it on localhost."""

from detente.api.app import create_app
from detente.api.limits import ApiLimits

__all__ = ["ApiLimits", "create_app"]
