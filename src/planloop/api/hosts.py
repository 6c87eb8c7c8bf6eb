"""The Host allow-list (DNS rebinding), as pure ASGI middleware before every route.

A page on ``evil.example`` whose name is re-pointed at 127.0.0.1 talks to this server as
its own origin: its requests carry ``Host: evil.example:9000`` and a matching ``Origin``,
so only the Host names the server answers to tell it apart. Refused with 421 (Misdirected
Request) in the project's JSON error shape. A request without a Host header (HTTP/1.0
probes) names no other site and is let through.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from planloop.api.guards import reject


def host_name(header: str) -> str:
    """``[::1]:9000`` → ``::1``; ``Example.COM.:80`` → ``example.com``."""
    value = header.strip().lower()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


class AllowedHosts:
    def __init__(self, app: ASGIApp, *, names: frozenset[str] | None) -> None:
        self.app = app
        self.names = names  # None: any host (PLANLOOP_ALLOWED_HOSTS=*)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.names is None or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = next((v for k, v in scope["headers"] if k == b"host"), None)
        if header is not None and host_name(header.decode("latin-1")) not in self.names:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await reject(
                send,
                421,
                "host_not_allowed",
                "this server does not answer to that Host name (see PLANLOOP_ALLOWED_HOSTS)",
            )
            return
        await self.app(scope, receive, send)
