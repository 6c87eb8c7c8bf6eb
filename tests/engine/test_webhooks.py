"""Which committed events become webhooks, to whom, under which id (engine/webhooks.py)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from planloop.domain import RunStatus
from planloop.engine.webhooks import Webhooks, delivery_id, webhook_type
from planloop.events import (
    CheckpointApproved,
    Complete,
    ErrorEvent,
    EventBody,
    FinalPlan,
    StoredEvent,
)
from planloop.settings import Settings
from tests.factories import make_run, started, stored

SECRET = "whsec_" + base64.b64encode(bytes(32)).decode()
HOOKS = "https://hooks.example.com/planloop/"


def _webhooks(**values: Any) -> Webhooks:
    return Webhooks(Settings(_env_file=None, webhook_secret=SECRET, **values))  # type: ignore[call-arg]


def _events(*bodies: EventBody, run_id: str = "r1") -> list[StoredEvent]:
    return [stored(seq, run_id, body) for seq, body in enumerate(bodies, 1)]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (Complete(status="completed"), "run.completed"),
        (Complete(status="failed"), "run.failed"),
        (Complete(status="expired"), "run.expired"),
        (ErrorEvent.of("checkpoint_expired", "late"), "run.expired"),
        (Complete(status="rejected"), None),
        (Complete(status="cancelled"), None),
        (ErrorEvent.of("time_budget_exceeded", "slow"), None),
        (CheckpointApproved(checkpoint_number=1), None),
        (started(1), None),
    ],
)
def test_which_events_call_for_a_webhook(body: EventBody, kind: str | None) -> None:
    assert webhook_type(stored(1, "r", body)) == kind


def test_an_expiry_told_twice_in_one_commit_is_one_webhook() -> None:
    hooks = _webhooks(webhook_url="https://ops.example.com/h")
    run = make_run(status=RunStatus.EXPIRED, iteration=2)
    rows = hooks.deliveries(
        run, _events(ErrorEvent.of("checkpoint_expired", "late"), Complete(status="expired"))
    )
    assert [(r.type, r.target) for r in rows] == [("run.expired", "server")]


def test_the_server_and_an_allowed_run_receiver_each_get_one_with_ids_of_their_own() -> None:
    hooks = _webhooks(webhook_url="https://ops.example.com/h", webhook_allowed_urls=HOOKS)
    run = make_run(status=RunStatus.COMPLETED, webhook_url=f"{HOOKS}team")
    final = FinalPlan(
        plan="p", frameworks=[], data_points=[], iterations=2, checkpoints=1, memory_entity=None
    )
    rows = hooks.deliveries(run, _events(final, Complete(status="completed")))
    assert [(r.target, r.url) for r in rows] == [
        ("server", "https://ops.example.com/h"),
        ("run", f"{HOOKS}team"),
    ]
    assert rows[0].payload == rows[1].payload and rows[0].id != rows[1].id
    # Stable: the same event to the same receiver is the same webhook-id, always.
    assert rows[0].id == delivery_id("r1", 2, "run.completed", "server")
    again = hooks.deliveries(run, _events(final, Complete(status="completed")))
    assert [r.id for r in again] == [r.id for r in rows]


def test_a_prefix_no_longer_allowed_stops_a_runs_own_webhooks() -> None:
    run = make_run(status=RunStatus.COMPLETED, webhook_url=f"{HOOKS}team")
    hooks = _webhooks(webhook_allowed_urls="https://elsewhere.example.com/")
    assert hooks.deliveries(run, _events(Complete(status="completed"))) == []


def test_without_receivers_nothing_is_written() -> None:
    hooks = Webhooks(Settings(_env_file=None))  # type: ignore[call-arg]
    run = make_run(status=RunStatus.COMPLETED)
    assert hooks.deliveries(run, _events(Complete(status="completed"))) == []
