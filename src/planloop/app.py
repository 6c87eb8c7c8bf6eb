"""The ASGI app factory and its lifespan: wires the parts together, nothing else."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from planloop import __version__
from planloop.api import ROUTES, docs, errors, handoff
from planloop.api.accesslog import AccessLog
from planloop.api.guards import Guards, SessionCookie
from planloop.api.headers import SecurityHeaders
from planloop.api.hosts import AllowedHosts
from planloop.api.limits import AddressLimits, RunQuota, SessionLimits
from planloop.api.slowclients import (
    BodyDeadline,
    BoundedHttp,
    connection_cap,
    raise_fd_limit,
)
from planloop.runtime import running
from planloop.settings import Settings

log = logging.getLogger("planloop")
WEB_DIR = Path(__file__).parent / "web"
# The collector's thresholds while the server runs (CPython's are 700, 10, 10). Busy runs
# allocate fast and keep a large heap alive, and almost nothing they drop is a cycle:
# 500 runs streaming a model's progress spent ~18% of the server's time in collections
# that freed 0.02% of what they visited, full ones of 71 ms among them, at the defaults,
# and ~1% at these (docs/benchmarks.md, throughput at model pacing).
GC_THRESHOLDS = (50_000, 20, 100)


class App(FastAPI):
    """FastAPI whose open streams run from its very top, after every layer of the request
    (FastAPI's, Starlette's, ours) has returned: see planloop.api.handoff."""

    __call__ = handoff.serving(FastAPI.__call__)  # type: ignore[assignment]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running(settings, watch=True) as parts:
            app.state.settings = settings
            app.state.engine = parts.engine
            if settings.exposed_without_auth:
                log.warning(
                    "listening on %s without API tokens or a proxy in front: anyone who can"
                    " reach this port can use planloop (set PLANLOOP_API_TOKENS, or"
                    " PLANLOOP_BEHIND_PROXY=true when a proxy authenticates)",
                    settings.host,
                )
            health = await parts.planner.check()
            if not health.ok:
                log.warning(
                    "the %s planner is not ready: %s (runs will fail until it is; see /api/health)",
                    parts.planner.name,
                    health.detail,
                )
            # Everything allocated so far lives as long as the process: keep it out of
            # every later garbage collection (full collections grew to ~0.4 s with 2,000
            # streams).
            gc.collect()
            gc.freeze()
            before = gc.get_threshold()
            gc.set_threshold(*GC_THRESHOLDS)
            try:
                yield
            finally:
                gc.set_threshold(*before)

    app = App(
        title="planloop",
        version=__version__,
        summary="Interactive multi-iteration planning with a human in the loop.",
        lifespan=lifespan,
        docs_url=None,  # served by api/docs.py from local files, under the CSP
        redoc_url=None,
        routes=list(ROUTES),
    )
    app.state.run_quota = RunQuota(settings.max_active_runs_per_address)
    errors.install(app)
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
    # Per client address: new sessions (a missing cookie must not reset the limits).
    app.add_middleware(
        AddressLimits,
        per_min=settings.sessions_per_address_per_min,
        burst=settings.sessions_per_address_burst,
    )
    app.add_middleware(Guards)
    app.add_middleware(BodyDeadline, timeout_s=settings.body_timeout_s)
    # The Host allow-list runs before anything else reads the request.
    app.add_middleware(AllowedHosts, names=settings.host_names)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    return app


def open_files_for(settings: Settings) -> str | None:
    """Raise the soft fd limit for the connections the settings ask (worker processes
    inherit it); a note when the hard limit holds the server below them."""
    wanted = settings.max_connections
    soft, hard = raise_fd_limit(wanted)
    cap = connection_cap(wanted)
    if cap >= wanted:
        return None
    return (
        f"at most {cap:,} connections (PLANLOOP_MAX_CONNECTIONS is {wanted:,}): the"
        f" open-file limit is {soft:,} (hard {hard:,}) and each open stream takes one;"
        " raise the hard limit (ulimit -Hn, systemd LimitNOFILE=, docker --ulimit nofile=)"
        " for more"
    )


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """How ``planloop serve`` runs uvicorn: slow clients get a header deadline and a
    connection cap (planloop.api.slowclients); X-Forwarded-For is believed only when a
    trusted proxy is declared in front (PLANLOOP_BEHIND_PROXY; uvicorn then takes the
    forwarded address from proxies in FORWARDED_ALLOW_IPS, 127.0.0.1 by default)."""
    return {"http": BoundedHttp, "proxy_headers": settings.behind_proxy}
