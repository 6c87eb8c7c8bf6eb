"""The in-process tier: the real app, lifespan and store, called over httpx.ASGITransport.

No socket, no subprocess, no uvicorn: a request is a function call on the test's own event
loop, and the engine's tasks run on that loop too, so a run progresses while the test
awaits. The store is a real SQLite file in the test's folder (or a fresh PostgreSQL
database with ``--backend=postgres``), the memory a real folder, exactly as
tests/server.py gives a subprocess.

ASGITransport hands back a response only once the app has finished it, so this tier is for
finite requests: JSON endpoints, decisions, the memory API, errors and guards. An event
stream ends only after the run's ``complete``; read one here only for a run that is over
(:func:`finished_events`), and wait for states with :func:`wait_status`. Anything about
open streams, sockets, kills, restarts, browsers or CLI subprocesses uses the uvicorn tier
(the ``server`` / ``fresh_server`` fixtures).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import httpx

import planloop.app
from planloop.app import create_app
from planloop.settings import Settings
from tests.server import database_url
from tests.sse import events
from tests.waiting import wait_for

BASE_URL = "http://127.0.0.1:9000"  # a loopback Host, as the allow-list expects
_NO_GC = SimpleNamespace(
    collect=lambda *a: 0,
    freeze=lambda: None,
    get_threshold=lambda: (700, 10, 10),
    set_threshold=lambda *a: None,
)
TERMINAL = {"completed", "rejected", "cancelled", "expired", "failed"}


@dataclass
class InProcessApp:
    """What the ``server`` fixture's ServerProcess offers tests, for an app in this process."""

    workdir: Path
    settings: Settings
    app: Any
    env: dict[str, str]
    url: str = BASE_URL

    def client(self, **kwargs: Any) -> httpx.AsyncClient:
        """A browser-like client with a session of its own: it keeps its cookie (the
        session *is* the cookie), as a browser does."""
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url=self.url, timeout=10, **kwargs
        )


def settings_for(workdir: Path, **overrides: Any) -> Settings:
    """The settings tests/server.py gives a subprocess, as an object (no .env file; as
    for the subprocess, other PLANLOOP_* variables of the environment still apply)."""
    values: dict[str, Any] = {
        "database_url": database_url(workdir),
        "memory_dir": str(workdir / "memory"),
        "offline_step_delay_s": 0.01,
        "sweep_interval_s": 0.2,
        "lease_s": 2,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def running_app(
    workdir: Path, **overrides: Any
) -> AsyncIterator[tuple[InProcessApp, httpx.AsyncClient]]:
    """The app with its lifespan run (store opened, engine started), and a client for it."""
    settings = settings_for(workdir, **overrides)
    app = create_app(settings)
    here = InProcessApp(
        workdir=workdir,
        settings=settings,
        app=app,
        env={
            "PLANLOOP_DATABASE_URL": settings.database_url,
            "PLANLOOP_MEMORY_DIR": settings.memory_dir,
        },
    )
    # The lifespan collects and freezes the heap once started and sets the collector's
    # thresholds: right for a server's one start, but in a test process it would collect
    # the whole suite's heap (0.25 s and up) and pin it, hundreds of times over. Here it
    # does none of it.
    # (Only if the app module still does it: a refactoring that drops it breaks nothing.)
    no_gc = (
        mock.patch.object(planloop.app, "gc", _NO_GC)
        if hasattr(planloop.app, "gc")
        else contextlib.nullcontext()
    )
    with no_gc:
        async with app.router.lifespan_context(app), here.client() as client:
            yield here, client


async def run_state(client: httpx.AsyncClient, run_id: str) -> dict[str, Any]:
    r = await client.get(f"/api/runs/{run_id}")
    assert r.status_code == 200, r.text
    state: dict[str, Any] = r.json()
    return state


async def wait_status(
    client: httpx.AsyncClient, run_id: str, *statuses: str, timeout: float = 20
) -> dict[str, Any]:
    """Poll the run until its status is one of ``statuses``; its state then."""
    seen: dict[str, Any] = {}

    async def reached() -> bool:
        seen.update(await run_state(client, run_id))
        return seen["status"] in statuses

    await wait_for(reached, timeout=timeout, what=lambda: f"{run_id} {statuses}: {seen}")
    return seen


async def finished_events(
    client: httpx.AsyncClient, run_id: str, *, after: int = 0, timeout: float = 20
) -> list[dict[str, Any]]:
    """The events of a run that is over (after ``after``), read from its event stream,
    which ends after ``complete``: wait until the run is terminal, then read."""
    await wait_status(client, run_id, *TERMINAL, timeout=timeout)
    headers = {"Last-Event-ID": str(after)} if after else {}
    async with client.stream("GET", f"/api/runs/{run_id}/events", headers=headers) as r:
        assert r.status_code == 200, await r.aread()
        return [f.json async for f in events(r)]
