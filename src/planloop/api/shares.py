"""The owner's share links of a run: make one, list them, revoke one. Thin: each checks
the request, calls one Engine method (which admits only the run's owner) and shapes the
answer. What a link opens is api/shared.py."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from planloop.api.deps import EngineDep, OwnerDep, SettingsDep
from planloop.api.hosts import host_name
from planloop.api.responses import ERRORS
from planloop.api.schemas import Body
from planloop.domain import utcnow
from planloop.engine.shares import MAX_SHARE_S, share_status
from planloop.errors import Conflict
from planloop.settings import Settings

router = APIRouter(prefix="/api", tags=["shares"], responses=ERRORS)
# A Host header as a URL may carry it: a name or an IP literal, and a port.
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$")


class ShareIn(Body):
    role: Literal["viewer", "approver"] = Field(
        description="viewer: watches the run; approver: also decides its checkpoints"
    )
    expires_in_s: int | None = Field(
        None,
        ge=1,
        le=MAX_SHARE_S,
        strict=True,
        description=f"seconds the link works (default 7 days, at most {MAX_SHARE_S})",
    )


class ShareCreated(BaseModel):
    url: str = Field(description="the link: shown once, kept nowhere (only its hash is)")
    token_id: str
    role: str
    created_at: datetime
    expires_at: datetime


class ShareOut(BaseModel):
    token_id: str
    role: str
    status: Literal["active", "revoked", "expired"]
    created_at: datetime
    expires_at: datetime
    revoked: bool
    revoked_at: datetime | None
    last_used: datetime | None = Field(description="when the link was last opened (±1 min)")


def share_base(request: Request, settings: Settings) -> str:
    """Where links point: PLANLOOP_PUBLIC_URL, else the request's own origin — only when
    its Host is one the allow-list answers to (the middleware already refused others;
    checked again here, so a link is never built on a name the server does not own)."""
    if settings.public_url:
        return settings.public_url
    host = request.headers.get("host", "")
    names = settings.host_names
    if not _HOST.fullmatch(host) or (names is not None and host_name(host) not in names):
        raise Conflict(
            "cannot tell this server's address from the request: set PLANLOOP_PUBLIC_URL",
            code="public_url_required",
        )
    return f"{request.url.scheme}://{host}"


@router.post("/runs/{run_id}/shares", status_code=201)
async def create_share(
    run_id: str,
    body: ShareIn,
    request: Request,
    engine: EngineDep,
    owner: OwnerDep,
    settings: SettingsDep,
) -> ShareCreated:
    """A link that shows this run to anyone who has it, without a session: read-only
    (`viewer`) or also deciding its checkpoints (`approver`). The URL is in this answer
    only. 404 for a run that is not yours; 422 for a bad role or expiry."""
    base = share_base(request, settings)
    made = await engine.create_share(owner, run_id, body.role, body.expires_in_s)
    share = made.record
    return ShareCreated(
        url=f"{base}/s/{made.token}",
        token_id=share.token_id,
        role=share.role,
        created_at=share.created_at,
        expires_at=share.expires_at,
    )


@router.get("/runs/{run_id}/shares")
async def list_shares(run_id: str, engine: EngineDep, owner: OwnerDep) -> list[ShareOut]:
    """The run's links, newest first (never their tokens)."""
    now = utcnow()
    return [
        ShareOut(
            token_id=s.token_id,
            role=s.role,
            status=share_status(s, now),
            created_at=s.created_at,
            expires_at=s.expires_at,
            revoked=s.revoked_at is not None,
            revoked_at=s.revoked_at,
            last_used=s.last_used_at,
        )
        for s in await engine.list_shares(owner, run_id)
    ]


@router.delete("/runs/{run_id}/shares/{token_id}", status_code=204)
async def revoke_share(run_id: str, token_id: str, engine: EngineDep, owner: OwnerDep) -> Response:
    """Revoke a link: from now on it answers 410 `share_revoked`, and the streams open
    through it end (at once on this server; within PLANLOOP_RELAY_POLL_S on others)."""
    await engine.revoke_share(owner, run_id, token_id)
    return Response(status_code=204)
