"""PostgreSQL's group commit of events written behind (store/postgres_batch.py), on a real
server: the calls that arrive while one is on its way go together, as one statement and one
transaction; each keeps its fence, a call whose rows break a constraint fails alone, and a
group never deadlocks with the leases' renewal."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta

import asyncpg
import pytest

from planloop.domain import Run, utcnow
from planloop.events import StoredEvent
from planloop.store import RunChanged
from planloop.store.postgres import CHANNEL, PostgresStore
from tests.factories import make_run, started
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(30)
TS = "2026-01-02T03:04:05Z"
ALONE, GROUP = "SELECT planloop_add_events(", "SELECT planloop_add_event_groups("


class Bed:
    """A store of two pooled connections (what they send, as sent), a connection that holds
    runs' rows, and one that hears the events' NOTIFYs."""

    def __init__(
        self, store: PostgresStore, holder: asyncpg.Connection, watcher: asyncpg.Connection
    ) -> None:
        self.store, self.holder, self.watcher = store, holder, watcher
        self.sent: list[str] = []
        self.heard: list[str] = []

    async def runs(self, ids: Sequence[str]) -> list[Run]:
        """Runs leased to "me", inserted in the order given."""
        made = []
        for run_id in ids:
            run = make_run(run_id, lease_holder="me")
            async with self.store.transaction() as tx:
                await tx.put_run(run)
            made.append(run)
        return made

    async def hold(self, *run_ids: str) -> asyncpg.transaction.Transaction:
        """Lock the runs' rows until the transaction returned ends."""
        tx = self.holder.transaction()
        await tx.start()
        await self.holder.execute(
            "SELECT 1 FROM runs WHERE id = ANY($1::text[]) FOR UPDATE", list(run_ids)
        )
        return tx

    async def waiting(self, *statements: str) -> bool:
        """Whether a statement that starts with each of ``statements`` waits for a lock."""
        # (not the holder's: in its transaction it would see one snapshot of the activity;
        # this test's database only: the suite's other worker shares the server)
        waits = await self.watcher.fetch(
            "SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND datname = current_database()"
        )
        return all(any(w[0].lstrip().startswith(s) for w in waits) for s in statements)

    def groups(self) -> list[str]:
        return [q for q in self.sent if "planloop_add_event" in q]


@pytest.fixture
async def bed(pg_url: str) -> AsyncIterator[Bed]:
    store = PostgresStore(pg_url, min_size=2, max_size=2)
    await store.open()
    holder = await asyncpg.connect(pg_url)
    listener = await asyncpg.connect(pg_url)
    b = Bed(store, holder, listener)
    async with store.pool.acquire() as one, store.pool.acquire() as two:
        for conn in (one, two):
            conn.add_query_logger(lambda record: b.sent.append(" ".join(record.query.split())))
    await listener.add_listener(CHANNEL, lambda _c, _pid, _ch, note: b.heard.append(note))
    yield b
    await listener.close()
    await holder.close()
    await store.close()


async def _queued_behind_a_held_call(
    bed: Bed, runs: list[Run]
) -> tuple[asyncpg.transaction.Transaction, list[asyncio.Task[list[StoredEvent]]]]:
    """The first run's call on its way and held there (its row locked); the others' calls
    made meanwhile, waiting for it. Returns the holder's transaction and the calls."""
    first, *rest = runs
    held = await bed.hold(first.id)
    ahead = asyncio.create_task(bed.store.add_events(first, "me", [started(1)], [TS]))
    await wait_for(lambda: bed.waiting(ALONE), what="the first call waiting for its row")
    calls = [
        asyncio.create_task(bed.store.add_events(r, "me", [started(1), started(2)], [TS, TS]))
        for r in rest
    ]
    await asyncio.sleep(0)
    return held, [ahead, *calls]


async def test_calls_made_while_one_is_on_its_way_go_as_one_statement(bed: Bed) -> None:
    runs = await bed.runs([f"r{n:02d}" for n in range(21)])
    bed.sent.clear()
    held, calls = await _queued_behind_a_held_call(bed, runs)
    assert not any(c.done() for c in calls)  # all wait for the first
    await held.rollback()
    await asyncio.gather(*calls)
    # the first alone; the twenty that waited, one statement
    assert len(bed.groups()) == 2, bed.groups()
    assert bed.groups()[0].startswith("SELECT planloop_add_events(")
    assert bed.groups()[1].startswith("SELECT planloop_add_event_groups(")
    seqs = await bed.store.last_seqs([r.id for r in runs])
    assert seqs == {r.id: (1 if r is runs[0] else 2) for r in runs}
    for r in runs:
        saved = await bed.store.get_run(r.id)
        assert saved is not None and saved.revision == r.revision  # each copy advanced once
        assert [e.seq for e in await bed.store.events_after(r.id, 0)] == list(
            range(1, r.last_seq + 1)
        )
    await wait_for(lambda: len(bed.heard) == 21, what="a NOTIFY for each call")
    assert sorted(bed.heard) == sorted(f"{r.id} 1" for r in runs)


async def test_a_call_whose_run_changed_is_refused_alone(bed: Bed) -> None:
    runs = await bed.runs(["a0", "a1", "a2", "a3"])
    stale = runs[2].model_copy()
    async with bed.store.transaction() as tx:  # saved elsewhere since the copy was read
        await tx.put_run(runs[2])
    bed.sent.clear()
    held, calls = await _queued_behind_a_held_call(bed, [*runs[:2], stale, runs[3]])
    await held.rollback()
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    assert "planloop_add_event_groups" in bed.groups()[1]
    assert isinstance(outcomes[2], RunChanged)
    assert [isinstance(o, BaseException) for o in outcomes] == [False, False, True, False]
    assert stale.last_seq == 0  # the refused copy is as it was
    assert await bed.store.last_seqs(["a0", "a1", "a2", "a3"]) == {"a0": 1, "a1": 2, "a3": 2}
    await wait_for(lambda: len(bed.heard) == 3, what="the NOTIFYs of the calls written")
    assert sorted(bed.heard) == ["a0 1", "a1 1", "a3 1"]


