"""The plan history (issue 16): every iteration's plan kept, each redo or edit of an
iteration its next revision, run against the backend the suite was started with."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from planloop.store import Store, open_store
from tests.factories import make_run

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
async def store(backend: str, tmp_path: Path) -> AsyncIterator[Store]:
    if backend == "postgres":
        from tests.pg import create_database

        url = create_database(os.environ["PLANLOOP_TEST_PG_URL"])
    else:
        url = f"sqlite:///{tmp_path / 'plans.db'}"
    s = open_store(url)
    await s.open()
    yield s
    await s.close()


async def test_each_iteration_keeps_its_plans_in_revisions(store: Store) -> None:
    run = make_run("r1", iterations=4)
    async with store.transaction() as tx:
        await tx.put_run(run)
        await tx.put_plan("r1", 1, "one")
        await tx.put_plan("r1", 2, "two")
        assert (await tx.get_plan("r1", 2)) is not None  # its own writes, in the transaction
    async with store.transaction() as tx:
        await tx.get_run("r1")
        await tx.put_plan("r1", 2, "two, again")
        await tx.put_plan("r1", 2, "two, edited")
    latest = await store.get_plan("r1", 2)
    assert latest is not None and (latest.revision, latest.plan) == (3, "two, edited")
    first = await store.get_plan("r1", 1)
    assert first is not None and (first.revision, first.plan) == (1, "one")
    assert await store.get_plan("r1", 3) is None and await store.get_plan("other", 1) is None
    kept = await store.plans("r1", 2)
    assert [(v.iteration, v.revision, v.plan) for v in kept] == [
        (1, 1, "one"),
        (2, 3, "two, edited"),
    ]
    assert [v.iteration for v in await store.plans("r1", 1)] == [1]


async def test_a_transaction_that_fails_keeps_no_plan(store: Store) -> None:
    with pytest.raises(RuntimeError):
        async with store.transaction() as tx:
            await tx.put_plan("r2", 1, "lost")
            raise RuntimeError("rolled back")
    assert await store.get_plan("r2", 1) is None
