"""Parked runs, delivery, approval-to-resume and the reconnect storm, for both subjects.

One ladder of parked populations (10, 30, 100, 1,000, 5,000, 10,000 browsers, each with
its run parked at a checkpoint and its stream open). At each step, for each subject that
has not stalled: grow the population, read the server's RSS, time new clients' first
event, then approve batches of parked runs at a steady rate and time every event they
stream (emit → client) and each approval to the run's resumption. The subjects take
turns round by round, so both see the same machine. A subject stops at the first step it
cannot park (a stall or an error). The reconnect storm runs at the top of planloop's
ladder; the baseline, which has no event ids, gets its own small storm.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.server import BenchServer, LoadMeter
from bench.stats import ms, summary
from bench.subjects import (
    INTERVAL,
    PARKED_ITERATIONS,
    Flow,
    Subject,
    approval_round,
    least_approved,
    new_client,
    park,
    stop_server,
)

Log = Callable[[str], None]


@dataclass(frozen=True)
class LadderPlan:
    steps: tuple[int, ...]
    rounds: int  # approval rounds per step
    small_rounds: int  # rounds for steps below 100 (fewer approvals per round)
    approvals: int  # per round, at most N
    rate: float  # approvals per second
    ttfe_samples: int
    storm_clients: int
    storm_rounds: int
    storm_before: int  # runs approved while their clients are away
    storm_during: int  # runs approved while their clients reconnect
    baseline_storm: int
    stall_s: float = 15.0


async def _status(subject: Subject) -> dict[str, Any]:
    """What the server says about itself: planloop's live subscriptions; the baseline's
    generators blocked in ``wait()`` and its threads."""
    path = "/api/health" if subject.cookies else "/api/status"
    with contextlib.suppress(Exception):
        resp = await subject.pool.request(
            "GET", path, cookie=f"planloop_session={'b' * 32}", timeout=10
        )
        data: dict[str, Any] = resp.json()
        return data
    return {}


class Ladder:
    def __init__(self, plan: LadderPlan, subjects: Sequence[Subject], log: Log) -> None:
        self.plan = plan
        self.subjects = list(subjects)
        self.log = log
        self.flows: dict[str, list[Flow]] = {s.name: [] for s in subjects}
        self.active = {s.name: True for s in subjects}
        self.steps: dict[str, list[dict[str, Any]]] = {s.name: [] for s in subjects}
        self.idle_kb = {s.name: s.server.rss_kb() for s in subjects}
        self.stopped: dict[str, str] = {}
        self.profiler: Any = None  # compare.Profiler with --profile

    def _order(self, r: int) -> list[Subject]:
        live = [s for s in self.subjects if self.active[s.name]]
        return live if r % 2 == 0 else live[::-1]

    async def grow(self, subject: Subject, n: int) -> dict[str, Any]:
        flows = self.flows[subject.name]
        add = n - len(flows)
        step: dict[str, Any] = {"n": n, "added": add}
        parking = await park(subject, add, stall_s=self.plan.stall_s)
        flows.extend(parking.flows)
        step.update(
            parked=len(flows),
            stalled=len(parking.stalled),
            errors=parking.errors[:3],
            error_count=len(parking.errors),
            add_s=parking.seconds,
            cpu_ms_per_run=parking.cpu_s * 1000 / max(add, 1),
            foreign_cores=parking.foreign_cores,
        )
        await asyncio.sleep(2.0)
        step["rss_kb"] = subject.server.rss_kb()
        step["kb_per_run"] = (step["rss_kb"] - self.idle_kb[subject.name]) / max(len(flows), 1)
        step["status"] = await _status(subject)
        ok = parking.ok
        waiting = step["status"].get("waiting_at_checkpoint")
        if ok and isinstance(waiting, int) and waiting < len(flows):
            # The baseline: a run that yielded checkpoint_reached looks parked to its
            # browser, but only a generator blocked in wait() will resume on approval.
            ok = False
            step["stalled"] = len(flows) - waiting
            self.stopped[subject.name] = (
                f"at {n:,}: all {len(flows):,} runs announced their checkpoint, but only "
                f"{waiting} are waiting in `event.wait()`; the other {len(flows) - waiting:,} "
                "wait for a worker thread to even start waiting, so approving them does nothing"
                " until another run's approval frees a thread"
            )
        self.log(
            f"{subject.name}: {len(flows):,} of {n:,} parked (+{len(parking.flows):,} in "
            f"{parking.seconds:.1f} s, {step['cpu_ms_per_run']:.1f} ms server CPU each), "
            f"{len(parking.stalled)} stalled, {len(parking.errors)} errors; RSS "
            f"{step['rss_kb'] / 1024:.1f} MiB = {step['kb_per_run']:.1f} KB per parked run"
        )
        if not ok and subject.name not in self.stopped:
            why = (
                f"{len(parking.stalled):,} of {add:,} new runs never reached their checkpoint "
                f"within {self.plan.stall_s:g} s of the last one that did"
                if parking.stalled
                else f"{len(parking.errors):,} errors, e.g. {parking.errors[:1]}"
            )
            self.stopped[subject.name] = f"at {n:,}: {why}"
        return step

    async def step(self, n: int) -> None:
        plan = self.plan
        current = {s.name: await self.grow(s, n) for s in self._order(0)}
        # New clients while N are parked, alternating subjects sample by sample.
        for s in self._order(0):
            current[s.name]["ttfe"] = []
        for i in range(plan.ttfe_samples):
            for s in self._order(i):
                stalled = s.name in self.stopped
                if stalled and len(current[s.name]["ttfe"]) >= 2:
                    continue
                t = await new_client(s, timeout=5.0 if stalled else 10.0)
                current[s.name]["ttfe"].append(t)
                await asyncio.sleep(0.05)
        for s in self._order(0):
            got = [t for t in current[s.name]["ttfe"] if t is not None]
            never = len(current[s.name]["ttfe"]) - len(got)
            current[s.name]["ttfe_summary"] = summary(got)
            current[s.name]["ttfe_never"] = never
            self.log(
                f"{s.name} at {n:,}: new client's first event p50/p99 "
                f"{ms(summary(got)['p50'])}/{ms(summary(got)['p99'])} ms"
                + (f", {never} never got one" if never else "")
            )
        # Approval rounds (only for subjects that parked everything).
        for s in self._order(0):
            current[s.name]["rounds"] = []
            if s.name in self.stopped:
                self.active[s.name] = False
        planloop = next((s for s in self._order(0) if s.name == "planloop"), None)
        if self.profiler is not None and planloop is not None and n == plan.steps[-1]:

            async def body() -> None:
                await self._rounds(n, current)

            await self.profiler.around(f"rounds-{n}", planloop.pid, body)
        else:
            await self._rounds(n, current)
        for name, step in current.items():
            self.steps[name].append(step)

    async def _rounds(self, n: int, current: dict[str, dict[str, Any]]) -> None:
        rounds = self.plan.rounds if n >= 100 else self.plan.small_rounds
        k = min(n, self.plan.approvals)
        for r in range(rounds):
            for s in self._order(r):
                batch = least_approved(self.flows[s.name], k)
                res = await approval_round(s, batch, self.plan.rate)
                current[s.name]["rounds"].append(res)
                self.log(
                    f"{s.name} at {n:,}, round {r + 1}: {res['events']} events, delivery "
                    f"p50/p99 {ms(res['delivery']['p50'])}/{ms(res['delivery']['p99'])} ms, "
                    f"approval→approved p50/p99 {ms(res['to_approved']['p50'])}/"
                    f"{ms(res['to_approved']['p99'])} ms, missing {res['missing']}, errors "
                    f"{len(res['errors'])}, other processes {res['foreign_cores']:.2f} cores"
                )
                await asyncio.sleep(0.3)

    async def run(self) -> None:
        for n in self.plan.steps:
            if not any(self.active.values()):
                break
            await self.step(n)
            for s in self.subjects:
                if not self.active[s.name] and s.server.alive():
                    # A stalled subject keeps threads blocked; stop it so it does not
                    # share the machine with the rest of the ladder.
                    for f in self.flows[s.name]:
                        f.close()
                    self.log(f"{s.name} stopped {self.stopped.get(s.name, '')}")
                    stop_server(s)


# -- the reconnect storm ---------------------------------------------------------------------


async def _wait_streams(subject: Subject, at_most: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = await subject.streams_on_server()
        if n is None or n <= at_most:
            return
        await asyncio.sleep(0.2)


async def storm(
    subject: Subject,
    parked: Sequence[Flow],
    clients: int,
    before: int,
    during: int,
    rng: random.Random,
    timeout: float = 60.0,
) -> dict[str, Any]:
    """``clients`` browsers lose their streams at once and reconnect at once with
    ``Last-Event-ID``; ``before`` of their runs are approved while they are away and
    ``during`` while they reconnect. Live: the new stream is open. Healed: it has also
    delivered everything missed up to the run's next checkpoint. Every run's seqs must
    then be 1..last with no gap and no repeat, and last must be the server's last seq."""
    group = rng.sample(list(parked), clients)
    away, racing = group[:before], group[before : before + during]
    moved = [*away, *racing]
    on_server = await subject.streams_on_server() or 0
    for f in group:
        f.close()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(30):
            await asyncio.gather(*(f.stream.closed for f in group if f.stream is not None))
    await _wait_streams(subject, on_server - clients, 15.0)
    for f in moved:
        f.rearm()
    await asyncio.gather(*(subject.approve(f) for f in away))
    meter = LoadMeter(subject.pid)
    cpu0 = subject.server.cpu_seconds()
    live: dict[int, float] = {}
    errors: list[str] = []
    t0 = time.time()

    async def reconnect(f: Flow) -> None:
        try:
            await subject.open(
                f, PARKED_ITERATIONS, INTERVAL, timeout=timeout, last_event_id=f.last_id
            )
            live[f.key] = time.time()
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}"[:200])

    tasks = [asyncio.create_task(reconnect(f)) for f in group]
    approvals = await asyncio.gather(*(subject.approve(f) for f in racing), return_exceptions=True)
    await asyncio.gather(*tasks)
    _, pending = await asyncio.wait([asyncio.shield(f.parked) for f in moved], timeout=timeout)
    t_live = max(live.values(), default=t0) - t0
    t_healed = max([t_live + t0, *(f.t_parked for f in moved if f.t_parked)]) - t0
    cpu = subject.server.cpu_seconds() - cpu0
    # Lost or repeated events, from the client's seqs and the server's own last seq.
    dups = sum(f.dups for f in group)
    gaps = 0
    for f in group:
        top = max(f.seen, default=0)
        gaps += top - len(f.seen)
    behind = 0
    for f in moved:
        resp = await subject.pool.request("GET", f"/api/runs/{f.run_id}", cookie=f.cookie)
        if resp.status == 200:
            behind += max(0, int(resp.json()["last_seq"]) - max(f.seen, default=0))
        else:
            errors.append(f"GET run {resp.status}")
    not_parked = sum(1 for f in group if f.last_kind != "checkpoint_reached")
    moved_keys = {f.key for f in moved}
    healed = [
        (f.t_parked if f.key in moved_keys and f.t_parked else live.get(f.key, math.inf)) - t0
        for f in group
    ]
    return {
        "live_offsets": sorted(t - t0 for t in live.values()),
        "healed_offsets": sorted(healed),
        "clients": clients,
        "approved_away": len(away),
        "approved_during": len(racing),
        "approval_errors": sum(isinstance(a, BaseException) for a in approvals),
        "reconnected": len(live),
        "errors": errors[:3],
        "error_count": len(errors),
        "t_live_s": t_live,
        "t_healed_s": t_healed,
        "unhealed": len(pending),
        "duplicated": dups,
        "lost": gaps + behind,
        "not_at_checkpoint": not_parked,
        "server_cpu_s": cpu,
        "foreign_cores": meter.foreign_cores(),
    }


