"""The webhook outbox, on both backends: rows are added in a transaction (and only if it
commits), claimed when due by one worker at a time, re-claimable once a claim lapses or
is released, and an attempt is recorded only by the worker that holds the claim."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from planloop.domain import utcnow
from planloop.store import Store, WebhookDelivery, WebhookOutcome, open_store

pytestmark = [pytest.mark.timeout(60)]


@pytest.fixture
async def store(backend: str, tmp_path: Path) -> AsyncIterator[Store]:
    if backend == "postgres":
        from tests.pg import create_database

        url = create_database(os.environ["PLANLOOP_TEST_PG_URL"])
    else:
        url = f"sqlite:///{tmp_path / 'hooks.db'}"
    s = open_store(url)
    await s.open()
    yield s
    await s.close()


def _hook(n: int, run_id: str = "r1", *, due: datetime | None = None) -> WebhookDelivery:
    now = utcnow()
    return WebhookDelivery(
        id=f"msg_{n:04d}",
        run_id=run_id,
        type="checkpoint.reached",
        target="server",
        url="http://127.0.0.1:9/h",
        payload=f'{{"n": {n}}}',
        created_at=now + timedelta(microseconds=n),
        next_attempt_at=due or now,
    )


async def _add(store: Store, *hooks: WebhookDelivery) -> None:
    async with store.transaction() as tx:
        await tx.put_webhooks(hooks)


def _later(seconds: float) -> datetime:
    return utcnow() + timedelta(seconds=seconds)


async def test_rows_are_kept_only_when_their_transaction_commits(store: Store) -> None:
    with pytest.raises(RuntimeError):
        async with store.transaction() as tx:
            await tx.put_webhooks([_hook(1)])
            raise RuntimeError("the event's commit failed")
    assert await store.webhooks_of("r1") == []
    await _add(store, _hook(2), _hook(3))
    await _add(store, _hook(2))  # the same id again keeps the first
    shown = await store.webhooks_of("r1")
    assert [h.id for h in shown] == ["msg_0002", "msg_0003"]
    assert shown[0].payload == '{"n": 2}' and shown[0].status == "pending"
    assert shown[0].attempts == 0 and shown[0].last_status is None


async def test_due_rows_are_claimed_once_and_a_claim_fences_the_record(store: Store) -> None:
    await _add(store, _hook(1), _hook(2), _hook(3, due=_later(3600)))
    now = utcnow()
    first, second = await asyncio.gather(
        store.claim_webhooks("w1", now, _later(60), 10),
        store.claim_webhooks("w2", now, _later(60), 10),
    )
    ids = sorted(h.id for h in first + second)
    assert ids == ["msg_0001", "msg_0002"]  # each once; the one not yet due by nobody
    mine = first or second
    me, other = ("w1", "w2") if first else ("w2", "w1")
    done = WebhookOutcome("delivered", utcnow(), 200, None, utcnow())
    assert not await store.finish_webhook(mine[0].id, other, done)  # not theirs
    assert await store.finish_webhook(mine[0].id, me, done)
    (hook,) = [h for h in await store.webhooks_of("r1") if h.id == mine[0].id]
    assert hook.status == "delivered" and hook.attempts == 1 and hook.last_status == 200
    assert hook.delivered_at is not None
    # Hours later every claim has lapsed and msg_0003 is due: all but the delivered row.
    later = await store.claim_webhooks("w3", _later(7200), _later(7300), 10)
    assert sorted(h.id for h in later) == sorted(
        {"msg_0001", "msg_0002", "msg_0003"} - {mine[0].id}
    )


async def test_a_lapsed_or_released_claim_is_taken_again(store: Store) -> None:
    await _add(store, _hook(1))
    (taken,) = await store.claim_webhooks("dead", utcnow(), _later(30), 10)
    assert await store.claim_webhooks("w2", utcnow(), _later(30), 10) == []
    # After the claim lapses, another worker takes it (a replica that died).
    (lapsed,) = await store.claim_webhooks("w2", _later(31), _later(60), 10)
    assert lapsed.id == taken.id
    # A restart of the one process drops every claim at once.
    await store.release_webhooks()
    (released,) = await store.claim_webhooks("w3", utcnow(), _later(30), 10)
    assert released.id == taken.id
    retry = WebhookOutcome("pending", _later(600), 500, "HTTP 500", None)
    assert await store.finish_webhook(taken.id, "w3", retry)
    assert await store.claim_webhooks("w4", utcnow(), _later(30), 10) == []  # not due yet
    (hook,) = await store.webhooks_of("r1")
    assert (hook.attempts, hook.last_status, hook.last_error) == (1, 500, "HTTP 500")
    (due,) = await store.claim_webhooks("w4", _later(601), _later(630), 10)
    assert due.attempts == 1
