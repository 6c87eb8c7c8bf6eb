"""The courier: sends what the webhook outbox holds, at least once, with backoff.

One task per process (started and stopped with the engine). It claims due deliveries
(``Store.claim_webhooks``: a short claim; with PostgreSQL ``FOR UPDATE SKIP LOCKED``, so
replicas never take the same row at once) and POSTs each, signed as the Standard Webhooks
specification says (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``: v1,
HMAC-SHA256 by the ``standardwebhooks`` library). A 2xx answer delivers it; anything else
(another status, a refused connection, no answer within ``PLANLOOP_WEBHOOK_TIMEOUT_S``) is
retried after ``PLANLOOP_WEBHOOK_RETRY_BASE_S``, doubling up to
``PLANLOOP_WEBHOOK_RETRY_MAX_S``, until ``PLANLOOP_WEBHOOK_MAX_ATTEMPTS`` attempts have
failed (then ``failed``). Redirects are not followed: an answer is the receiver's.

At least once, never lost: the row was committed with its event; a process killed while
sending leaves the row claimed, and the claim is taken back (a single-process SQLite server
drops every claim when it starts; on PostgreSQL the claims of a process that is gone are
void at once, store/postgres_presence.py, or lapse), so the same row, with the same
``webhook-id``, is sent again. Receivers de-duplicate by that id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

import httpx
from standardwebhooks import Webhook

from planloop import metrics
from planloop.domain import utcnow
from planloop.engine.webhooks import Webhooks
from planloop.settings import Settings
from planloop.store import Store, WebhookDelivery, WebhookOutcome

log = logging.getLogger(__name__)

IN_FLIGHT = 16
"""Deliveries sent at once by one process; more wait for a free slot."""
CLAIM_MARGIN_S = 10.0
"""A claim outlives the attempt's timeout by this much before another worker may retake it."""
MAX_ERROR_CHARS = 300


class Courier:
    def __init__(self, store: Store, webhooks: Webhooks, settings: Settings, worker: str) -> None:
        self._store = store
        self._webhooks = webhooks
        self._worker = worker
        secret = settings.webhook_secret
        self._signer = Webhook(secret.get_secret_value()) if secret is not None else None
        self._timeout_s = settings.webhook_timeout_s
        self._base_s = settings.webhook_retry_base_s
        self._max_s = settings.webhook_retry_max_s
        self._max_attempts = settings.webhook_max_attempts
        self._poll_s = settings.sweep_interval_s
        self._client: httpx.AsyncClient | None = None
        self._task: asyncio.Task[None] | None = None
        self._sending: set[asyncio.Task[None]] = set()
        self._next_retry: datetime | None = None

    async def start(self) -> None:
        if not self._webhooks.on or self._signer is None:
            return
        if self._store.exclusive:
            await self._store.release_webhooks()  # claims of a process that died
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(self._timeout_s),
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment between us and a receiver
            headers={"user-agent": "planloop-webhooks"},
        )
        self._task = asyncio.create_task(self._run(), name="planloop-courier")

    async def stop(self) -> None:
        tasks = [t for t in (self._task, *self._sending) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._task = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _run(self) -> None:
        added = self._webhooks.added
        while True:
            added.clear()  # before the claim: a row added meanwhile wakes the next wait
            try:
                await self._claim()
            except Exception as exc:  # the store is busy or away: try again at the next poll
                log.warning("webhooks: cannot claim deliveries: %s", exc)
            # asyncio.timeout, not wait_for: on 3.11 wait_for returns the event's result
            # when a cancel (stop) lands as it is set, so the loop would outlive stop().
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._pause()):
                    await added.wait()

    async def _claim(self) -> None:
        room = IN_FLIGHT - len(self._sending)
        if room <= 0:
            return
        now = utcnow()
        if self._next_retry is not None and self._next_retry <= now:
            self._next_retry = None  # due now: this claim takes it
        until = now + timedelta(seconds=self._timeout_s + CLAIM_MARGIN_S)
        for delivery in await self._store.claim_webhooks(self._worker, now, until, room):
            task = asyncio.create_task(self._deliver(delivery))
            self._sending.add(task)
            task.add_done_callback(self._sent)

    def _sent(self, task: asyncio.Task[None]) -> None:
        self._sending.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("webhooks: a delivery failed unexpectedly: %r", exc)  # sent again later
        self._webhooks.wake()  # a slot is free, and a retry may be due sooner

    def _pause(self) -> float:
        """Seconds until the next look: the poll (other replicas' rows, lapsed claims), or
        sooner when a retry of ours falls due first."""
        pause = self._poll_s
        if self._next_retry is not None:
            pause = min(pause, max(0.0, (self._next_retry - utcnow()).total_seconds()))
        return pause

    async def _deliver(self, delivery: WebhookDelivery) -> None:
        status, error = await self._send(delivery)
        attempts = delivery.attempts + 1
        now = utcnow()
        if status is not None and 200 <= status < 300:
            outcome = WebhookOutcome("delivered", now, status, None, now)
        else:
            later = now + timedelta(seconds=self.backoff(attempts))
            gave_up = attempts >= self._max_attempts
            outcome = WebhookOutcome("failed" if gave_up else "pending", later, status, error, None)
            if not gave_up and (self._next_retry is None or later < self._next_retry):
                self._next_retry = later
        metrics.webhook_attempt(
            delivery.type, "retry" if outcome.status == "pending" else outcome.status
        )
        try:
            if not await self._store.finish_webhook(delivery.id, self._worker, outcome):
                log.info("webhooks: %s was re-claimed elsewhere meanwhile", delivery.id)
        except Exception as exc:  # unrecorded: the claim lapses and it is sent again
            log.warning("webhooks: cannot record the attempt of %s: %s", delivery.id, exc)

    async def _send(self, delivery: WebhookDelivery) -> tuple[int | None, str | None]:
        """One signed POST: the receiver's status (None: no answer) and what went wrong."""
        assert self._client is not None and self._signer is not None
        now = utcnow()
        headers = {
            "content-type": "application/json",
            "webhook-id": delivery.id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": self._signer.sign(delivery.id, now, delivery.payload),
        }
        try:
            # The whole attempt is bounded, not only each read: a receiver that trickles
            # its answer does not hold a slot past the timeout.
            async with asyncio.timeout(self._timeout_s):
                request = self._client.build_request(
                    "POST", delivery.url, content=delivery.payload.encode(), headers=headers
                )
                response = await self._client.send(request, stream=True)
                await response.aclose()  # the status is the answer; the body is not read
        except TimeoutError:
            return None, f"no answer within {self._timeout_s:g} s"
        except Exception as exc:  # httpx's, and a URL it cannot send to
            return None, f"{type(exc).__name__}: {exc}"[:MAX_ERROR_CHARS]
        status = response.status_code
        return status, None if 200 <= status < 300 else f"HTTP {status}"

    def backoff(self, attempts: int) -> float:
        """Seconds before the attempt after ``attempts`` failed ones."""
        return float(min(self._max_s, self._base_s * 2 ** min(attempts - 1, 40)))
