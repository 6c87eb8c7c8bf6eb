"""Health and status: ``/api/health``, and the original ``/api/status`` and ``/health``.

One truth: all three ask ``Engine.health()`` and say ``degraded`` (with ``ready: false``
and the planner's reason) when the planner is not ready; when it is, each keeps its own
word (``ok``, ``ready``, ``healthy``). All answer 200: the process is alive either way.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter

from planloop import __version__
from planloop.api.deps import EngineDep, SettingsDep
from planloop.api.responses import ERRORS
from planloop.domain import TERMINAL_STATUSES

router = APIRouter(tags=["system"], responses=ERRORS)


@router.get("/api/health")
async def api_health(engine: EngineDep, settings: SettingsDep) -> dict[str, Any]:
    health = await engine.health()
    planner = health.planner
    return {
        "status": "ok" if planner.ok else "degraded",
        "ready": planner.ok,
        "version": __version__,
        "store": settings.database_url.split(":", 1)[0],
        "planner": {"name": health.planner_name, "ok": planner.ok, "detail": planner.detail},
        "runs": health.runs,
        "executing": health.executing,
        "streams": health.streams,
    }


@router.get("/api/status")
async def status(engine: EngineDep) -> dict[str, Any]:
    health = await engine.health()
    planner, counts = health.planner, health.runs
    active = sum(n for s, n in counts.items() if s not in {t.value for t in TERMINAL_STATUSES})
    return {
        "status": "ready" if planner.ok else "degraded",
        "ready": planner.ok,
        "detail": planner.detail,
        "backend": f"planloop {__version__} ({health.planner_name} planner)",
        "agent_available": planner.ok,
        "orchestrator_available": True,
        "sessions_active": active,
        "runs": counts,
        "timestamp": datetime.now(UTC).isoformat(),
    }


@router.get("/health")
async def health(engine: EngineDep) -> dict[str, Any]:
    planner = (await engine.health()).planner
    return {
        "status": "healthy" if planner.ok else "degraded",
        "ready": planner.ok,
        "detail": planner.detail,
        "timestamp": datetime.now(UTC).isoformat(),
    }
