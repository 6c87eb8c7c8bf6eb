"""The NOTIFY that wakes other replicas' streams (PostgreSQL): a store is told of events
that other processes committed, never of its own. Its own were published as they were
committed; hearing them too made the relay read each commit's events back from the
database (a read per commit, issue 19, target 2)."""

from __future__ import annotations

import pytest

from planloop.store import Store
from tests.factories import make_run, started
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(30)


async def _commit(store: Store, run_id: str) -> int:
    """One event of ``run_id`` committed through ``store``; its seq."""
    async with store.transaction() as tx:
        run = await tx.get_run(run_id)
        assert run is not None
        await tx.append(run, [started(run.last_seq + 1)])
        await tx.put_seq(run)
    return run.last_seq


async def _until_heard(writer: Store, heard: list[int]) -> None:
    """Commit through ``writer`` until the listener hears one (its LISTEN starts in the
    background, so the first commits may come before it)."""
    sent: list[int] = []

    async def probe() -> bool:
        if any(seq in heard for seq in sent):
            return True
        sent.append(await _commit(writer, "r1"))
        return False

    await wait_for(probe, what="a commit heard")


async def test_a_store_hears_other_processes_commits_and_not_its_own(
    pg_stores: list[Store],
) -> None:
    mine, other = pg_stores
    heard_by_mine: list[int] = []
    heard_by_other: list[int] = []
    await mine.listen(lambda _run_id, seq: heard_by_mine.append(seq))
    await other.listen(lambda _run_id, seq: heard_by_other.append(seq))
    async with mine.transaction() as tx:
        await tx.put_run(make_run("r1"))
    await _until_heard(other, heard_by_mine)
    await _until_heard(mine, heard_by_other)

    # A commit of its own, then one of the other's: both are sent to both listeners in
    # commit order, so once the other's is heard, its own would have been.
    heard_by_mine.clear()
    heard_by_other.clear()
    own = await _commit(mine, "r1")
    theirs = await _commit(other, "r1")
    await wait_for(lambda: theirs in heard_by_mine, what="the other's commit heard")
    assert heard_by_mine == [theirs]
    await wait_for(lambda: heard_by_other == [own], what="the other hears mine, only")
