"""An approval, like a creation, hands the run it committed to the drive it starts: no second
read."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from planloop.domain import Run
from planloop.engine import runner as runner_module
from planloop.store import Store
from planloop.store.sql_store import SqlStore
from tests.api.review_steps import ended, parked, waiting
from tests.helpers import start_run
from tests.inprocess import finished_events, running_app

pytestmark = pytest.mark.timeout(60)


async def test_the_drives_a_creation_and_an_approval_start_read_neither_run_nor_log(
    tmp_path: Path,
) -> None:
    drives: list[str] = []  # drives that looked for an abandoned attempt in the log
    real = runner_module.attempt_of

    async def attempt_of(store: Store, run: Run) -> int | None:
        drives.append(run.id)
        return await real(store, run)

    with mock.patch.object(runner_module, "attempt_of", attempt_of):
        async with running_app(tmp_path) as (_, client):
            run_id, _ = await parked(client, max_iterations=2, checkpoint_interval=1)
            assert drives == []  # the run's first drive started from its creation's copy
            r = await client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
            assert r.status_code == 200, r.text
            done = await ended(client, run_id)
    assert done["status"] == "completed"
    assert drives == []  # and the drive after the approval from the approval's


async def test_a_creation_with_a_free_slot_commits_the_run_leased_and_claims_nothing(
    tmp_path: Path,
) -> None:
    """A run created where a slot is free is inserted with this process's lease and starts
    at once; only one that must wait for a slot is claimed, when its turn comes."""
    claimed: list[str | None] = []
    real = SqlStore.claim

    async def claim(store: SqlStore, worker: str, *args: Any, **kwargs: Any) -> list[str]:
        got = await real(store, worker, *args, **kwargs)
        claimed.extend(got if kwargs.get("run_id") else [])
        return got

    with mock.patch.object(SqlStore, "claim", claim):
        async with running_app(tmp_path, max_executing_runs=1) as (here, client):
            first = await start_run(client, max_iterations=2, checkpoint_interval=1)
            second = await start_run(client, max_iterations=2, checkpoint_interval=1)
            store = here.app.state.engine._store
            row = await store.get_run(first)
            assert row.lease_holder is not None  # committed with the run, not claimed after
            await waiting(client, first)
            await waiting(client, second)  # claimed once the first parked
    assert first not in claimed
    assert claimed == [second]


async def test_a_stream_of_a_run_created_here_reads_no_owner_and_others_still_get_404(
    tmp_path: Path,
) -> None:
    asked: list[str] = []
    real = SqlStore.run_owner

    async def run_owner(store: SqlStore, run_id: str) -> str | None:
        asked.append(run_id)
        return await real(store, run_id)

    with mock.patch.object(SqlStore, "run_owner", run_owner):
        async with running_app(tmp_path) as (here, client):
            run_id = await start_run(client, max_iterations=1, checkpoint_interval=1)
            kinds = [e["type"] for e in await finished_events(client, run_id)]
            assert kinds[0] == "planning_started" and kinds[-1] == "complete"
            assert asked == []  # the creation told this process whose run it is
            async with here.client() as stranger:
                r = await stranger.get(f"/api/runs/{run_id}/events")
                assert r.status_code == 404, r.text
            assert asked == [run_id]
            r = await client.get(f"/api/runs/{'0' * 32}/events")
            assert r.status_code == 404, r.text
