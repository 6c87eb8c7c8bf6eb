"""``GET /api/runs/{id}`` is the run as of one commit: its ``last_seq`` and its checkpoints
agree, even when a commit lands between the reads that build it. In-process; run with
``--backend=postgres`` for PostgreSQL (where this was seen: a deadline's commit between the
read of the run and the read of its checkpoints showed the checkpoint expired with the
``last_seq`` from before its ``checkpoint_expired``)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from planloop.domain import Checkpoint
from tests.api.review_steps import parked
from tests.inprocess import InProcessApp, run_state

pytestmark = [pytest.mark.timeout(60), pytest.mark.in_process]


async def test_a_commit_between_the_reads_still_gives_one_consistent_view(
    app_server: InProcessApp, app_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_id, before = await parked(app_client)
    engine = app_server.app.state.engine
    store = engine._store
    owner = (await store.get_run(run_id)).owner
    read_checkpoints = store.list_checkpoints
    landed: list[Any] = []

    async def commit_first(rid: str) -> list[Checkpoint]:
        if not landed:  # once: a new deadline commits after the run was read
            landed.append("extending")
            monkeypatch.undo()  # the commit reads the checkpoints itself
            landed.append(await engine.extend(owner, run_id, 1, 7200))
        result: list[Checkpoint] = await read_checkpoints(rid)
        return result

    monkeypatch.setattr(store, "list_checkpoints", commit_first)
    view = await run_state(app_client, run_id)
    assert len(landed) == 2, "the commit between the reads did not happen"
    after = await run_state(app_client, run_id)
    assert view["last_seq"] == before["last_seq"] + 1  # the checkpoint_extended event
    assert view == after
