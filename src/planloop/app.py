"""The ASGI app factory and its lifespan: wires the parts together, nothing else."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from planloop import __version__
from planloop.api import docs, errors, handoff, router
from planloop.api.accesslog import AccessLog
from planloop.api.guards import Guards, SessionCookie
from planloop.api.headers import SecurityHeaders
from planloop.api.limits import SessionLimits
from planloop.engine import Broker, Engine
from planloop.memory import open_memory, watch_memory
from planloop.planners import make_planner
from planloop.settings import Settings
from planloop.store import open_store

log = logging.getLogger("planloop")
WEB_DIR = Path(__file__).parent / "web"


class App(FastAPI):
    """FastAPI whose open streams run from its very top, after every layer of the request
    (FastAPI's, Starlette's, ours) has returned: see planloop.api.handoff."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await handoff.serve(super().__call__, scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings.database_url)
        await store.open()
        # memory: the folder (index synced, folder watched), or PostgreSQL's rows
        vault = await asyncio.to_thread(open_memory, settings)
        memory_watcher = await watch_memory(vault)
        engine = Engine(store, Broker(), make_planner(settings), vault, settings)
        app.state.settings = settings
        app.state.vault = vault
        app.state.engine = engine
        if settings.exposed_without_auth:
            log.warning(
                "listening on %s without API tokens or a proxy in front: anyone who can"
                " reach this port can use planloop (set PLANLOOP_API_TOKENS, or"
                " PLANLOOP_BEHIND_PROXY=true when a proxy authenticates)",
                settings.host,
            )
        await engine.start()
        health = await engine.planner.check()
        if not health.ok:
            log.warning(
                "the %s planner is not ready: %s (runs will fail until it is; see /api/health)",
                engine.planner.name,
                health.detail,
            )
        # Everything allocated so far lives as long as the process: keep it out of every
        # later garbage collection (full collections grew to ~0.4 s with 2,000 streams).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await engine.stop()
            await memory_watcher.stop()  # memory
            await store.close()
            aclose = getattr(engine.planner, "aclose", None)
            if aclose is not None:
                await aclose()

    app = App(
        title="planloop",
        version=__version__,
        summary="Interactive multi-iteration planning with a human in the loop.",
        lifespan=lifespan,
        docs_url=None,  # served by api/docs.py from local files, under the CSP
        redoc_url=None,
    )
    errors.install(app)
    app.include_router(router)
    app.include_router(docs.router)
    docs.mount_assets(app)
    if (WEB_DIR / "index.html").exists():
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
    # Outermost last: headers and the access log see every answer, refusals included.
    app.add_middleware(
        SessionLimits,
        rate_per_s=settings.rate_limit_per_s,
        burst=settings.rate_limit_burst,
        max_streams=settings.max_streams_per_session,
    )
    app.add_middleware(
        SessionCookie,
        secure=settings.secure_cookies,
        tokens=settings.api_tokens,
        require_token=settings.require_token,
    )
    app.add_middleware(Guards)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    return app
