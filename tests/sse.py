"""A small SSE reader for tests: parses frames the way a browser's EventSource does."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Frame:
    id: str | None = None
    event: str | None = None
    data_lines: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def data(self) -> str:
        return "\n".join(self.data_lines)

    @property
    def json(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.data)
        return loaded

    @property
    def unnamed(self) -> bool:
        """What ``EventSource.onmessage`` / ``addEventListener('message')`` receives."""
        return self.event in (None, "message")


async def frames(response: httpx.Response) -> AsyncIterator[Frame]:
    """Yield dispatched frames (with data) and bare comment frames (heartbeats)."""
    current = Frame()
    async for line in response.aiter_lines():
        if line == "":
            if current.data_lines or current.comments:
                yield current
            current = Frame()
            continue
        if line.startswith(":"):
            current.comments.append(line[1:].strip())
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            current.data_lines.append(value)
        elif name == "event":
            current.event = value
        elif name == "id":
            current.id = value


async def events(response: httpx.Response) -> AsyncIterator[Frame]:
    """Only frames that carry data (heartbeat comments skipped)."""
    async for frame in frames(response):
        if frame.data_lines:
            yield frame
