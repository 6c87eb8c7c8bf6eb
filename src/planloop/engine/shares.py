"""Share links: a run shown to someone without a session — read-only (``viewer``) or
also deciding its checkpoints (``approver``).

A link is a random token (``secrets.token_urlsafe(32)``) given once to the run's owner;
the store keeps only its SHA-256, so a copy of the database opens nothing. A link names
one run and nothing else: every door of it (engine methods here, routes in
api/shared.py) starts from the token and reaches only that run, never its owner's other
runs, memory, chat or session. Revoking or expiring it closes it at once, open streams
too: in this process by interrupting their feeds (:class:`ShareStreams`), on other
replicas within a poll interval (:class:`SharedFeed` re-reads the link).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from planloop.domain import MAX_ITERATIONS, Checkpoint, Run, utcnow
from planloop.engine.broker import Interrupted
from planloop.engine.feed import Feed, check_resume
from planloop.errors import Forbidden, Gone, InvalidInput, NotFound, PlanloopError, shown
from planloop.events import StoredEvent
from planloop.store import PlanVersion, ShareRecord, Transaction

if TYPE_CHECKING:
    from planloop.engine.broker import Broker
    from planloop.engine.decisions import Decision, DecisionKind
    from planloop.engine.ledger import Ledger
    from planloop.settings import Settings
    from planloop.store import Store

Role = Literal["viewer", "approver"]
ROLES: tuple[Role, ...] = ("viewer", "approver")
DEFAULT_SHARE_S = 7 * 24 * 3600
MAX_SHARE_S = 90 * 24 * 3600
TOUCH_EVERY = timedelta(seconds=60)  # last_used_at is written at most this often


def token_hash(token: str) -> str:
    """What the store keeps of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def share_status(share: ShareRecord, now: datetime) -> Literal["active", "revoked", "expired"]:
    if share.revoked_at is not None:
        return "revoked"
    return "expired" if share.expires_at <= now else "active"


def refusal(share: ShareRecord | None, now: datetime) -> PlanloopError | None:
    """Why a link opens nothing (None: it is valid): 404 unknown, 410 revoked or expired."""
    if share is None:
        return NotFound("this share link does not exist", code="share_not_found")
    status = share_status(share, now)
    if status == "revoked":
        return Gone("this share link was revoked", code="share_revoked")
    if status == "expired":
        return Gone("this share link has expired", code="share_expired")
    return None


@dataclass(frozen=True)
class NewShare:
    """A link just made: the token is in ``token`` and nowhere else, ever."""

    token: str
    record: ShareRecord


@dataclass(frozen=True)
class LinkClosed:
    """The last item of a shared feed: why it ends (the stream says so, then closes)."""

    code: str
    message: str


class ShareStreams:
    """The streams open through each link in this process, to end them when it is revoked."""

    def __init__(self) -> None:
        self._open: dict[str, set[SharedFeed]] = {}

    def add(self, feed: SharedFeed) -> None:
        self._open.setdefault(feed.share.token_id, set()).add(feed)

    def remove(self, feed: SharedFeed) -> None:
        feeds = self._open.get(feed.share.token_id)
        if feeds is not None:
            feeds.discard(feed)
            if not feeds:
                del self._open[feed.share.token_id]

    def end(self, token_id: str) -> int:
        """End every stream of the link now; how many there were."""
        feeds = self._open.pop(token_id, set())
        for feed in feeds:
            feed.end()
        return len(feeds)

    def count(self, token_id: str | None = None) -> int:
        if token_id is not None:
            return len(self._open.get(token_id, ()))
        return sum(len(f) for f in self._open.values())


