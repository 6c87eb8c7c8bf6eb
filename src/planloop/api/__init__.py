"""The HTTP edge: thin routes that parse, call the engine and shape the answer."""

from starlette.routing import BaseRoute

from planloop.api import (
    agui,
    chat,
    docs,
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

# Every route of the app, in matching order, built once per process. Each module's
# APIRouter already gave its routes their prefix, tags and error responses; the app takes
# the routes themselves (``FastAPI(routes=...)``) rather than including the routers,
# because an included router's routes are built again for every app and for every level
# of inclusion (FastAPI builds each route's parameter models when a request first reaches
# it): ~0.1 s of CPU per app, paid again by every test app and every server start.
ROUTES: list[BaseRoute] = [
    route
    for module_router in (
        *(m.router for m in (runs, reviews, streams, shares, shared, compat, chat, memory)),
        *(m.router for m in (system, pages, agui, metrics)),
        shared.pages,  # /s/{token}: the page of a share link
        docs.router,
    )
    for route in module_router.routes
]

__all__ = ["ROUTES"]
