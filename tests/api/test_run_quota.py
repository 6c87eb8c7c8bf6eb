"""The per-address cap of unfinished runs counts without reading every run at every
creation: creating N runs from one address read N²/2 runs (10,000 parked runs from one
benchmark client took most of an hour)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from planloop.api.limits import RunQuota
from planloop.domain import TERMINAL_STATUSES, Run, RunStatus
from planloop.engine.requests import RunRequest
from planloop.errors import LimitExceeded
from tests.factories import make_run


class Runs:
    """The engine as the quota sees it: creates runs, answers for them, counts the reads."""

    def __init__(self) -> None:
        self.runs: dict[str, Run] = {}
        self.made = self.reads = 0

    async def create_run(self, owner: str, req: RunRequest, *, key: str | None = None) -> Run:
        self.made += 1
        run = make_run(f"r{self.made}", owner, goal=req.goal)
        self.runs[run.id] = run
        return run

    async def unfinished(self, run_ids: Iterable[str]) -> set[str]:
        found = set()
        for run_id in run_ids:
            self.reads += 1  # runs looked up (one statement per few hundred)
            run = self.runs.get(run_id)
            if run is not None and run.status not in TERMINAL_STATUSES:
                found.add(run_id)
        return found


async def _create(quota: RunQuota, runs: Runs, address: str = "10.0.0.1") -> Run:
    engine: Any = runs
    return await quota.create(engine, address, "owner", RunRequest(goal="Plan a picnic"))


async def test_creating_many_runs_reads_each_a_few_times_not_all_each_time() -> None:
    quota, runs = RunQuota(100_000), Runs()
    for _ in range(1000):
        await _create(quota, runs)
    assert runs.reads <= 3 * 1000  # was 499,500


async def test_the_cap_still_holds_exactly_and_finished_runs_free_their_place() -> None:
    quota, runs = RunQuota(40), Runs()
    created = [await _create(quota, runs) for _ in range(40)]
    with pytest.raises(LimitExceeded):
        await _create(quota, runs)
    assert runs.made == 40
    await _create(quota, runs, "10.0.0.2")  # another address has its own share
    created[3].status = RunStatus.COMPLETED
    del runs.runs[created[7].id]  # deleted: not counted either
    await _create(quota, runs)
    await _create(quota, runs)
    with pytest.raises(LimitExceeded):
        await _create(quota, runs)


class KeyedRuns(Runs):
    """Answers a repeated idempotency key with the run the key made first, as the engine
    does."""

    def __init__(self) -> None:
        super().__init__()
        self.by_key: dict[str, Run] = {}

    async def create_run(self, owner: str, req: RunRequest, *, key: str | None = None) -> Run:
        if key is not None and key in self.by_key:
            return self.by_key[key]
        run = await super().create_run(owner, req, key=key)
        if key is not None:
            self.by_key[key] = run
        return run


async def test_an_idempotent_repeat_is_counted_once() -> None:
    quota, runs = RunQuota(3), KeyedRuns()
    engine: Any = runs
    req = RunRequest(goal="Plan a picnic")
    for _ in range(3):  # one run, asked for three times
        await quota.create(engine, "10.0.0.1", "owner", req, key="k")
    await _create(quota, runs)
    await _create(quota, runs)  # three unfinished runs: the cap
    with pytest.raises(LimitExceeded):
        await _create(quota, runs)
    assert runs.made == 3
