"""The peer's planning graph: one node per iteration, a human checkpoint every N.

Written as LangGraph's documentation teaches human-in-the-loop: a ``StateGraph`` whose
``iterate`` node does one iteration of work and whose ``checkpoint`` node calls
``interrupt()``; the caller resumes the thread with ``Command(resume=...)``. Progress goes
out through ``get_stream_writer()`` (``stream_mode="custom"``). A node that calls
``interrupt()`` runs again from its top on resume, so ``checkpoint`` does nothing before
the interrupt and announces nothing there (the runner announces the checkpoint when it
sees ``__interrupt__``).

The work is synthetic but calibrated (bench/peer/work.py): the same CPU time per
iteration and the same number of progress updates as planloop's offline planner, and a
plan of the same size carried in the state (so each checkpoint stores what planloop's
run would).
"""

from __future__ import annotations

import operator
import time
from typing import Annotated, Any, TypedDict

from langgraph.config import get_stream_writer
from langgraph.graph import END, START, StateGraph
from langgraph.types import interrupt

from bench.peer.work import Work


class PlanState(TypedDict):
    goal: str
    max_iterations: int
    interval: int
    iteration: int
    checkpoints: int
    approved: bool
    plan: str
    notes: Annotated[list[str], operator.add]


def build(work: Work) -> StateGraph[PlanState]:
    async def iterate(state: PlanState) -> dict[str, Any]:
        write = get_stream_writer()
        i = state["iteration"] + 1
        write({"type": "iteration_started", "iteration": i, "ts": time.time()})
        plan = state["plan"]
        for step in range(work.progress):
            plan = work.step(state["goal"], i, step, plan)
            write({"type": "iteration_progress", "iteration": i, "step": step, "ts": time.time()})
        note = f"iteration {i}: {len(plan)} characters of plan"
        write({"type": "iteration_completed", "iteration": i, "summary": note, "ts": time.time()})
        return {"iteration": i, "plan": plan, "notes": [note]}

    def after_iteration(state: PlanState) -> str:
        if state["iteration"] >= state["max_iterations"]:
            return END
        if state["iteration"] % state["interval"] == 0:
            return "checkpoint"
        return "iterate"

    async def checkpoint(state: PlanState) -> dict[str, Any]:
        number = state["checkpoints"] + 1
        decision = interrupt({"checkpoint_number": number, "iteration": state["iteration"]})
        approved = bool(decision.get("approved", True))
        kind = "checkpoint_approved" if approved else "checkpoint_rejected"
        get_stream_writer()({"type": kind, "checkpoint_number": number, "ts": time.time()})
        return {"checkpoints": number, "approved": approved}

    def after_checkpoint(state: PlanState) -> str:
        return "iterate" if state["approved"] else END

    graph = StateGraph(PlanState)
    graph.add_node("iterate", iterate)
    graph.add_node("checkpoint", checkpoint)
    graph.add_edge(START, "iterate")
    graph.add_conditional_edges("iterate", after_iteration, ["iterate", "checkpoint", END])
    graph.add_conditional_edges("checkpoint", after_checkpoint, ["iterate", END])
    return graph


def initial_state(goal: str, max_iterations: int, interval: int) -> PlanState:
    return PlanState(
        goal=goal,
        max_iterations=max_iterations,
        interval=interval,
        iteration=0,
        checkpoints=0,
        approved=True,
        plan="",
        notes=[],
    )
