"""The ASGI app factory and its lifespan: wires the parts together, nothing else."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from planloop import __version__
from planloop.api import errors, router
from planloop.api.guards import Guards, SessionCookie
from planloop.api.headers import SecurityHeaders
from planloop.engine import Broker, Engine
from planloop.memory import Vault
from planloop.planners import make_planner
from planloop.settings import Settings
from planloop.store import open_store

log = logging.getLogger("planloop")
WEB_DIR = Path(__file__).parent / "web"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings.database_url)
        await store.open()
        vault = Vault(settings.memory_dir)
        engine = Engine(store, Broker(), make_planner(settings), vault, settings)
        app.state.settings = settings
        app.state.vault = vault
        app.state.engine = engine
        await engine.start()
        health = await engine.planner.check()
        if not health.ok:
            log.warning(
                "the %s planner is not ready: %s (runs will fail until it is; see /api/health)",
                engine.planner.name,
                health.detail,
            )
        try:
            yield
        finally:
            await engine.stop()
            await store.close()
            aclose = getattr(engine.planner, "aclose", None)
            if aclose is not None:
                await aclose()

    app = FastAPI(
        title="planloop",
        version=__version__,
        summary="Interactive multi-iteration planning with a human in the loop.",
        lifespan=lifespan,
    )
    errors.install(app)
    app.include_router(router)
    if (WEB_DIR / "index.html").exists():
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
    app.add_middleware(SessionCookie, secure=settings.secure_cookies)
    app.add_middleware(Guards)
    app.add_middleware(SecurityHeaders)
    return app
