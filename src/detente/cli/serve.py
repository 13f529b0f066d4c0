"""``detente serve``: the what-if explorer and the HTTP API on this machine (loopback only
unless told otherwise)."""

from __future__ import annotations

from typing import Annotated

import typer

from detente.cli._console import console

__all__ = ["serve"]


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    max_draws: Annotated[
        int, typer.Option(min=1, help="Largest forecast a request may start, in draws.")
    ] = 20_000,
    concurrency: Annotated[
        int, typer.Option(min=1, help="Forecasts computed at once (the rest queue).")
    ] = 1,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs and /openapi.json) until interrupted."""
    import uvicorn

    from detente.api import ApiLimits, create_app

    app = create_app(ApiLimits(max_draws=max_draws, concurrency=concurrency), warm=True)
    console.print(
        f"detente what-if explorer on http://{host}:{port}/explorer "
        f"(API: http://{host}:{port}/docs)"
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
