"""A cancel racing a run's finish leaves no plan note (issue 15, item 5).

The plan note is written (in a thread) before the commit that completes the run; a cancel
that commits first makes that commit lose. 11 of 25 runs that ended ``cancelled`` used to
keep an ``entities/plan_….md`` linked from user.md. Only a run whose completion commits
may have a plan note: the runner removes the note when its completion does not commit.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from planloop.memory.notes import run_tag
from tests.helpers import start_run
from tests.reliability.common import NO_LIMITS, entity_files, eventually, state
from tests.server import ServerProcess
from tests.sse import events

RUNS = 40
AT_ONCE = 4  # under the per-session cap of 5 active runs


@pytest.fixture
def race_server(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path, PLANLOOP_OFFLINE_STEP_DELAY_S="0.002", **NO_LIMITS).start()
    yield proc
    proc.stop()


async def _race(client: httpx.AsyncClient, rng: random.Random) -> tuple[str, str]:
    """A run whose last iteration's end is answered with a cancel, a moment later."""
    run_id = await start_run(client, max_iterations=2, checkpoint_interval=2)
    async with client.stream("GET", f"/api/runs/{run_id}/events") as response:
        async for frame in events(response):
            e = frame.json
            if e["type"] == "iteration_completed" and e["iteration"] == 2:
                await asyncio.sleep(rng.uniform(0, 0.04))
                await client.post(f"/api/runs/{run_id}/cancel")  # 200, or 409 if too late
                break
    ended = {"completed", "cancelled"}
    assert await eventually(lambda: _status_in(client, run_id, ended), timeout=30), (
        f"run {run_id} never ended"
    )
    return run_id, str((await state(client, run_id))["status"])


async def _status_in(client: httpx.AsyncClient, run_id: str, wanted: set[str]) -> bool:
    return (await state(client, run_id))["status"] in wanted


async def test_a_cancelled_run_never_keeps_a_plan_note(race_server: ServerProcess) -> None:
    rng = random.Random(15)
    memory = race_server.workdir / "memory"
    outcomes: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=race_server.url, timeout=30) as client:
        await start_run(client, max_iterations=1)  # one session cookie for all that follow
        for start in range(0, RUNS, AT_ONCE):
            batch = [_race(client, rng) for _ in range(min(AT_ONCE, RUNS - start))]
            outcomes.update(await asyncio.gather(*batch))
        views = {rid: await state(client, rid) for rid in outcomes}
        # What the memory holds, through its API: the folder's files, or PostgreSQL's rows.
        listed = [e["name"] for e in (await client.get("/api/memory/entities")).json()]
        plans = {name: (await client.get(f"/api/memory/entities/{name}")).text for name in listed}

    def notes_of(rid: str) -> list[str]:
        return [name for name, text in plans.items() if rid in text]

    cancelled = [rid for rid, s in outcomes.items() if s == "cancelled"]
    completed = [rid for rid, s in outcomes.items() if s == "completed"]
    assert len(outcomes) == RUNS
    assert not (set(cancelled) & set(completed))
    assert cancelled, "the race was never won by the cancel: nothing was tested"
    stray = [rid for rid in cancelled if notes_of(rid) or entity_files(memory, rid)]
    assert stray == [], f"{len(stray)} of {len(cancelled)} cancelled runs kept a plan note"
    user_file = memory / "user.md"  # the folder's index of notes (PostgreSQL has none)
    user_md = user_file.read_text() if user_file.exists() else ""
    for rid in cancelled:
        assert views[rid]["memory_entity"] is None
        assert f"_{run_tag(rid)}" not in user_md  # nor a link to one
    for rid in completed:
        assert notes_of(rid) == [views[rid]["memory_entity"]], rid
    print(f"{len(cancelled)} cancelled, {len(completed)} completed, 0 stray plan notes")