async def test_two_calls_for_one_run_in_a_group_go_in_turn(bed: Bed) -> None:
    """Two holders' copies of one run in one group, with another run's call: the first
    copy's events go in, the second's fence no longer holds (refused, nothing of it
    written), and the other run's call is not held up or failed by either."""
    runs = await bed.runs(["d0", "d1", "d2"])
    second = await bed.store.get_run("d1")
    assert second is not None
    bed.sent.clear()
    held, calls = await _queued_behind_a_held_call(bed, [*runs, second])
    await held.rollback()
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    assert "planloop_add_event_groups" in bed.groups()[1]
    assert [isinstance(o, BaseException) for o in outcomes] == [False, False, False, True]
    assert isinstance(outcomes[3], RunChanged)
    assert await bed.store.last_seqs(["d0", "d1", "d2"]) == {"d0": 1, "d1": 2, "d2": 2}
    saved = await bed.store.get_run("d1")
    assert saved is not None and saved.revision == runs[1].revision


async def test_a_call_whose_rows_break_a_constraint_fails_alone(
    bed: Bed, caplog: pytest.LogCaptureFixture
) -> None:
    runs = await bed.runs(["b0", "b1", "b2", "b3"])
    # an event at b2's next seq that its head does not count: its call's INSERT collides
    await bed.holder.execute(
        "INSERT INTO events (run_id, seq, type, ts, payload) VALUES ('b2', 1, 'x', $1, '{}')",
        TS,
    )
    bed.sent.clear()
    held, calls = await _queued_behind_a_held_call(bed, runs)
    with caplog.at_level(logging.WARNING, logger="planloop.store.postgres_batch"):
        await held.rollback()
        outcomes = await asyncio.gather(*calls, return_exceptions=True)
    assert isinstance(outcomes[2], asyncpg.UniqueViolationError)
    assert [isinstance(o, BaseException) for o in outcomes] == [False, False, True, False]
    assert await bed.store.last_seqs(["b0", "b1", "b3"]) == {"b0": 1, "b1": 2, "b3": 2}
    assert runs[2].last_seq == 0
    # the group failed whole, then each went alone: the one at fault failed again
    assert [q.split("(")[0] for q in bed.groups()[1:]] == [
        "SELECT planloop_add_event_groups",
        *["SELECT planloop_add_events"] * 3,
    ]
    assert "a group of 3 commits failed (UniqueViolationError" in caplog.text


async def test_a_group_whose_connection_is_lost_fails_whole_and_writes_nothing(
    bed: Bed, caplog: pytest.LogCaptureFixture
) -> None:
    """A server process ended under the group (as when PostgreSQL restarts): each call
    fails with the store's transient error, for its caller to retry as it would alone; none
    is sent again alone behind its caller's back."""
    runs = await bed.runs(["e0", "e1", "e2", "e3"])
    held_e2 = await bed.hold("e2")
    held, calls = await _queued_behind_a_held_call(bed, runs)
    with caplog.at_level(logging.WARNING, logger="planloop.store.postgres_batch"):
        await held.rollback()
        await wait_for(lambda: bed.waiting(GROUP), what="the group waiting for e2")
        await bed.watcher.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE query LIKE 'SELECT planloop_add_event_groups(%'"
            " AND datname = current_database()"
        )
        outcomes = await asyncio.gather(*calls, return_exceptions=True)
    await held_e2.rollback()
    assert outcomes[0] is not None and not isinstance(outcomes[0], BaseException)
    assert all(isinstance(o, BaseException) and bed.store.is_transient(o) for o in outcomes[1:])
    assert await bed.store.last_seqs(["e0", "e1", "e2", "e3"]) == {"e0": 1}
    assert [r.last_seq for r in runs] == [1, 0, 0, 0]
    assert "each goes alone" not in caplog.text


async def test_a_group_and_a_lease_renewal_never_wait_for_each_other_in_a_circle(
    bed: Bed,
) -> None:
    """Inserted last to first, the runs' rows lie in the table against the order of their
    ids. The group holds c1 and waits for c2; a renewal that locked its rows as it found
    them would hold c3 and wait for c2 too, and the group would then wait for it: a
    deadlock, which PostgreSQL ends by failing one of them. In the order of their ids the
    renewal waits for c1 and holds nothing the group needs."""
    c0, c3, c2, c1 = await bed.runs(["c0", "c3", "c2", "c1"])
    held_c2 = await bed.hold("c2")
    held, calls = await _queued_behind_a_held_call(bed, [c0, c1, c2, c3])
    await held.rollback()  # c0's call ends; the group of c1, c2, c3 goes, and waits on c2
    await wait_for(lambda: bed.waiting(GROUP), what="the group waiting for c2")
    renewal = asyncio.create_task(
        bed.store.renew(["c1", "c2", "c3"], "me", utcnow() + timedelta(minutes=5))
    )
    await wait_for(lambda: bed.waiting(GROUP, "UPDATE runs"), what="the renewal waiting too")
    await held_c2.rollback()
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert await renewal == {"c1", "c2", "c3"}
    assert len(bed.groups()) == 2  # c0 alone, then the group, which did not fail
