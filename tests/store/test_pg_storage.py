"""How PostgreSQL stores planloop's big values (issue 19, target 2): a run's body and a
checkpoint's are text, and the values rewritten at every iteration are compressed with lz4,
not PostgreSQL's default pglz, which cost ~0.75 ms of the server's CPU per run write.
Runs and checkpoints written before (as JSONB) read back the same."""

from __future__ import annotations

from datetime import timedelta

import asyncpg
import pytest

from planloop.domain import Checkpoint, utcnow
from planloop.store import open_store, postgres
from tests.factories import make_run

pytestmark = pytest.mark.timeout(30)


async def _columns(url: str) -> dict[str, tuple[str, str]]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT c.relname || '.' || a.attname AS col, format_type(a.atttypid, NULL) AS type,"
            " a.attcompression::text AS compression FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname || '.' || a.attname"
            " = ANY($1::text[])",
            ["runs.body", "checkpoints.body", "events.payload", "plan_versions.plan"],
        )
    finally:
        await conn.close()
    return {r["col"]: (r["type"], r["compression"]) for r in rows}


async def test_bodies_are_text_and_the_rewritten_values_lz4(pg_url: str) -> None:
    store = open_store(pg_url)
    await store.open()
    await store.close()
    assert await _columns(pg_url) == {
        "runs.body": ("text", "l"),
        "checkpoints.body": ("text", "l"),
        "events.payload": ("text", "l"),
        "plan_versions.plan": ("text", "l"),
    }


async def test_runs_and_checkpoints_saved_as_jsonb_read_the_same(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = make_run("r1")
    run.state.plan = "# Plan\n\n" + "- a step that is long enough to be stored out of line\n" * 200
    checkpoint = Checkpoint(
        run_id="r1", number=1, iteration=1, expires_at=utcnow() + timedelta(hours=1)
    )
    monkeypatch.setattr(postgres, "MIGRATIONS", [m for m in postgres.MIGRATIONS if m[0] < 12])
    old = open_store(pg_url)
    await old.open()  # the schema before migration 12, written as that version wrote it
    await old.close()
    conn = await asyncpg.connect(pg_url)
    try:
        await conn.execute(
            "INSERT INTO runs (id, owner, conversation, status, created_at, updated_at, body,"
            " revision, last_seq) VALUES ($1, $2, $3, $4, now(), now(), $5::jsonb, 6, 4)",
            run.id,
            run.owner,
            run.conversation,
            run.status.value,
            run.model_dump_json(),
        )
        await conn.execute(
            "INSERT INTO checkpoints (run_id, number, status, expires_at, body)"
            " VALUES ($1, $2, $3, $4, $5::jsonb)",
            checkpoint.run_id,
            checkpoint.number,
            checkpoint.status.value,
            checkpoint.expires_at,
            checkpoint.model_dump_json(),
        )
    finally:
        await conn.close()
    assert (await _columns(pg_url))["runs.body"][0] == "jsonb"
    monkeypatch.undo()

    store = open_store(pg_url)
    await store.open()  # applies migrations 12 and 13 (the run's head to run_heads)
    try:
        loaded = await store.get_run("r1")
        assert (
            loaded is not None and loaded.state.plan == run.state.plan and loaded.goal == run.goal
        )
        assert (loaded.revision, loaded.last_seq) == (6, 4)
        assert await store.list_checkpoints("r1") == [checkpoint]
        # and a run written now round-trips through the new column
        async with store.transaction() as tx:
            loaded.state.plan += "- one more\n"
            await tx.put_run(loaded)
        again = await store.get_run("r1")
        assert again is not None and again.state.plan.endswith("- one more\n")
    finally:
        await store.close()
    assert (await _columns(pg_url))["runs.body"] == ("text", "l")
