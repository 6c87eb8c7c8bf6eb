"""The HTTP edge: thin routes that parse, call the engine and shape the answer."""

from fastapi import APIRouter

from planloop.api import agui, chat, memory, metrics, pages, reviews, runs, streams, system
from planloop.api.compat import routes as compat

router = APIRouter()
for module in (runs, reviews, streams, compat, chat, memory, system, pages, agui, metrics):
    router.include_router(module.router)

__all__ = ["router"]