class SharedFeed:
    """A run's feed seen through a link: it ends when the link is revoked (interrupted at
    once here, or found revoked by a re-read every ``recheck_s`` seconds, as on another
    replica) or expires (at its deadline)."""

    __slots__ = (
        "_check_at",
        "_ended",
        "_expires",
        "_feed",
        "_recheck",
        "_recheck_s",
        "_streams",
        "share",
    )

    def __init__(
        self,
        feed: Feed,
        share: ShareRecord,
        recheck: Callable[[], Awaitable[PlanloopError | None]],
        recheck_s: float,
        streams: ShareStreams,
    ) -> None:
        self._feed = feed
        self.share = share
        self._recheck = recheck
        self._recheck_s = recheck_s
        now = time.monotonic()
        self._check_at = now + recheck_s
        self._expires = now + (share.expires_at - utcnow()).total_seconds()
        self._ended = False
        self._streams = streams
        streams.add(self)

    @property
    def run_id(self) -> str:
        return self._feed.run_id

    async def next(self, idle_s: float | None = None) -> StoredEvent | LinkClosed | None:
        """The next event; None after ``idle_s`` without one (a heartbeat). Meanwhile the
        link is re-read every ``recheck_s`` and its deadline kept: once it no longer opens
        the run, :class:`LinkClosed` says why, and StopAsyncIteration follows."""
        started = time.monotonic()
        while True:
            if self._ended:
                raise StopAsyncIteration
            now = time.monotonic()
            if now >= self._expires:
                return self._closed(Gone("this share link has expired", code="share_expired"))
            if now >= self._check_at:
                self._check_at = now + self._recheck_s
                problem = await self._recheck()
                if problem is not None:
                    return self._closed(problem)
            waits = [self._check_at - now, self._expires - now]
            if idle_s is not None:
                waits.append(started + idle_s - now)
            try:
                event = await self._feed.next(max(0.05, min(waits)))
            except Interrupted:
                return self._closed(Gone("this share link was revoked", code="share_revoked"))
            if event is not None:
                return event
            if idle_s is not None and time.monotonic() - started >= idle_s:
                return None

    def take_ready(self) -> StoredEvent | None:
        """The next event if it is here already, while the link needs no re-reading."""
        now = time.monotonic()
        if self._ended or now >= self._expires or now >= self._check_at:
            return None
        return self._feed.take_ready()

    def park_with(self, wake: Callable[[], None]) -> None:
        self._feed.park_with(wake)

    def _closed(self, problem: PlanloopError) -> LinkClosed:
        self._ended = True
        return LinkClosed(problem.code, problem.message)

    def end(self) -> None:
        """The link was revoked: the waiting :meth:`next` ends the stream now."""
        self._feed.interrupt()

    def close(self) -> None:
        self._streams.remove(self)
        self._feed.close()


