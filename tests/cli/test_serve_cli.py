"""`detente serve` starts the HTTP API on loopback, as a person would run it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_loopback_and_publishes_its_openapi() -> None:
    port = _free_port()
    code = "import sys; from detente.cli import main; sys.argv = ['detente'] + sys.argv[1:]; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--max-draws", "500"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(f"{base}/openapi.json", timeout=2.0)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    pytest.fail(
                        f"detente serve exited: {proc.stdout.read() if proc.stdout else ''}"
                    )
                time.sleep(0.1)
        else:
            pytest.fail("detente serve did not answer within 20 s")
        r = httpx.get(f"{base}/api/scenarios", timeout=30.0)
        assert r.status_code == 200 and "ukraine-2025-09" in {s["name"] for s in r.json()}
        spec = httpx.get(f"{base}/openapi.json", timeout=5.0).json()
        assert "/api/forecasts" in spec["paths"]
        over = httpx.post(
            f"{base}/api/forecasts",
            json={"scenario": "ukraine-2025-09", "draws": 501},
            timeout=10.0,
        )
        assert over.status_code == 422 and "at most 500 draws" in over.json()["detail"]["message"]
    finally:
        proc.terminate()
        proc.communicate(timeout=10)  # reads and closes the pipe
