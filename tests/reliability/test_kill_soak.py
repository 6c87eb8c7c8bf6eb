"""Item 1: SIGKILL the server at random points, over and over, while runs stream and decide.

Each round starts one new run (its own browser session) and arms one kill: in the middle
of an iteration, at a random moment while events are being written, the instant a
checkpoint is reached, or the instant an approval has been accepted. Earlier runs go on
recovering, streaming and deciding meanwhile, so later kills land on them too. Every
client reconnects with ``Last-Event-ID`` the way ``EventSource`` does.

Afterwards every run has finished or is waiting at its checkpoint, every approval that was
answered 200 was honoured, every stream read was gap-free and duplicate-free, and every
finished plan is in memory exactly once.

CI runs ``PLANLOOP_SOAK_RUNS`` rounds (default 8); the full soak is
``PLANLOOP_SOAK_RUNS=60 .venv/bin/pytest tests/reliability/test_kill_soak.py -s``.
The seed is fixed (tests/seeds.py, ``PLANLOOP_TEST_SEED``) and printed; a failure prints it:
``PLANLOOP_SOAK_SEED=<seed>`` replays the same plan of kills.
"""

from __future__ import annotations

import asyncio
import os
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import seeds
from tests.reliability.common import check_log, decisions, entity_files, read_log, state
from tests.server import ServerProcess
from tests.sse import events

RUNS = int(os.environ.get("PLANLOOP_SOAK_RUNS", "8"))
SEED = int(os.environ.get("PLANLOOP_SOAK_SEED") or seeds.seed_for("kill soak"))
KINDS = ("mid_iteration", "writing_events", "at_checkpoint", "after_approval")
STEP_DELAY_S = 0.02

pytestmark = pytest.mark.timeout(max(240, 12 * RUNS))


@dataclass
class Plan:
    """What a round does, drawn up front from the seeded random (so a seed replays it)."""

    kind: str
    max_iterations: int
    interval: int
    park: bool  # never decide: the run must still be waiting at the end
    reject_at: int | None  # reject this checkpoint instead of approving it
    countdown: int  # mid_iteration: kill at this many iteration_progress events
    delay_s: float  # writing_events: kill this long after the run starts; else jitter


@dataclass
class Tracker:
    run_id: str
    plan: Plan
    client: httpx.AsyncClient
    log: list[dict[str, Any]] = field(default_factory=list)
    accepted: dict[int, str] = field(default_factory=dict)  # checkpoint -> answered decision
    reads: int = 0  # stream reads, each one after Last-Event-ID = what it had seen
    done: bool = False
    armed: bool = False

    @property
    def cursor(self) -> int:
        return self.log[-1]["seq"] if self.log else 0


