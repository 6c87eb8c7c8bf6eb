"""``GET /metrics``: the Prometheus text exposition of this process's registry."""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from planloop import metrics
from planloop.api.deps import EngineDep

router = APIRouter(tags=["system"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text"}},
)
async def prometheus_metrics(engine: EngineDep) -> Response:
    """Runs by status, parked runs, open streams, events written, iteration and model-call
    durations, approval waits and tokens, in the Prometheus text format."""
    await engine.refresh_metrics()
    return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
