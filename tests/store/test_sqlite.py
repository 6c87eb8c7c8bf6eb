"""The SQLite store on real files: atomic transactions, gap-free seqs, fencing leases."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from planloop.domain import Checkpoint, Run, RunStatus, utcnow
from planloop.store import sqlite as sqlite_store_module
from planloop.store import sqlite_schema
from planloop.store.sqlite import SqliteStore
from tests.factories import make_run, started

EVENT = "INSERT INTO events (run_id, seq, type, ts, payload) VALUES (?,?,?,?,?)"


async def made_before(path: Path, version: int, *rows: tuple[str, tuple[Any, ...]]) -> None:
    """A database at ``path`` with the schema of before migration ``version``, holding
    ``rows`` (each a statement and its parameters), as that version wrote them."""
    conn = await aiosqlite.connect(path, isolation_level=None)
    old = sqlite_schema.MIGRATIONS
    try:
        sqlite_schema.MIGRATIONS = [m for m in old if m[0] < version]
        await sqlite_schema.migrate(conn)
        for sql, params in rows:
            await conn.execute(sql, params)
    finally:
        sqlite_schema.MIGRATIONS = old
        await conn.close()


@pytest.fixture
async def store(tmp_path: Path) -> SqliteStore:
    s = SqliteStore(f"sqlite:///{tmp_path / 'x.db'}")
    await s.open()
    yield s  # type: ignore[misc]
    await s.close()


async def test_events_get_consecutive_seqs_and_survive_reopen(
    store: SqliteStore, tmp_path: Path
) -> None:
    run = make_run()
    async with store.transaction() as tx:
        await tx.append(run, [started(1), started(2)])
        await tx.put_run(run)
    async with store.transaction() as tx:
        loaded = await tx.get_run("r1")
        assert loaded is not None
        await tx.append(loaded, [started(3)])
        await tx.put_run(loaded)
    await store.close()
    again = SqliteStore(f"sqlite:///{tmp_path / 'x.db'}")
    await again.open()
    try:
        got = await again.events_after("r1", 0)
        assert [e.seq for e in got] == [1, 2, 3]
        assert [e.data["iteration"] for e in got] == [1, 2, 3]
        assert [e.seq for e in await again.events_after("r1", 2)] == [3]
        assert (await again.get_run("r1")).last_seq == 3  # type: ignore[union-attr]
    finally:
        await again.close()


async def test_failed_transaction_writes_nothing(store: SqliteStore) -> None:
    run = make_run()
    with pytest.raises(RuntimeError):
        async with store.transaction() as tx:
            await tx.append(run, [started(1)])
            await tx.put_run(run)
            raise RuntimeError("boom")
    assert await store.get_run("r1") is None
    assert await store.events_after("r1", 0) == []


async def test_only_running_runs_are_claimed_and_active_counts(store: SqliteStore) -> None:
    for i, status in enumerate(
        [RunStatus.RUNNING, RunStatus.AWAITING_APPROVAL, RunStatus.COMPLETED]
    ):
        run = make_run(f"r{i}")
        run.status = status
        async with store.transaction() as tx:
            await tx.put_run(run)
    now = utcnow()
    assert await store.claim("a", now, now + timedelta(seconds=5), 10) == ["r0"]
    assert await store.count_active_runs("o1") == 2
    assert await store.status_counts() == {"running": 1, "awaiting_approval": 1, "completed": 1}


async def test_a_transaction_cancelled_while_it_commits_is_all_or_nothing(
    store: SqliteStore,
) -> None:
    """Its one trip (BEGIN, the writes, COMMIT) may already be in SQLite's hands when the
    caller is cancelled: then all of it lands, else none; the next transaction begins."""

    async def write(run: Run) -> None:
        async with store.transaction() as tx:
            await tx.append(run, [started(1), started(2)])
            await tx.put_run(run)

    task = asyncio.create_task(write(make_run("cancelled")))
    await asyncio.sleep(0)  # the task now waits for its only trip: BEGIN, writes, COMMIT
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await write(make_run("next"))
    assert [e.seq for e in await store.events_after("next", 0)] == [1, 2]
    landed = await store.get_run("cancelled")
    seqs = [e.seq for e in await store.events_after("cancelled", 0)]
    assert (landed is None and seqs == []) or (landed is not None and seqs == [1, 2])


async def test_a_transaction_reads_what_it_wrote(store: SqliteStore) -> None:
    """Writes wait in the transaction; a read sends them first, in the same trip."""
    run = make_run()
    now = utcnow()
    async with store.transaction() as tx:
        await tx.put_run(run)
        assert (await tx.get_run("r1")) == run
        assert await tx.count_active_runs("o1") == 1
        await tx.put_checkpoint(Checkpoint(run_id="r1", number=1, iteration=1, expires_at=now))
        got = await tx.get_checkpoint("r1", 1)
        assert got is not None and got.iteration == 1
    assert await store.get_run("r1") == run


async def test_lease_writes_commit_at_once(store: SqliteStore) -> None:
    run = make_run()
    async with store.transaction() as tx:
        await tx.put_run(run)
    now = utcnow()
    assert await store.claim("a", now, now + timedelta(seconds=5), 10) == ["r1"]
    assert not store.writer.in_transaction
    assert await store.renew(["r1"], "a", now + timedelta(seconds=9)) == {"r1"}
    assert not store.writer.in_transaction
    loaded = await store.get_run("r1")  # through the reader connection: committed
    assert loaded is not None and loaded.lease_holder == "a"
    await store.release("r1", "a")
    assert not store.writer.in_transaction
    loaded = await store.get_run("r1")
    assert loaded is not None and loaded.lease_holder is None


async def test_the_last_seq_column_is_filled_from_the_log_when_it_is_added(
    tmp_path: Path,
) -> None:
    """A database made before migration 4: its runs' last seqs come from their events."""
    path = tmp_path / "old.db"
    run = make_run()
    await made_before(
        path,
        4,
        (
            "INSERT INTO runs (id, owner, conversation, status, created_at, updated_at, body)"
            " VALUES (?,?,?,?,?,?,?)",
            ("r1", "o1", "c", "running", "t", "t", run.model_dump_json()),
        ),
        *((EVENT, ("r1", seq, "iteration_started", "t", "{}")) for seq in (1, 2, 3)),
    )
    store = SqliteStore(f"sqlite:///{path}")
    await store.open()  # applies migration 4
    try:
        loaded = await store.get_run("r1")
        assert loaded is not None and loaded.last_seq == 3
    finally:
        await store.close()


