"""Typed dependencies for the routes (Annotated aliases, as in the FastAPI full-stack template)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import Depends, Request

from planloop.engine import Engine
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


EngineDep = Annotated[Engine, Depends(_engine)]
SettingsDep = Annotated[Settings, Depends(_settings)]
# Per request: the memory of the principal asking (never another's).
MemoryDep = Annotated[Memory, Depends(_memory)]
OwnerDep = Annotated[str, Depends(_owner)]
