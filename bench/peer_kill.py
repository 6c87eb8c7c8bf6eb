"""SIGKILL with runs mid-flight, parked, and approved just before the kill.

On a fresh server (its own SQLite file or database): ``parked + approved`` runs (4
iterations, a checkpoint after 2) park at checkpoint 1; ``midflight`` runs of 50
iterations and no checkpoint start (more than the peer's 32 executions, so some of its
runs wait for a slot); once most of them have completed an iteration, ``approved`` of the
parked runs are approved, and the moment the last approval is answered the server gets
SIGKILL. It is restarted on the same store and every browser reconnects (planloop with
``Last-Event-ID``; the peer's ids do not outlive its process, so it replays what its new
process has). Then, without any new request:

* mid-flight runs: how many resume and finish, how long after the restart, which
  iterations ran again (their ``iteration_completed`` seen before and after the kill) and
  which were never seen; runs the server no longer knows (404) are *gone*;
* approved runs: resumed (the approval survived) or back at their checkpoint (it was
  lost: the user must approve again);
* parked runs: still parked.

Finally every run still at a checkpoint is approved, and those that finish are counted.
Duplicated events: the same seq twice on a stream (planloop only: the peer's seqs restart
with its process).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.peer_subjects import NativeSubject
from bench.stats import summary
from bench.subjects import Flow, park

Log = Callable[[str], None]
MID_ITERATIONS = 50


@dataclass(frozen=True)
class KillPlan:
    parked: int
    approved: int
    midflight: int
    wait_s: float  # how long to wait for recovery after the restart


async def _reopen(s: NativeSubject, f: Flow) -> str:
    f.close()
    last = f.last_id if s.cookies else None
    try:
        await s.open(f, timeout=15.0, last_event_id=last)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:160]
    return ""


def _wait_all(futures: list[asyncio.Future[None]]) -> list[asyncio.Future[None]]:
    return [asyncio.shield(x) for x in futures]


async def kill_test(s: NativeSubject, plan: KillPlan, log: Log) -> dict[str, Any]:
    parking = await park(s, plan.parked + plan.approved, iterations=4, interval=2, stall_s=20.0)
    flows = parking.flows
    parked, approved = flows[: plan.parked], flows[plan.parked :]
    mid = [s.flow() for _ in range(plan.midflight)]
    opened = await asyncio.gather(
        *(s.open(f, MID_ITERATIONS, MID_ITERATIONS) for f in mid), return_exceptions=True
    )
    open_errors = [f"{type(o).__name__}: {o}"[:160] for o in opened if isinstance(o, BaseException)]
    mid = [f for f, o in zip(mid, opened, strict=True) if not isinstance(o, BaseException)]
    deadline = time.monotonic() + 20.0
    while time.monotonic() < deadline:
        if sum(1 for f in mid if len(s.completed[f.key]) >= 3) >= plan.midflight // 2:
            break
        await asyncio.sleep(0.01)
    for f in approved:
        f.rearm()
    answers = await asyncio.gather(*(s.approve(f) for f in approved), return_exceptions=True)
    assert s.server.proc is not None
    os.kill(s.server.proc.pid, signal.SIGKILL)
    s.server.proc.wait(10)
    running_at_kill = sum(1 for f in mid if not f.done.done())
    before = {f.key: {i for i, _, _ in s.completed[f.key]} for f in mid}
    log(
        f"kill {s.name}: SIGKILL with {running_at_kill} of {len(mid)} long runs unfinished "
        f"({sum(1 for f in mid if s.completed[f.key] and not f.done.done())} had started), "
        f"{len(parked)} parked, {len(approved)} approved just before"
    )
    s.epoch = 1
    for f in [*flows, *mid]:
        f.close()
    t_restart = time.time()
    s.server.start(timeout=120.0)
    up_s = time.time() - t_restart
    status: dict[str, Any] = {}
    if not s.cookies:
        with contextlib.suppress(Exception):
            status = (await s.pool.request("GET", "/api/status")).json().get("recovery", {})
    for f in approved:
        f.rearm()
    # Runs that finished before the kill are not asked about (the peer forgets them).
    again = [*(f for f in mid if not f.done.done()), *approved, *parked]
    errors = await asyncio.gather(*(_reopen(s, f) for f in again))
    gone = {f.key for f, e in zip(again, errors, strict=True) if e}
    waits = [f.done for f in mid if f.key not in gone]
    waits += [f.parked for f in approved if f.key not in gone]
    await asyncio.wait(_wait_all(waits), timeout=plan.wait_s)
    recovered_s = time.time() - t_restart

    def after(f: Flow) -> list[float]:
        return [t - t_restart for _, e, t in s.completed[f.key] if e == 1]

    mid_live = [f for f in mid if f.key not in gone]
    resumed_mid = [f for f in mid_live if after(f)]
    redone = sum(len(before[f.key] & {i for i, e, _ in s.completed[f.key] if e == 1}) for f in mid)
    missing = sum(
        MID_ITERATIONS - len({i for i, _, _ in s.completed[f.key]})
        for f in mid_live
        if f.done.done()
    )
    approved_resumed = [
        f for f in approved if any(i == 3 and e == 1 for i, e, _ in s.started[f.key])
    ]
    approved_back = [
        f
        for f in approved
        if f not in approved_resumed and f.key not in gone and f.last_kind == "checkpoint_reached"
    ]
    parked_moved = [f for f in parked if any(i == 3 for i, _, _ in s.started[f.key])]
    # Every run still at a checkpoint is approved now (again, for a lost approval).
    waiting = [f for f in [*parked, *approved_back] if f.key not in gone]
    for f in waiting:
        f.rearm()
    sent = await asyncio.gather(*(s.approve(f) for f in waiting), return_exceptions=True)
    await asyncio.wait(_wait_all([f.done for f in waiting]), timeout=plan.wait_s)
    finished_after_approval = sum(1 for f in waiting if f.done.done())
    dups = sum(f.dups for f in [*mid, *approved, *parked]) if s.cookies else None
    res = {
        "restart_s": up_s,
        "recovered_s": recovered_s,
        "recovery": status,
        "approval_errors": sum(isinstance(a, BaseException) for a in answers),
        "open_errors": open_errors,
        "park_errors": [*parking.errors[:3], f"stalled: {len(parking.stalled)}"],
        "mid": {
            "n": len(mid),
            "unfinished_at_kill": running_at_kill,
            "gone": sum(1 for f in mid if f.key in gone),
            "resumed": len(resumed_mid),
            "finished": sum(1 for f in mid_live if f.done.done()),
            "first_iteration_s": summary([min(after(f)) for f in resumed_mid]),
            "finished_s": max((max(after(f)) for f in resumed_mid), default=None),
            "redone_iterations": redone,
            "missing_iterations": missing,
        },
        "approved": {
            "n": len(approved),
            "resumed": len(approved_resumed),
            "back_at_checkpoint": len(approved_back),
            "gone": sum(1 for f in approved if f.key in gone),
            "resumed_s": summary(
                [
                    min(t for i, e, t in s.started[f.key] if i == 3 and e == 1) - t_restart
                    for f in approved_resumed
                ]
            ),
        },
        "parked": {
            "n": len(parked),
            "moved_without_approval": len(parked_moved),
            "gone": sum(1 for f in parked if f.key in gone),
        },
        "approved_after_restart": len(waiting),
        "approval_errors_after": sum(isinstance(a, BaseException) for a in sent),
        "finished_after_approval": finished_after_approval,
        "duplicated_events": dups,
        "reopen_errors": [e for e in errors if e][:3],
    }
    log(f"kill {s.name}: {res}")
    for f in [*flows, *mid]:
        f.close()
    return res