class Soak:
    def __init__(self, server: ServerProcess) -> None:
        self.server = server
        self.up = asyncio.Event()
        self.crashed = asyncio.Event()
        self.generation = 0
        self.kills: Counter[str] = Counter()
        self.problems: list[str] = []
        self.events_read = 0

    def crash(self, kind: str) -> None:
        """SIGKILL now (synchronously: nothing else runs on this loop in between)."""
        if not self.up.is_set():
            return
        self.up.clear()
        self.server.kill()
        self.kills[kind] += 1
        self.crashed.set()

    async def restart(self) -> None:
        await asyncio.to_thread(self.server.start)
        self.generation += 1
        self.crashed.clear()
        self.up.set()

    async def settle(self, gen: int, what: str, error: Exception) -> None:
        """After a transport error: wait for the restart, or note an error that no kill explains."""
        if self.up.is_set() and self.generation == gen:
            self.problems.append(f"{what}: {type(error).__name__}: {error}")
            if len(self.problems) > 20:
                raise AssertionError("\n".join(self.problems))
            await asyncio.sleep(0.2)
        await self.up.wait()

    # -- one browser following one run ------------------------------------------------

    async def follow(self, t: Tracker) -> None:
        while not t.done:
            await self.up.wait()
            gen = self.generation
            try:
                await self._read(t)
            except httpx.HTTPError as exc:
                await self.settle(gen, f"stream of {t.run_id}", exc)
            except Exception as exc:
                self.problems.append(f"run {t.run_id}: {exc!r}")
                self.crashed.set()  # do not leave the round waiting for this run's trigger
                raise

    async def _read(self, t: Tracker) -> None:
        url = f"/api/runs/{t.run_id}/events"
        headers = {"Last-Event-ID": str(t.cursor)}
        async with t.client.stream("GET", url, headers=headers) as r:
            assert r.status_code == 200, (await r.aread()).decode()
            t.reads += 1
            async for frame in events(r):
                e = frame.json
                assert e["seq"] == t.cursor + 1, (
                    f"run {t.run_id}: got seq {e['seq']} after {t.cursor} (Last-Event-ID read)"
                )
                t.log.append(e)
                self.events_read += 1
                await self._react(t, e)
                if t.done:
                    return
        # A stream that ends without `complete` is only expected when the server died.
        if not t.done and self.up.is_set():
            raise httpx.RemoteProtocolError("stream ended early")

    async def _react(self, t: Tracker, e: dict[str, Any]) -> None:
        plan = t.plan
        if e["type"] == "complete":
            t.done = True
            if t.armed:  # the trigger never came: kill at the end of the run instead
                t.armed = False
                self.crash("end_of_run")
            return
        if t.armed and plan.kind == "mid_iteration" and e["type"] == "iteration_progress":
            plan.countdown -= 1
            if plan.countdown <= 0:
                t.armed = False
                await asyncio.sleep(plan.delay_s)
                self.crash("mid_iteration")
            return
        if e["type"] != "checkpoint_reached":
            return
        number = e["checkpoint_number"]
        if t.armed and plan.kind == "at_checkpoint":
            t.armed = False
            self.crash("at_checkpoint")
        if plan.park:
            t.done = True  # waits forever (its timeout is an hour); checked at the end
            if t.armed:  # the trigger never came: kill while it waits instead
                t.armed = False
                self.crash("at_checkpoint")
            return
        decision = "reject" if number == plan.reject_at else "approve"
        await self.decide(t, number, decision)
        if t.armed and plan.kind == "after_approval":
            t.armed = False
            self.crash("after_approval")

    async def decide(self, t: Tracker, number: int, decision: str) -> None:
        """Send the decision until it is answered (a kill may swallow the answer)."""
        body = {"decision": decision, "feedback": f"soak {decision} {number}"}
        for _ in range(50):
            await self.up.wait()
            gen = self.generation
            try:
                r = await t.client.post(f"/api/runs/{t.run_id}/checkpoints/{number}", json=body)
            except httpx.HTTPError as exc:
                await self.settle(gen, f"decision on {t.run_id}", exc)
                continue
            assert r.status_code == 200, r.text
            t.accepted[number] = decision
            return
        raise AssertionError(f"decision on {t.run_id} never answered")


def draw(rng: random.Random) -> Plan:
    kind = rng.choice(KINDS)
    max_iterations = rng.randint(2, 5)
    interval = rng.randint(1, max_iterations - 1)  # at least one checkpoint
    checkpoints = (max_iterations - 1) // interval
    park = kind != "after_approval" and rng.random() < 0.15
    reject_at = rng.randint(1, checkpoints) if not park and rng.random() < 0.15 else None
    if kind == "after_approval" and reject_at == 1:
        reject_at = None
    return Plan(
        kind=kind,
        max_iterations=max_iterations,
        interval=interval,
        park=park,
        reject_at=reject_at,
        countdown=rng.randint(1, 12),
        delay_s=rng.uniform(0.0, 0.4) if kind == "writing_events" else rng.uniform(0, 0.03),
    )


async def new_run(soak: Soak, plan: Plan, n: int) -> Tracker:
    client = httpx.AsyncClient(
        base_url=soak.server.url, timeout=httpx.Timeout(15, connect=3), cookies={}
    )
    body = {
        "goal": f"Soak run {n}: open a bakery in Lisbon with $40,000 in 6 months",
        "max_iterations": plan.max_iterations,
        "checkpoint_interval": plan.interval,
        "checkpoint_timeout_s": 3600,
    }
    r = await client.post("/api/runs", json=body)
    assert r.status_code == 201, r.text
    return Tracker(r.json()["run_id"], plan, client)