async def baseline_storm(workdir: Path, n: int, stall_s: float, log: Log) -> dict[str, Any]:
    """The original design has no event ids, so a browser's EventSource reconnects to the
    same URL without Last-Event-ID: the endpoint starts a new run, while the abandoned
    generator stays blocked in ``wait()`` (its thread too) until the hour-long timeout."""
    workdir.mkdir(parents=True, exist_ok=True)
    server = BenchServer(workdir, module="bench.baseline").start()
    subject = Subject("baseline", server, cookies=False)
    try:
        parking = await park(subject, n, stall_s=stall_s)
        old = parking.flows
        for f in old:
            f.close()
        await asyncio.sleep(0.5)
        fresh = []
        for f in old:
            g = subject.flow()
            g.session_id = f.session_id
            fresh.append(g)
        t0 = time.time()
        opened = await asyncio.gather(
            *(subject.open(g, PARKED_ITERATIONS, INTERVAL, timeout=stall_s) for g in fresh),
            return_exceptions=True,
        )
        _, pending = await asyncio.wait([asyncio.shield(g.first) for g in fresh], timeout=stall_s)
        firsts = [g.t_first - t0 for g in fresh if g.t_first is not None]
        _, unparked = await asyncio.wait([asyncio.shield(g.parked) for g in fresh], timeout=stall_s)
        status = await _status(subject)
        restarted = sum(1 for g in fresh if g.t_first is not None)
        out = {
            "clients": len(old),
            "parked_before": len(old),
            "open_errors": sum(isinstance(o, BaseException) for o in opened),
            "first_event": len(firsts),
            "t_first_all_s": max(firsts) if firsts and not pending else None,
            "restarted": restarted,
            "reached_checkpoint": len(fresh) - len(unparked),
            "status": status,
        }
        log(
            f"baseline storm: {len(old)} reconnects, {len(firsts)} got an event (each a new "
            f"run from planning_started), {out['reached_checkpoint']} reached a checkpoint; "
            f"{status.get('waiting_at_checkpoint')} generators blocked in wait()"
        )
        for g in fresh:
            g.close()
        return out
    finally:
        await subject.close()
        stop_server(subject)
