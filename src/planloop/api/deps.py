"""Typed dependencies for the routes (Annotated aliases, as in the FastAPI full-stack template)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Annotated, Protocol

from fastapi import Depends, Request

from planloop.api.limits import RunQuota, client_address
from planloop.domain import Run
from planloop.engine import Engine, RunRequest
from planloop.memory import Memory
from planloop.settings import Settings


async def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _memory(request: Request) -> Memory:
    """The requesting principal's memory: its space, and nothing else (memory/spaces.py)."""
    engine: Engine = request.app.state.engine
    owner: str = request.scope["state"]["owner"]
    # A space not yet open is opened (a folder looked up): off the event loop.
    return await asyncio.to_thread(engine.memory_of, owner)


async def _owner(request: Request) -> str:
    owner: str = request.scope["state"]["owner"]
    return owner


class RunCreator(Protocol):
    def __call__(
        self, owner: str, req: RunRequest, *, key: str | None = None
    ) -> Awaitable[Run]: ...


async def _run_creator(request: Request) -> RunCreator:
    """``Engine.create_run`` within the client address's quota of unfinished runs."""
    engine: Engine = request.app.state.engine
    quota: RunQuota = request.app.state.run_quota
    address = client_address(request.scope)

    async def create(owner: str, req: RunRequest, *, key: str | None = None) -> Run:
        return await quota.create(engine, address, owner, req, key=key)

    return create


EngineDep = Annotated[Engine, Depends(_engine)]
SettingsDep = Annotated[Settings, Depends(_settings)]
# Per request: the memory of the principal asking (never another's).
MemoryDep = Annotated[Memory, Depends(_memory)]
OwnerDep = Annotated[str, Depends(_owner)]
RunCreatorDep = Annotated[RunCreator, Depends(_run_creator)]
