"""The idempotency table, on both backends: a live key keeps its first answer, an expired
one is replaced, expired records are dropped, and keys are per owner."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from planloop.domain import utcnow
from planloop.store import IdempotencyRecord, Store, open_store


@pytest.fixture
async def store(backend: str, tmp_path: Path) -> AsyncIterator[Store]:
    if backend == "postgres":
        from tests.pg import create_database

        url = create_database(os.environ["PLANLOOP_TEST_PG_URL"])
    else:
        url = f"sqlite:///{tmp_path / 'keys.db'}"
    s = open_store(url)
    await s.open()
    yield s
    await s.close()


def _record(owner: str, key: str, answer: str, *, ttl_s: float = 60) -> IdempotencyRecord:
    now = utcnow()
    return IdempotencyRecord(
        owner, key, f"fp-{answer}", answer, now, now + timedelta(seconds=ttl_s)
    )


async def _put(db: Store, record: IdempotencyRecord) -> bool:
    async with db.transaction() as tx:
        return await tx.put_idempotency(record)


async def test_a_live_key_keeps_its_first_answer(store: Store) -> None:
    assert await _put(store, _record("o1", "k", '{"n": 1}'))
    assert not await _put(store, _record("o1", "k", '{"n": 2}'))
    found = await store.idempotency("o1", "k", utcnow())
    assert found is not None and found.answer == '{"n": 1}' and found.fingerprint == 'fp-{"n": 1}'
    # Another owner's same key is its own.
    assert await _put(store, _record("o2", "k", '{"n": 3}'))
    other = await store.idempotency("o2", "k", utcnow())
    assert other is not None and other.answer == '{"n": 3}'


async def test_an_expired_key_is_gone_and_may_be_used_again(store: Store) -> None:
    assert await _put(store, _record("o1", "old", '{"n": 1}', ttl_s=-1))
    assert await store.idempotency("o1", "old", utcnow()) is None
    assert await _put(store, _record("o1", "old", '{"n": 2}'))
    found = await store.idempotency("o1", "old", utcnow())
    assert found is not None and found.answer == '{"n": 2}'


async def test_a_key_written_in_a_rolled_back_transaction_is_not_kept(store: Store) -> None:
    try:
        async with store.transaction() as tx:
            assert await tx.put_idempotency(_record("o1", "rolled", '{"n": 1}'))
            raise RuntimeError("the work failed")
    except RuntimeError:
        pass
    assert await store.idempotency("o1", "rolled", utcnow()) is None
