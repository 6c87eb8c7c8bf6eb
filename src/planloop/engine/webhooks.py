"""Webhooks: which committed events people are told of, what they are told, and where.

Four kinds, following the Standard Webhooks specification's payload shape
``{"type", "timestamp", "data"}``:

=====================  ==================================================================
``checkpoint.reached``  a run parked for review (``checkpoint_reached``)
``run.completed``       ``complete`` with status ``completed``
``run.failed``          ``complete`` with status ``failed``
``run.expired``         a checkpoint's deadline passed (``complete`` with status
                        ``expired``, or the checkpoint's own expiry event)
=====================  ==================================================================

:meth:`Webhooks.deliveries` turns the events of one commit into outbox rows; the ledger
writes them in that same transaction (engine/ledger.py), so a webhook exists exactly when
its event does, and a crash after the commit loses nothing: the courier
(engine/courier.py) sends what the outbox holds. Each row's id (the ``webhook-id``) is
derived from the run, the event's seq and the receiver, so it never changes.

Receivers: the server's own (``PLANLOOP_WEBHOOK_URL``) hears of every run; a run may name
its own (``webhook_url`` on ``POST /api/runs``) only under one of the prefixes
``PLANLOOP_WEBHOOK_ALLOWED_URLS`` lists, so a request cannot point the server at an
address of the operator's network (SSRF). The rule is checked when the run is created and
again for every webhook, so a prefix removed from the setting stops the run's webhooks.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Sequence
from typing import Any

from planloop.domain import Run, utcnow
from planloop.errors import InvalidInput
from planloop.events import EventBody, StoredEvent, dump_json
from planloop.settings import Settings, http_url_problem, url_within
from planloop.store import WebhookDelivery

TYPES = ("checkpoint.reached", "run.completed", "run.failed", "run.expired")
_ENDED = {"completed": "run.completed", "failed": "run.failed", "expired": "run.expired"}
# Event types that may say something webhooks tell (anything else is passed over unread).
_TOLD = frozenset({"checkpoint_reached", "complete", "error", "checkpoint_expired"})


class WebhookUrlRefused(InvalidInput):
    code = "webhook_url_not_allowed"


def webhook_type(event: StoredEvent) -> str | None:
    """The webhook an event calls for, if any."""
    if event.type not in _TOLD:
        return None
    if event.type == "checkpoint_reached":
        return "checkpoint.reached"
    if event.type == "checkpoint_expired":
        return "run.expired"
    data = event.data
    if event.type == "complete":
        return _ENDED.get(str(data.get("status")))
    return "run.expired" if data.get("code") == "checkpoint_expired" else None


class Webhooks:
    """The settings' webhook rules, and a wake-up for the courier when rows are added."""

    def __init__(self, settings: Settings) -> None:
        self.server_url = settings.webhook_url
        self.allowed = settings.webhook_allowed_urls
        self.links = (settings.public_url or "").rstrip("/")
        self.on = settings.webhooks_on
        self.added = asyncio.Event()

    def check_run_url(self, url: str | None) -> str | None:
        """A run's own ``webhook_url`` as given, if this server may send to it; else
        :class:`WebhookUrlRefused` (422)."""
        if url is None:
            return None
        problem = http_url_problem(url)
        if problem is not None:
            raise WebhookUrlRefused(f"webhook_url {problem}")
        if not self.allowed:
            raise WebhookUrlRefused(
                "webhook_url is not accepted by this server (its operator allows none:"
                " PLANLOOP_WEBHOOK_ALLOWED_URLS is empty)"
            )
        if not any(url_within(url, prefix) for prefix in self.allowed):
            raise WebhookUrlRefused(
                "webhook_url is not under any of the URL prefixes this server allows"
                " (PLANLOOP_WEBHOOK_ALLOWED_URLS)"
            )
        return url

    def targets(self, run: Run) -> list[tuple[str, str]]:
        """(target, url) of every receiver of this run's webhooks."""
        found = [("server", self.server_url)] if self.server_url else []
        own = run.webhook_url
        if own and any(url_within(own, prefix) for prefix in self.allowed):
            found.append(("run", own))
        return found

    def may_tell(self, bodies: Sequence[EventBody]) -> bool:
        """Whether any of these events may call for a webhook (progress never does)."""
        return self.on and any(body.type in _TOLD for body in bodies)

    def deliveries(self, run: Run, stored: Sequence[StoredEvent]) -> list[WebhookDelivery]:
        """The outbox rows one commit's events call for (none, mostly)."""
        if not self.on:
            return []
        told = [(event, kind) for event in stored if (kind := webhook_type(event)) is not None]
        if not told:
            return []
        targets = self.targets(run)
        rows: list[WebhookDelivery] = []
        seen: set[str] = set()
        now = utcnow()
        for event, kind in told:
            if kind in seen:  # an expiry says so twice (its error and its complete)
                continue
            seen.add(kind)
            body = dump_json(
                {"type": kind, "timestamp": event.ts, "data": self.data(run, kind, event)}
            )
            for target, url in targets:
                rows.append(
                    WebhookDelivery(
                        id=delivery_id(run.id, event.seq, kind, target),
                        run_id=run.id,
                        type=kind,
                        target=target,
                        url=url,
                        payload=body,
                        created_at=now,
                        next_attempt_at=now,
                    )
                )
        return rows

    def data(self, run: Run, kind: str, event: StoredEvent) -> dict[str, Any]:
        """A webhook's ``data``: the run, and what the event says of it."""
        base = f"{self.links}/api/runs/{run.id}"
        links = {"run": base, "events": f"{base}/events", "page": f"{self.links}/#run={run.id}"}
        data: dict[str, Any] = {
            "run_id": run.id,
            "goal": run.goal,
            "status": run.status.value,
            "iteration": run.iteration,
            "max_iterations": run.max_iterations,
            "links": links,
        }
        if kind == "checkpoint.reached":
            ev = event.data
            number = int(ev["checkpoint_number"])
            data["checkpoint"] = {
                "number": number,
                "iteration": ev["iteration"],
                "deadline": ev["expires_at"],
            }
            if "revision" in ev:  # a checkpoint reached again after "request changes"
                data["checkpoint"]["revision"] = ev["revision"]
            links["decide"] = f"{base}/checkpoints/{number}"
        elif kind == "run.expired":
            number = int(event.data.get("checkpoint_number") or 0) or (
                run.iteration // run.checkpoint_interval
            )
            data["checkpoint"] = {"number": number, "iteration": run.iteration}
        elif kind == "run.failed" and run.error is not None:
            data["error"] = {"code": run.error.code, "message": run.error.message}
        elif kind == "run.completed":
            data["memory_entity"] = run.memory_entity
        return data

    def wake(self) -> None:
        """Rows were committed: the courier looks now rather than at its next poll."""
        self.added.set()


def delivery_id(run_id: str, seq: int, kind: str, target: str) -> str:
    """The ``webhook-id`` of one event's webhook to one receiver: stable by construction."""
    digest = hashlib.sha256(f"{run_id}\n{seq}\n{kind}\n{target}".encode()).hexdigest()
    return f"msg_{digest[:32]}"
