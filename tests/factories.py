"""Test data, built one way: runs, events, and the bodies that ask a server for a run.

The store, engine and reliability tests each had their own ``_run()`` (four copies with
small differences in ids, owners and iteration counts) and their own event builders; the
HTTP tests their own run payloads. They all build from here, saying only what differs.
"""

from __future__ import annotations

from typing import Any

from planloop.domain import Proposal, Run, RunStatus
from planloop.events import EventBody, IterationStarted, StoredEvent

GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"
TS = "2026-11-26T00:00:00.000000+00:00"


def make_run(
    run_id: str = "r1",
    owner: str = "o1",
    *,
    iterations: int = 2,
    interval: int = 1,
    status: RunStatus = RunStatus.RUNNING,
    goal: str = "g",
    planner: str = "offline",
    **fields: Any,
) -> Run:
    """A run as the store holds it, with a minimal proposal of the same shape."""
    return Run(
        id=run_id,
        owner=owner,
        goal=goal,
        proposal=Proposal(
            approach="a", frameworks=[], max_iterations=iterations, checkpoint_interval=interval
        ),
        max_iterations=iterations,
        checkpoint_interval=interval,
        checkpoint_timeout_s=60,
        planner=planner,
        status=status,
        **fields,
    )


def started(iteration: int, of: int = 9) -> IterationStarted:
    """An ``iteration_started`` body: the simplest event there is."""
    return IterationStarted(iteration=iteration, max_iterations=of)


def stored(seq: int, run_id: str = "r", body: EventBody | None = None, ts: str = TS) -> StoredEvent:
    """An event as persisted (envelope + payload); ``iteration_started`` unless told."""
    return StoredEvent.build(run_id, seq, ts, body if body is not None else started(seq))


def run_body(**body: Any) -> dict[str, Any]:
    """What ``POST /api/runs`` is sent: the bakery goal, 4 iterations, a checkpoint every 2."""
    return {"goal": GOAL, "max_iterations": 4, "checkpoint_interval": 2, **body}
