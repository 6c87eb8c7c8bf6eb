"""The original design, rebuilt as a benchmark subject (see seed/original-design.md).

FastAPI; ``GET /api/execute-plan`` returns a ``StreamingResponse`` over a *synchronous*
generator that does the iteration work and yields unnamed ``data: {json}\\n\\n`` events; at
a checkpoint it blocks in ``threading.Event.wait()`` until ``POST /api/checkpoint-approval``
sets the session's event. Under uvicorn's defaults Starlette runs each ``next()`` of that
generator in anyio's worker threads (40 by default), so a parked run holds a thread.

Faithful to the description, with two benchmark-only changes:

* every event carries ``ts`` (``time.time()`` when it was built), to time emit → client;
* the session's event is cleared *before* ``checkpoint_reached`` is yielded, not after:
  in the described order (announce, then ``clear()``, then ``wait()``) an approval that
  arrives between the announcement and ``clear()`` is lost and the run hangs for the
  hour-long timeout. The benchmark approves within a millisecond, so it would hit that.

It is never used by planloop.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import StreamingResponse

from bench.baseline.work import Planning
from planloop.planners.base import Progress

CHECKPOINT_TIMEOUT_S = 3600  # the design's default: one hour
MEMORY = Path(os.environ.get("PLANLOOP_MEMORY_DIR", "memory")) / "entities"


class SessionManager:
    """Sessions in a dict; one ``threading.Event`` per session for checkpoint approval."""

    def __init__(self) -> None:
        self.sessions: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.waiting = 0  # benchmark-only: generators blocked in wait()

    def get_or_create(self, session_id: str | None) -> tuple[str, dict[str, Any]]:
        with self.lock:
            if not session_id or session_id == "null":
                session_id = uuid.uuid4().hex
            session = self.sessions.get(session_id)
            if session is None:
                session = {
                    "checkpoint_approval_event": threading.Event(),
                    "checkpoint_approved": False,
                    "feedback": "",
                    "created": time.time(),
                }
                self.sessions[session_id] = session
            return session_id, session

    def set_checkpoint_approved(self, session_id: str, approved: bool, feedback: str) -> None:
        _, session = self.get_or_create(session_id)
        session["checkpoint_approved"] = approved
        session["feedback"] = feedback
        session["checkpoint_approval_event"].set()

    def reset_checkpoint_state(self, session_id: str) -> None:
        _, session = self.get_or_create(session_id)
        session["checkpoint_approved"] = False
        session["checkpoint_approval_event"].clear()

    def wait_for_checkpoint_approval(
        self, session_id: str, timeout: float = CHECKPOINT_TIMEOUT_S
    ) -> bool | None:
        """Block until approved (True), rejected (False) or timed out (None)."""
        _, session = self.get_or_create(session_id)
        with self.lock:
            self.waiting += 1
        try:
            if not session["checkpoint_approval_event"].wait(timeout):
                return None
        finally:
            with self.lock:
                self.waiting -= 1
        return bool(session["checkpoint_approved"])


app = FastAPI(title="planloop benchmark baseline: the original design")
session_manager = SessionManager()


def sse(data: dict[str, Any]) -> str:
    data["ts"] = time.time()  # benchmark-only field
    return f"data: {json.dumps(data)}\n\n"


def save_plan(session_id: str, goal: str, plan: str) -> str:
    """The original saved every final plan to memory as an entity (a Markdown file)."""
    name = f"plan_{datetime.now():%Y%m%d_%H%M%S}_{session_id[:16]}"
    MEMORY.mkdir(parents=True, exist_ok=True)
    (MEMORY / f"{name}.md").write_text(f"# {goal}\n\n{plan}\n")
    return name


def event_stream(
    session_id: str, goal: str, proposal: str, max_iterations: int, checkpoint_interval: int
) -> Iterator[str]:
    try:
        yield sse(
            {
                "type": "planning_started",
                "goal": goal,
                "max_iterations": max_iterations,
                "checkpoint_interval": checkpoint_interval,
            }
        )
        planning = Planning(goal, proposal, max_iterations, checkpoint_interval)
        checkpoints = 0
        stopped = False
        for iteration in range(1, max_iterations + 1):
            yield sse({"type": "iteration_started", "iteration": iteration, "max": max_iterations})
            for item in planning.iterate(iteration):
                if isinstance(item, Progress):
                    yield sse(
                        {
                            "type": "iteration_progress",
                            "iteration": iteration,
                            "message": item.message,
                        }
                    )
            if iteration % checkpoint_interval or iteration == max_iterations:
                continue
            checkpoints += 1
            state = planning.state
            session_manager.reset_checkpoint_state(session_id)
            yield sse(
                {
                    "type": "checkpoint_reached",
                    "iteration": iteration,
                    "checkpoint_number": checkpoints,
                    "summary": state.iterations[-1].summary,
                    "frameworks_so_far": [f.title for f in state.frameworks],
                    "data_points_so_far": len(state.data_points),
                    "improvements": planning.improvements(checkpoints),
                }
            )
            # CRITICAL: wait for user approval before continuing (blocks this thread).
            approved = session_manager.wait_for_checkpoint_approval(session_id)
            if approved is None:
                yield sse({"type": "error", "error": "Checkpoint approval timed out"})
                stopped = True
                break
            if not approved:
                stopped = True
                break
            planning.add_feedback(checkpoints, session_manager.sessions[session_id]["feedback"])
            yield sse({"type": "checkpoint_approved", "checkpoint": checkpoints})
        if not stopped:
            state = planning.state
            save_plan(session_id, goal, state.plan)
            yield sse(
                {
                    "type": "final_plan",
                    "plan": state.plan,
                    "frameworks": [f.title for f in state.frameworks],
                    "data_points": len(state.data_points),
                    "iterations": max_iterations,
                    "checkpoints": checkpoints,
                }
            )
    except Exception as exc:
        yield sse({"type": "error", "error": str(exc)})
    yield sse({"type": "complete"})


@app.get("/api/execute-plan")
async def execute_plan_endpoint(
    goal: str,
    proposal: str = "",
    max_iterations: int = 1,
    checkpoint_interval: int = 2,
    session_id: str = "",
) -> StreamingResponse:
    session_id, _ = session_manager.get_or_create(session_id)
    stream = event_stream(session_id, goal, proposal, max_iterations, checkpoint_interval)
    return StreamingResponse(stream, media_type="text/event-stream")


@app.post("/api/checkpoint-approval")
async def checkpoint_approval_endpoint(request: dict[str, Any]) -> dict[str, Any]:
    session_id = str(request.get("session_id") or "")
    checkpoint_number = request.get("checkpoint", 0)
    approved = request.get("approved", True) is not False
    session_manager.set_checkpoint_approved(session_id, approved, request.get("feedback") or "")
    return {
        "status": "approved" if approved else "rejected",
        "checkpoint": checkpoint_number,
        "message": "Checkpoint approved, continuing planning..."
        if approved
        else "Checkpoint rejected, planning stopped.",
    }


@app.get("/api/status")
async def get_system_status() -> dict[str, Any]:
    return {
        "status": "ready",
        "backend": "baseline: the original design",
        "agent_available": True,
        "orchestrator_available": True,
        "sessions_active": len(session_manager.sessions),
        # benchmark-only
        "waiting_at_checkpoint": session_manager.waiting,
        "threads": threading.active_count(),
    }


@app.get("/health")
async def health_check() -> dict[str, str]:
    return {"status": "healthy", "timestamp": datetime.now().isoformat()}