async def verify(soak: Soak, trackers: list[Tracker], memory_dir: Path) -> dict[str, int]:
    counts: Counter[str] = Counter()
    async with httpx.AsyncClient(base_url=soak.server.url, timeout=10) as anon:
        listed = [e["name"] for e in (await anon.get("/api/entities")).json()]
    assert len(listed) == len(set(listed)), f"an entity is listed twice: {listed}"
    for t in trackers:
        view = await state(t.client, t.run_id)
        # A fresh read of the whole log from the store equals what the client pieced
        # together across kills and reconnections.
        full = await read_log(t.client, t.run_id, until_seq=view["last_seq"])
        counts["events_replayed"] += len(full)
        check_log(full)
        assert [(e["seq"], e["type"]) for e in full[: len(t.log)]] == [
            (e["seq"], e["type"]) for e in t.log
        ], f"run {t.run_id}: the replay differs from what was streamed live"
        # every decision answered 200 is the one (and only one) the log records
        recorded = decisions(full)
        stored = {c["number"]: c["status"] for c in view["checkpoints"]}
        for number, decision in t.accepted.items():
            expected = "approved" if decision == "approve" else "rejected"
            assert recorded.get(number) == expected == stored[number], (
                f"run {t.run_id}: checkpoint {number} {decision} was not honoured: "
                f"log {recorded}, checkpoints {stored}"
            )
            counts["decisions_honoured"] += 1
            if decision == "approve":  # the run went on past the approved checkpoint
                nxt = number * t.plan.interval + 1
                assert any(
                    e["type"] == "iteration_started" and e["iteration"] == nxt for e in full
                ), f"run {t.run_id}: approval of checkpoint {number} was not acted on"
        last = full[-1]
        if t.plan.park:
            assert view["status"] == "awaiting_approval", view["status"]
            assert last["type"] == "checkpoint_reached"
            assert view["pending_checkpoint"] == last["checkpoint_number"] == 1
            assert entity_files(memory_dir, t.run_id) == []
            counts["waiting"] += 1
            continue
        assert last["type"] == "complete", f"run {t.run_id} did not finish: {last}"
        assert view["status"] == last["status"]
        if t.plan.reject_at is not None:
            assert last["status"] == "rejected"
            assert entity_files(memory_dir, t.run_id) == []
            counts["rejected"] += 1
            continue
        assert last["status"] == "completed", last
        done = [e["iteration"] for e in full if e["type"] == "iteration_completed"]
        assert done == list(range(1, t.plan.max_iterations + 1))
        final = [e for e in full if e["type"] == "final_plan"]
        assert len(final) == 1
        entity = final[0]["memory_entity"]
        assert entity and view["memory_entity"] == entity
        assert listed.count(entity) == 1, f"{entity} is listed {listed.count(entity)} times"
        files = entity_files(memory_dir, t.run_id)
        assert len(files) == 1, f"run {t.run_id}'s plan is in memory {len(files)} times: {files}"
        user_md = (memory_dir / "user.md").read_text()
        links = [
            line
            for line in user_md.splitlines()
            if f"{entity}]]" in line or f"{entity}.md]]" in line
        ]
        assert len(links) == 1, f"user.md links {entity} {len(links)} times"
        counts["completed"] += 1
        counts["in_memory_once"] += 1
    return dict(counts)


async def test_sigkill_at_random_points_loses_nothing(fresh_server: ServerProcess) -> None:
    rng = random.Random(SEED)
    print(f"\nkill soak: PLANLOOP_SOAK_RUNS={RUNS} PLANLOOP_SOAK_SEED={SEED}")
    server = fresh_server
    server.env["PLANLOOP_OFFLINE_STEP_DELAY_S"] = str(STEP_DELAY_S)
    soak = Soak(server)
    trackers: list[Tracker] = []
    tasks: list[asyncio.Task[None]] = []
    await soak.restart()
    try:
        for n in range(1, RUNS + 1):
            plan = draw(rng)
            t = await new_run(soak, plan, n)
            trackers.append(t)
            t.armed = plan.kind != "writing_events"
            tasks.append(asyncio.create_task(soak.follow(t), name=f"follow-{n}"))
            if plan.kind == "writing_events":
                await asyncio.sleep(plan.delay_s)
                soak.crash("writing_events")
            try:
                await asyncio.wait_for(soak.crashed.wait(), 30)
            except TimeoutError:
                soak.crash("fallback")
            t.armed = False
            await soak.restart()
        # no more kills: everything still running finishes
        finished, pending = await asyncio.wait(tasks, timeout=60)
        assert not pending, f"{len(pending)} runs never finished; problems: {soak.problems}"
        for task in finished:
            task.result()
        # one last crash with runs parked: they still wait afterwards
        soak.crash("final")
        await soak.restart()
        assert soak.problems == [], soak.problems
        counts = await verify(soak, trackers, Path(server.workdir) / "memory")
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for t in trackers:
            await t.client.aclose()
        print(f"kill soak seed {SEED}: kills {dict(soak.kills)}")
    reads = sum(t.reads for t in trackers)
    resumed = sum(t.reads - 1 for t in trackers)
    decided = sum(len(t.accepted) for t in trackers)
    print(
        f"kill soak: runs {len(trackers)}, kills survived {sum(soak.kills.values())} "
        f"{dict(soak.kills)}, events streamed and checked {soak.events_read}, "
        f"events replayed and checked {counts.get('events_replayed', 0)}, stream reads {reads} "
        f"({resumed} resumed with Last-Event-ID), decisions accepted {decided} "
        f"(honoured {counts.get('decisions_honoured', 0)}), completed {counts.get('completed', 0)}"
        f", rejected {counts.get('rejected', 0)}, still waiting {counts.get('waiting', 0)}, "
        f"plans in memory exactly once {counts.get('in_memory_once', 0)}"
    )
    assert len(trackers) == RUNS
    assert sum(soak.kills.values()) >= RUNS