async def test_events_move_to_a_table_in_arrival_order_with_their_key_kept(
    tmp_path: Path,
) -> None:
    """A database made before migration 9 (events kept in key order, WITHOUT ROWID): its
    events read back the same from a table in arrival order, whose key still refuses a
    second event at a taken seq."""
    path = tmp_path / "old.db"
    await made_before(
        path,
        9,
        *(
            (EVENT, (run_id, seq, "iteration_started", "t", f'{{"seq":{seq}}}'))
            for run_id in ("r2", "r1")
            for seq in (1, 2, 3)
        ),
    )
    store = SqliteStore(f"sqlite:///{path}")
    await store.open()  # applies migration 9
    try:
        (table,) = await store._read("SELECT sql FROM sqlite_master WHERE name='events'", ())
        assert "WITHOUT ROWID" not in table[0] and "PRIMARY KEY (run_id, seq)" in table[0]
        assert [(e.seq, e.payload) for e in await store.events_after("r1", 1)] == [
            (2, '{"seq":2}'),
            (3, '{"seq":3}'),
        ]
        assert await store.last_seqs(["r1", "r2"]) == {"r1": 3, "r2": 3}
        with pytest.raises(sqlite3.IntegrityError):
            await store._change(EVENT, ("r1", 2, "iteration_started", "t", "{}"))
    finally:
        await store.close()


async def test_a_runs_head_moves_to_its_own_table_with_what_it_held(tmp_path: Path) -> None:
    """A database made before migration 10: each run's revision and last seq move from its
    row to run_heads, and the row no longer has them."""
    path = tmp_path / "old.db"
    await made_before(
        path,
        10,
        (
            "INSERT INTO runs (id, owner, conversation, status, created_at, updated_at, body,"
            " revision, last_seq) VALUES (?,?,?,?,?,?,?,?,?)",
            ("r1", "o1", "c", "running", "t", "t", make_run("r1").model_dump_json(), 7, 3),
        ),
    )
    store = SqliteStore(f"sqlite:///{path}")
    await store.open()  # applies migration 10
    try:
        loaded = await store.get_run("r1")
        assert loaded is not None and (loaded.revision, loaded.last_seq) == (7, 3)
        columns = {r[1] for r in await store._read("PRAGMA table_info(runs)", ())}
        assert "body" in columns and not {"revision", "last_seq"} & columns
    finally:
        await store.close()


async def test_the_background_checkpoint_comes_sooner_while_the_wal_is_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hundreds of commits fill the WAL: the next checkpoints come at the busy pause; once a
    write has found it written back and started it again, at the idle one."""
    monkeypatch.setattr(sqlite_store_module, "WAL_CHECKPOINT_S", 0.05)
    monkeypatch.setattr(sqlite_store_module, "WAL_CHECKPOINT_BUSY_S", 0.01)
    store = SqliteStore(f"sqlite:///{tmp_path / 'x.db'}")
    await store.open()
    try:
        assert store.checkpoint_pause == 0.05
        for n in range(300):  # a transaction each: a frame or more each
            async with store.transaction() as tx:
                await tx.put_run(make_run(f"r{n}"))
        while store.checkpoint_pause != 0.01:
            await asyncio.sleep(0.01)
        # A write after a whole checkpoint starts the WAL again from its beginning.
        while store.checkpoint_pause != 0.05:
            async with store.transaction() as tx:
                await tx.put_run(make_run("last"))
            await asyncio.sleep(0.02)
    finally:
        await store.close()
