"""The HTTP edge: thin routes that parse, call the engine and shape the answer."""

from fastapi import APIRouter

from planloop.api import (
    agui,
    chat,
    memory,
    metrics,
    pages,
    reviews,
    runs,
    shared,
    shares,
    streams,
    system,
)
from planloop.api.compat import routes as compat

router = APIRouter()
for module in (runs, reviews, streams, shares, shared, compat, chat, memory, system, pages):
    router.include_router(module.router)
router.include_router(agui.router)
router.include_router(metrics.router)
router.include_router(shared.pages)  # /s/{token}: the page of a share link

__all__ = ["router"]
