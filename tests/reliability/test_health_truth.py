"""One truth for health (issue 15, item 21): with the model unreachable, ``/api/health``,
``/health`` and ``/api/status`` all say the planner is not ready."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.server import ServerProcess, free_port

pytestmark = pytest.mark.timeout(60)


def unreachable_model_env() -> dict[str, str]:
    return {
        "PLANLOOP_PLANNER": "openai",
        "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",  # nothing listens there
        "PLANLOOP_MODEL": "absent-model",
        "PLANLOOP_MODEL_MAX_RETRIES": "0",
    }


async def test_all_three_say_degraded_when_the_model_is_unreachable(tmp_path: Path) -> None:
    proc = ServerProcess(tmp_path, **unreachable_model_env()).start()
    try:
        async with httpx.AsyncClient(base_url=proc.url, timeout=30) as c:
            api = (await c.get("/api/health")).json()
            health = (await c.get("/health")).json()
            status = (await c.get("/api/status")).json()
    finally:
        proc.stop()
    assert api["status"] == health["status"] == status["status"] == "degraded"
    assert api["ready"] is health["ready"] is status["ready"] is False
    assert status["agent_available"] is False
    assert "cannot reach" in health["detail"] and health["detail"] == status["detail"]
    assert api["planner"]["detail"] == health["detail"]


async def test_all_three_say_ready_with_a_ready_planner(tmp_path: Path) -> None:
    proc = ServerProcess(tmp_path).start()
    try:
        async with httpx.AsyncClient(base_url=proc.url, timeout=30) as c:
            api = (await c.get("/api/health")).json()
            health = (await c.get("/health")).json()
            status = (await c.get("/api/status")).json()
    finally:
        proc.stop()
    # each keeps its own word for "fine" (the original clients check theirs)
    assert (api["status"], health["status"], status["status"]) == ("ok", "healthy", "ready")
    assert api["ready"] is health["ready"] is status["ready"] is True