class Shares:
    """The share links of runs (mixed into the Engine)."""

    if TYPE_CHECKING:
        _store: Store
        _broker: Broker
        _ledger: Ledger
        _share_streams: ShareStreams
        settings: Settings

        async def get_run(self, owner: str, run_id: str) -> Run: ...
        async def checkpoint(
            self, owner: str, run_id: str, number: int
        ) -> tuple[Checkpoint, str]: ...
        async def plan(
            self, owner: str, run_id: str, iteration: int | None = None
        ) -> tuple[Run, PlanVersion]: ...
        async def decide(
            self,
            owner: str,
            run_id: str,
            number: int,
            decision: DecisionKind,
            feedback: str = "",
            *,
            plan_markdown: str | None = None,
            revision: int | None = None,
            key: str | None = None,
            by: str | None = None,
            guard: Callable[[Transaction], Awaitable[None]] | None = None,
        ) -> Decision: ...

    # -- the owner's side ------------------------------------------------------------------

    async def create_share(
        self, owner: str, run_id: str, role: str, expires_in_s: int | None = None
    ) -> NewShare:
        """A new link to ``owner``'s run. The token is returned here only."""
        if role not in ROLES:
            raise InvalidInput('role must be "viewer" or "approver"', code="invalid_role")
        seconds = DEFAULT_SHARE_S if expires_in_s is None else expires_in_s
        if not 1 <= seconds <= MAX_SHARE_S:
            raise InvalidInput(
                f"expires_in_s must be between 1 and {MAX_SHARE_S}, got {seconds}",
                code="invalid_expiry",
            )
        await self.get_run(owner, run_id)  # someone else's run: 404, nothing made
        token = secrets.token_urlsafe(32)
        now = utcnow()
        record = ShareRecord(
            token_hash=token_hash(token),
            token_id=secrets.token_hex(8),
            run_id=run_id,
            owner=owner,
            role=role,
            created_at=now,
            expires_at=now + timedelta(seconds=seconds),
        )

        async def put(tx: Transaction) -> None:
            await tx.put_share(record)

        await self._ledger.write(put)
        return NewShare(token, record)

    async def list_shares(self, owner: str, run_id: str) -> list[ShareRecord]:
        await self.get_run(owner, run_id)
        return await self._store.shares_of(run_id)

    async def revoke_share(self, owner: str, run_id: str, token_id: str) -> ShareRecord:
        """Close the link for good; its open streams here end at once (elsewhere within a
        poll interval). Revoking again is harmless."""
        await self.get_run(owner, run_id)

        async def revoke(tx: Transaction) -> ShareRecord | None:
            return await tx.revoke_share(owner, run_id, token_id, utcnow())

        revoked = await self._ledger.write(revoke)
        if revoked is None:
            raise NotFound(
                f"run {shown(run_id)} has no share {shown(token_id)}", code="share_not_found"
            )
        self._share_streams.end(token_id)
        return revoked

    # -- the link's side: every method starts from the token -------------------------------

    async def open_share(self, token: str) -> ShareRecord:
        """The valid link of ``token`` (404 unknown, 410 revoked or expired)."""
        share = await self._store.share(token_hash(token)) if 20 <= len(token) <= 200 else None
        now = utcnow()
        problem = refusal(share, now)
        if problem is not None:
            raise problem
        assert share is not None
        if share.last_used_at is None or now - share.last_used_at >= TOUCH_EVERY:
            await self._store.touch_share(share.token_hash, now)
        return share

    async def shared_run(self, token: str) -> tuple[ShareRecord, Run, list[Checkpoint]]:
        share = await self.open_share(token)
        run = await self._shared(share)
        return share, run, await self._store.list_checkpoints(run.id)

    async def _shared(self, share: ShareRecord) -> Run:
        run = await self._store.get_run(share.run_id)
        if run is None or run.owner != share.owner:
            raise NotFound("this share link does not exist", code="share_not_found")
        return run

    async def shared_feed(self, token: str, after_seq: int = 0) -> SharedFeed:
        share = await self.open_share(token)
        run = await self._shared(share)
        check_resume(run.id, after_seq, run.last_seq, run.status)
        hashed = share.token_hash

        async def recheck() -> PlanloopError | None:
            return refusal(await self._store.share(hashed), utcnow())

        feed = Feed(self._store, self._broker, share.run_id, after_seq)
        return SharedFeed(feed, share, recheck, self.settings.relay_poll_s, self._share_streams)

    def shared_streams(self, token_id: str | None = None) -> int:
        """Streams open through a link (or all links) in this process."""
        return self._share_streams.count(token_id)

    async def shared_checkpoint(self, token: str, number: int) -> tuple[Checkpoint, str]:
        """The checkpoint and the plan its changes compare against (as the owner's)."""
        share = await self.open_share(token)
        return await self.checkpoint(share.owner, share.run_id, number)

    async def shared_plan(
        self, token: str, iteration: int | None = None
    ) -> tuple[Run, PlanVersion]:
        share = await self.open_share(token)
        return await self.plan(share.owner, share.run_id, iteration)

    async def decide_shared(
        self,
        token: str,
        number: int,
        decision: DecisionKind,
        feedback: str = "",
        *,
        plan_markdown: str | None = None,
        revision: int | None = None,
    ) -> Decision:
        """A decision through an approver link, recorded as ``share:<token_id>``'s. The
        link is checked again inside the decision's transaction, so a revocation that
        commits first refuses it."""
        share = await self.open_share(token)
        if share.role != "approver":
            raise Forbidden(
                "this link only shows the run: it cannot decide checkpoints",
                code="share_read_only",
            )
        hashed = share.token_hash

        async def guard(tx: Transaction) -> None:
            problem = refusal(await tx.get_share(hashed), utcnow())
            if problem is not None:
                raise problem

        if not 1 <= number <= MAX_ITERATIONS:
            raise InvalidInput(f"checkpoint must be between 1 and {MAX_ITERATIONS}, got {number}")
        return await self.decide(
            share.owner,
            share.run_id,
            number,
            decision,
            feedback,
            plan_markdown=plan_markdown,
            revision=revision,
            by=f"share:{share.token_id}",
            guard=guard,
        )
