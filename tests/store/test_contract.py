"""The Store contract, run against the backend the suite was started with (--backend)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from planloop.domain import Checkpoint, Run, RunStatus, utcnow
from planloop.errors import LimitExceeded
from planloop.store import RunChanged, Store, open_store
from tests.factories import make_run, started

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def store_url(backend: str, tmp_path: Path) -> str:
    if backend == "postgres":
        from tests.pg import create_database

        return create_database(os.environ["PLANLOOP_TEST_PG_URL"])
    return f"sqlite:///{tmp_path / 'contract.db'}"


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[Store]:
    s = open_store(store_url)
    await s.open()
    yield s
    await s.close()


async def _put(store: Store, run: Run) -> None:
    async with store.transaction() as tx:
        await tx.put_run(run)


async def test_seqs_are_consecutive_per_run(store: Store) -> None:
    for run_id in ("r1", "r2"):
        run = make_run(run_id)
        async with store.transaction() as tx:
            await tx.append(run, [started(1), started(2)])
            await tx.put_run(run)
    async with store.transaction() as tx:
        loaded = await tx.get_run("r1")
        assert loaded is not None
        await tx.append(loaded, [started(3)])
        await tx.put_run(loaded)
    assert [e.seq for e in await store.events_after("r1", 0)] == [1, 2, 3]
    assert [e.seq for e in await store.events_after("r1", 1, limit=1)] == [2]
    assert [e.seq for e in await store.events_after("r2", 0)] == [1, 2]
    assert await store.last_seqs(["r1", "r2", "nope"]) == {"r1": 3, "r2": 2}


async def test_unfinished_runs_among_many_ids(store: Store) -> None:
    statuses = [
        RunStatus.RUNNING,
        RunStatus.AWAITING_APPROVAL,
        RunStatus.COMPLETED,
        RunStatus.CANCELLED,
    ]
    ids = [f"run-{n:04d}" for n in range(1200)]  # more than one read takes
    async with store.transaction() as tx:
        for n, run_id in enumerate(ids):
            await tx.put_run(make_run(run_id, f"o{n % 3}", status=statuses[n % 4]))
    asked = [*ids, "nope", "it's; --"]
    found = await store.unfinished(asked)
    assert found == {r for n, r in enumerate(ids) if n % 4 < 2}
    assert await store.unfinished([]) == set()


async def test_a_run_is_admitted_below_its_owners_cap_and_a_refusal_writes_nothing(
    store: Store,
) -> None:
    for n in range(2):
        async with store.transaction() as tx:
            await tx.admit_run(f"r{n}", "o1", 2)
            await tx.put_run(make_run(f"r{n}", "o1"))
    with pytest.raises(LimitExceeded, match="2 active runs"):
        async with store.transaction() as tx:
            await tx.admit_run("r2", "o1", 2)
            await tx.put_run(make_run("r2", "o1"))
    assert await store.get_run("r2") is None
    await _put(store, make_run("r0", "o1", status=RunStatus.COMPLETED))  # one ended
    async with store.transaction() as tx:
        await tx.admit_run("r2", "o1", 2)
        await tx.put_run(make_run("r2", "o1"))
    assert await store.count_active_runs("o1") == 2


async def test_events_written_behind_keep_the_time_they_happened(store: Store) -> None:
    run = make_run("r1")
    earlier = ["2026-01-02T03:04:05.000001+00:00", "2026-01-02T03:04:05.000002+00:00"]
    async with store.transaction() as tx:
        await tx.append(run, [started(1), started(2)], at=earlier)
        await tx.append(run, [started(3)])
        await tx.put_run(run)
    stamps = [e.ts for e in await store.events_after("r1", 0)]
    assert stamps[:2] == earlier and stamps[2] > earlier[1]


async def test_run_owner_without_loading_the_run(store: Store) -> None:
    await _put(store, make_run("r1", owner="alice"))
    assert await store.run_owner("r1") == "alice"
    assert await store.run_owner("nope") is None


async def test_a_failed_transaction_writes_nothing(store: Store) -> None:
    run = make_run("r1")
    with pytest.raises(RuntimeError):
        async with store.transaction() as tx:
            await tx.append(run, [started(1)])
            await tx.put_run(run)
            raise RuntimeError("boom")
    assert await store.get_run("r1") is None
    assert await store.events_after("r1", 0) == []


async def test_each_save_advances_the_revision_kept_outside_the_body(store: Store) -> None:
    run = make_run("r1")
    await _put(store, run)
    assert run.revision == 1
    async with store.transaction() as tx:
        loaded = await tx.get_run("r1")
        assert loaded is not None and loaded.revision == 1
        await tx.put_run(loaded)
    again = await store.get_run("r1")
    assert again is not None and again.revision == loaded.revision == 2
    assert "revision" not in again.model_dump_json()


async def test_put_seq_saves_the_last_seq_and_leaves_the_body(store: Store) -> None:
    run = make_run("r1")
    await _put(store, run)
    async with store.transaction() as tx:
        await tx.append(run, [started(1), started(2)])
        run.goal = "changed only in memory"  # put_seq must not save this
        await tx.put_seq(run)
    loaded = await store.get_run("r1")
    assert loaded is not None
    assert loaded.last_seq == 2 and loaded.revision == run.revision == 2
    assert loaded.goal == "g"
    assert [r.last_seq for r in await store.list_runs("o1")] == [2]
    async with store.transaction() as tx:  # the next append continues after it
        again = await tx.get_run("r1")
        assert again is not None
        await tx.append(again, [started(3)])
        await tx.put_run(again)
    assert [e.seq for e in await store.events_after("r1", 0)] == [1, 2, 3]


async def _leased(store: Store) -> Run:
    await _put(store, make_run("r1"))
    now = utcnow()
    assert await store.claim("me", now, now + timedelta(seconds=30), 1) == ["r1"]
    run = await store.get_run("r1")
    assert run is not None and run.lease_holder == "me"
    return run


async def test_a_checked_run_is_saved_without_loading_it_again(store: Store) -> None:
    run = await _leased(store)
    async with store.transaction() as tx:
        await tx.check_run(run, "me")
        run.iteration = 1
        await tx.append(run, [started(1)])
        await tx.put_run(run)
    saved = await store.get_run("r1")
    assert saved is not None and saved.iteration == 1 and saved.revision == run.revision
    assert [e.seq for e in await store.events_after("r1", 0)] == [1]


@pytest.mark.parametrize("change", ["saved", "lease"])
async def test_a_check_fails_and_writes_nothing_if_the_run_changed(
    store: Store, change: str
) -> None:
    kept = await _leased(store)
    if change == "saved":  # e.g. a pause requested through the API
        async with store.transaction() as tx:
            other = await tx.get_run("r1")
            assert other is not None
            other.pause_requested = True
            await tx.put_run(other)
    else:  # the lease lapsed and another process claimed the run
        later = utcnow() + timedelta(seconds=60)
        await store.release("r1", "me")
        assert await store.claim("them", later, later + timedelta(seconds=30), 1) == ["r1"]
    with pytest.raises(RunChanged):
        async with store.transaction() as tx:
            await tx.check_run(kept, "me")
            kept.iteration = 1
            await tx.append(kept, [started(1)])
            await tx.put_run(kept)
    after = await store.get_run("r1")
    assert after is not None and after.iteration == 0
    assert after.pause_requested == (change == "saved")
    assert await store.events_after("r1", 0) == []


async def test_events_written_behind_are_added_to_a_checked_run(store: Store) -> None:
    """Store.add_events: a commit of events only, for the run's holder (the outbox's)."""
    run = await _leased(store)
    earlier = "2026-01-02T03:04:05.000006Z"
    stored = await store.add_events(run, "me", [started(1), started(2)], [earlier, earlier])
    assert [(e.seq, e.ts) for e in stored] == [(1, earlier), (2, earlier)]
    read = await store.events_after("r1", 0)
    assert [(e.seq, e.ts, e.payload) for e in read] == [(e.seq, e.ts, e.payload) for e in stored]
    saved = await store.get_run("r1")
    assert saved is not None and (saved.last_seq, saved.revision) == (2, run.revision)
    assert run.last_seq == 2
    # the copy goes on being the run's: a next commit of either kind checks out
    await store.add_events(run, "me", [started(3)], [earlier])
    async with store.transaction() as tx:
        await tx.check_run(run, "me")
        await tx.append(run, [started(4)])
        await tx.put_run(run)
    assert [e.seq for e in await store.events_after("r1", 0)] == [1, 2, 3, 4]


@pytest.mark.parametrize("change", ["saved", "lease", "worker"])
async def test_events_are_not_added_to_a_run_that_changed(store: Store, change: str) -> None:
    kept = await _leased(store)
    worker = "me"
    if change == "saved":
        async with store.transaction() as tx:
            other = await tx.get_run("r1")
            assert other is not None
            other.pause_requested = True
            await tx.put_run(other)
    elif change == "lease":
        later = utcnow() + timedelta(seconds=60)
        await store.release("r1", "me")
        assert await store.claim("them", later, later + timedelta(seconds=30), 1) == ["r1"]
    else:
        worker = "someone else"
    before = await store.get_run("r1")
    with pytest.raises(RunChanged):
        await store.add_events(kept, worker, [started(1)], ["2026-01-02T03:04:05Z"])
    assert await store.events_after("r1", 0) == []
    after = await store.get_run("r1")
    assert after is not None and before is not None
    assert (
        (after.last_seq, after.revision)
        == (before.last_seq, before.revision)
        == (0, before.revision)
    )


async def test_claims_are_exclusive_renewable_and_lapse(store: Store) -> None:
    await _put(store, make_run("r1"))
    await _put(store, make_run("parked", status=RunStatus.AWAITING_APPROVAL))
    now = utcnow()
    soon = now + timedelta(seconds=10)
    assert await store.claim("a", now, soon, 10) == ["r1"]
    assert await store.claim("b", now, soon, 10) == []
    assert await store.claim("a", now, soon, 10) == []  # not even by its holder
    assert await store.renew(["r1"], "a", soon) == {"r1"}
    assert await store.renew(["r1", "parked", "none"], "b", soon) == set()
    later = now + timedelta(seconds=30)
    assert await store.claim("b", later, later + timedelta(seconds=10), 10, run_id="r1") == ["r1"]
    run = await store.get_run("r1")
    assert run is not None and run.lease_holder == "b"
    await store.release("r1", "a")  # not a's any more: nothing happens
    assert (await store.get_run("r1")).lease_holder == "b"  # type: ignore[union-attr]
    await store.release("r1", "b")
    assert (await store.get_run("r1")).lease_holder is None  # type: ignore[union-attr]


async def test_leases_are_renewed_in_one_call_and_only_the_holders(store: Store) -> None:
    """The sweep renews every lease it holds at once (a statement per 500 runs); the
    answer names the runs still its own, and a run held by another is left as it is."""
    async with store.transaction() as tx:
        for n in range(620):
            await tx.put_run(make_run(f"r{n:03}"))
    now = utcnow()
    soon, later = now + timedelta(seconds=10), now + timedelta(seconds=60)
    mine = await store.claim("a", now, soon, 600)
    theirs = await store.claim("b", now, soon, 100)
    assert len(mine) == 600 and len(theirs) == 20
    asked = [*mine, *theirs, "no-such-run"]
    assert await store.renew(asked, "a", later) == set(mine)
    held = await store.get_run(mine[550])
    assert held is not None and held.lease_expires_at is not None
    assert abs((held.lease_expires_at - later).total_seconds()) < 1
    other = await store.get_run(theirs[0])
    assert other is not None and other.lease_holder == "b"
    assert other.lease_expires_at is not None
    assert abs((other.lease_expires_at - soon).total_seconds()) < 1
    assert await store.renew([], "a", later) == set()


async def test_concurrent_claimers_never_both_win(store_url: str, store: Store) -> None:
    for i in range(20):
        await _put(store, make_run(f"r{i}"))
    others = [open_store(store_url) for _ in range(3)]
    for s in others:
        await s.open()
    try:
        now = utcnow()
        until = now + timedelta(seconds=10)
        results = await asyncio.gather(
            *(s.claim(f"w{i}", now, until, 7) for i, s in enumerate([store, *others]))
        )
        won = [run_id for r in results for run_id in r]
        assert sorted(won) == sorted(f"r{i}" for i in range(20))
        assert len(won) == len(set(won))
    finally:
        for s in others:
            await s.close()


async def test_due_checkpoints_and_status_counts(store: Store) -> None:
    now = utcnow()
    run = make_run("r1", status=RunStatus.AWAITING_APPROVAL)
    async with store.transaction() as tx:
        await tx.put_run(run)
        await tx.put_checkpoint(
            Checkpoint(run_id="r1", number=1, iteration=1, expires_at=now - timedelta(seconds=1))
        )
        await tx.put_checkpoint(
            Checkpoint(run_id="r1", number=2, iteration=2, expires_at=now + timedelta(hours=1))
        )
    assert await store.due_checkpoints(now) == [("r1", 1)]
    await _put(store, make_run("r2", status=RunStatus.COMPLETED, owner="o2"))
    assert await store.status_counts() == {"awaiting_approval": 1, "completed": 1}
    async with store.transaction() as tx:
        assert await tx.count_active_runs("o1") == 1
    assert await store.count_active_runs("o2") == 0
    assert [c.number for c in await store.list_checkpoints("r1")] == [1, 2]


async def test_checkpoints_in_a_range_are_read_together(store: Store) -> None:
    """What a run parking at a checkpoint reads: the one before it and its own earlier
    revision, in one read."""
    now = utcnow()
    async with store.transaction() as tx:
        await tx.put_run(make_run("r1", status=RunStatus.AWAITING_APPROVAL))
        for number in (1, 2, 3):
            await tx.put_checkpoint(
                Checkpoint(run_id="r1", number=number, iteration=number, expires_at=now)
            )
    async with store.transaction() as tx:
        both = await tx.checkpoints_between("r1", 2, 3)
        first = await tx.checkpoints_between("r1", 1, 1)
        none = await tx.checkpoints_between("r1", 4, 5)
        other = await tx.checkpoints_between("r2", 1, 3)
    assert {n: c.iteration for n, c in both.items()} == {2: 2, 3: 3}
    assert list(first) == [1] and none == {} and other == {}


async def test_runs_adding_events_at_once_each_keep_their_own_fence(store: Store) -> None:
    """Many runs' write-behind commits at the same moment (SQLite commits them as one group):
    each run gets its events in order, and the one whose run changed gets none of them."""
    now = utcnow()
    for n in range(8):
        await _put(store, make_run(f"r{n}"))
    assert len(await store.claim("me", now, now + timedelta(seconds=30), 8)) == 8
    kept = [await store.get_run(f"r{n}") for n in range(8)]
    assert all(r is not None for r in kept)
    runs = [r for r in kept if r is not None]
    async with store.transaction() as tx:  # r3 is saved by someone else meanwhile
        other = await tx.get_run("r3")
        assert other is not None
        await tx.put_run(other)
    ts = "2026-01-02T03:04:05Z"
    outcomes = await asyncio.gather(
        *(store.add_events(r, "me", [started(1), started(2)], [ts, ts]) for r in runs),
        return_exceptions=True,
    )
    refused = [n for n, o in enumerate(outcomes) if isinstance(o, BaseException)]
    assert refused == [3] and isinstance(outcomes[3], RunChanged)
    for n, run in enumerate(runs):
        seqs = [e.seq for e in await store.events_after(f"r{n}", 0)]
        assert seqs == ([] if n == 3 else [1, 2])
        saved = await store.get_run(f"r{n}")
        assert saved is not None and saved.last_seq == len(seqs)
        if n != 3:  # the holder's copy is the run as saved: its next commit checks out
            assert (run.last_seq, run.revision) == (2, saved.revision)
            await store.add_events(run, "me", [started(3)], [ts])
