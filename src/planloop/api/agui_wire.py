"""planloop's events as AG-UI events: a pure, stateful translation at the edge (no I/O).

One planloop run is one AG-UI *thread* segment per stretch between checkpoints. Each
AG-UI run opens with ``RUN_STARTED``; every iteration is a step; progress is an activity
message per iteration; a checkpoint sends ``STATE_SNAPSHOT`` and then closes the AG-UI run
with ``RUN_FINISHED`` carrying the *interrupt* outcome (the AG-UI interrupt pattern: the
run does not wait, it ends saying what it waits for). The next request resumes with a
``resume`` entry answering the interrupt, and its stream starts with a new ``RUN_STARTED``.

The interrupt id names the planloop run and checkpoint (``checkpoint:<run_id>:<n>``), so
the server keeps nothing between the two requests.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from ag_ui.core import (
    ActivitySnapshotEvent,
    BaseEvent,
    CustomEvent,
    Interrupt,
    RunAgentInput,
    RunErrorEvent,
    RunFinishedCancelledOutcome,
    RunFinishedEvent,
    RunFinishedInterruptOutcome,
    RunFinishedSuccessOutcome,
    RunStartedEvent,
    StateSnapshotEvent,
    StepFinishedEvent,
    StepStartedEvent,
    TextMessageContentEvent,
    TextMessageEndEvent,
    TextMessageStartEvent,
    TokenUsage,
)

from planloop.api.compat.aliases import wire_data
from planloop.domain import MAX_EDIT_PLAN_CHARS, DataPoint
from planloop.events import StoredEvent
from planloop.export import read_plan, structured

PROTOCOL_VERSION = "1.0"
INTERRUPT_REASON = "planloop.checkpoint_review"
ACTIVITY_TYPE = "planloop.iteration"
DECISION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "decision": {
            "type": "string",
            "enum": ["approve", "revise", "edit", "reject"],
            "description": "approve: go on; revise: run the iterations since the last review"
            " again with the feedback (required); edit: plan_markdown becomes the plan;"
            " reject: end the run",
        },
        "feedback": {"type": "string", "maxLength": 4000},
        "plan_markdown": {
            "type": "string",
            "maxLength": MAX_EDIT_PLAN_CHARS,
            "description": "edit only: the person's version of the whole plan (Markdown)",
        },
    },
    "required": ["decision"],
    "allOf": [
        {
            "if": {"properties": {"decision": {"const": "revise"}}},
            "then": {"required": ["feedback"], "properties": {"feedback": {"minLength": 1}}},
        },
        {
            "if": {"properties": {"decision": {"const": "edit"}}},
            "then": {"required": ["plan_markdown"]},
        },
    ],
}


def interrupt_id(run_id: str, number: int) -> str:
    return f"checkpoint:{run_id}:{number}"


INTERRUPT_PREFIX = "checkpoint:"
# ASCII digits only, no leading zero: str.isdigit() and int() also take "²" (int() fails)
# and "\u0661" (Arabic-Indic one, int() gives 1), and int() takes " 1", "+1" and "1_0".
_INTERRUPT_ID = re.compile(r"checkpoint:([^:]+):([1-9][0-9]{0,5})", re.ASCII)


def parse_interrupt_id(value: str) -> tuple[str, int] | None:
    """(planloop run id, checkpoint number) from an interrupt id, or None if it is not one
    of ours exactly as :func:`interrupt_id` writes it."""
    match = _INTERRUPT_ID.fullmatch(value)
    if match is None:
        return None
    return match[1], int(match[2])


def step_name(iteration: int) -> str:
    return f"iteration {iteration}"


def millis(ts: str) -> int | None:
    try:
        return int(datetime.fromisoformat(ts).timestamp() * 1000)
    except ValueError:
        return None


class AguiMapper:
    """Translates one planloop event feed into one AG-UI run. Feed events in order to
    :meth:`map` after :meth:`start`; stop reading once :attr:`closed` is true."""

    def __init__(
        self,
        thread_id: str,
        agui_run_id: str,
        planloop_run_id: str,
        state: dict[str, Any] | None = None,
        started: date | None = None,
    ) -> None:
        self.thread_id = thread_id
        self.agui_run_id = agui_run_id
        self.planloop_run_id = planloop_run_id
        self.state: dict[str, Any] = {**(state or {}), "run_id": planloop_run_id}
        self.open_steps: list[str] = []
        self.closed = False
        self.outcome: str | None = None  # success | interrupt | cancelled | error
        self._error: tuple[str, str] | None = None
        self._result: dict[str, Any] | None = None
        self._prompt_tokens = 0
        self._completion_tokens = 0
        self._started = started  # the run's start: a plan's "week 3" counts from it
        self._ts = ""  # the event being mapped

    # -- the run's boundaries -------------------------------------------------------------

    def start(self, run_input: RunAgentInput | None = None) -> list[BaseEvent]:
        return [
            RunStartedEvent(
                thread_id=self.thread_id,
                run_id=self.agui_run_id,
                protocol_version=PROTOCOL_VERSION,
                input=run_input,
                metadata={"planloop_run_id": self.planloop_run_id},
            )
        ]

    def map(self, event: StoredEvent) -> list[BaseEvent]:
        if self.closed:
            return []
        data = wire_data(event)  # custom events carry the object the primary stream sends
        self._ts = event.ts
        handler = getattr(self, f"_on_{event.type}", None)
        out: list[BaseEvent] = handler(data) if handler is not None else [self._custom(data)]
        stamp = millis(event.ts)
        for item in out:
            if item.timestamp is None:
                item.timestamp = stamp
        return out

    def _close_steps(self) -> list[BaseEvent]:
        closing: list[BaseEvent] = [StepFinishedEvent(step_name=n) for n in self.open_steps]
        self.open_steps.clear()
        return closing

    def _finish(self, outcome: Any, **extra: Any) -> list[BaseEvent]:
        self.closed = True
        return [
            *self._close_steps(),
            RunFinishedEvent(
                thread_id=self.thread_id, run_id=self.agui_run_id, outcome=outcome, **extra
            ),
        ]

    def _usage(self) -> list[TokenUsage] | None:
        if not (self._prompt_tokens or self._completion_tokens):
            return None
        return [
            TokenUsage(
                input_tokens=self._prompt_tokens,
                output_tokens=self._completion_tokens,
                total_tokens=self._prompt_tokens + self._completion_tokens,
            )
        ]

    def _custom(self, data: dict[str, Any]) -> BaseEvent:
        return CustomEvent(name=f"planloop.{data.get('type', 'event')}", value=data)

    def _snapshot(self, **changes: Any) -> BaseEvent:
        self.state.update(changes)
        return StateSnapshotEvent(snapshot=dict(self.state))

    # -- one handler per planloop event type ---------------------------------------------

    def _on_planning_started(self, d: dict[str, Any]) -> list[BaseEvent]:
        return [
            self._snapshot(
                goal=d["goal"],
                status="running",
                iteration=0,
                max_iterations=d["max_iterations"],
                checkpoint_interval=d["checkpoint_interval"],
                planner=d["planner"],
            )
        ]

    def _on_iteration_started(self, d: dict[str, Any]) -> list[BaseEvent]:
        name = step_name(d["iteration"])
        out: list[BaseEvent] = []
        if name not in self.open_steps:  # re-run after a crash: still the same step
            self.open_steps.append(name)
            out.append(StepStartedEvent(step_name=name))
        attempt = d.get("attempt")
        if isinstance(attempt, int) and attempt > 1:
            # A snapshot replaces the iteration's activity: the abandoned attempt's goes.
            message = f"Iteration {d['iteration']} starts again (attempt {attempt})"
            content = {"iteration": d["iteration"], "message": message, "attempt": attempt}
            out.append(self._activity(d["iteration"], content))
        return out

    def _activity(self, iteration: int, content: dict[str, Any]) -> BaseEvent:
        return ActivitySnapshotEvent(
            message_id=f"{self.planloop_run_id}-iteration-{iteration}",
            activity_type=ACTIVITY_TYPE,
            content=content,
        )

    def _on_iteration_progress(self, d: dict[str, Any]) -> list[BaseEvent]:
        keep = ("iteration", "message", "stage", "tokens", "frameworks_applied", "data_points")
        return [self._activity(d["iteration"], {k: d[k] for k in keep if d.get(k) is not None})]

    def _on_iteration_completed(self, d: dict[str, Any]) -> list[BaseEvent]:
        usage = d.get("usage") or {}
        self._prompt_tokens += int(usage.get("prompt_tokens", 0))
        self._completion_tokens += int(usage.get("completion_tokens", 0))
        iteration = d["iteration"]
        content = {
            "iteration": iteration,
            "message": f"Iteration {iteration} done in {d['duration_ms'] / 1000:.1f} s",
            "done": True,
            "duration_ms": d["duration_ms"],
            "frameworks_applied": d["frameworks_applied"],
            "data_points": d["data_points"],
            "summary": d.get("summary", ""),
        }
        out: list[BaseEvent] = [self._activity(iteration, content)]
        self.state["iteration"] = iteration
        name = step_name(iteration)
        if name in self.open_steps:
            self.open_steps.remove(name)
            out.append(StepFinishedEvent(step_name=name))
        return out

    def _on_checkpoint_reached(self, d: dict[str, Any]) -> list[BaseEvent]:
        number = d["checkpoint_number"]
        snapshot = self._snapshot(
            status="awaiting_approval",
            iteration=d["iteration"],
            checkpoint_number=number,
            summary=d["summary"],
            frameworks=d["frameworks_so_far"],
            data_points=d["data_points_so_far"],
            improvements=d["improvements"],
            plan=d.get("plan", ""),
            revision=d.get("revision", 1),
            changes=d.get("changes"),
        )
        interrupt = Interrupt(
            id=interrupt_id(self.planloop_run_id, number),
            reason=INTERRUPT_REASON,
            message=d["summary"],
            response_schema=DECISION_SCHEMA,
            expires_at=d["expires_at"],
            metadata={
                "planloop_run_id": self.planloop_run_id,
                "checkpoint_number": number,
                "iteration": d["iteration"],
                "revision": d.get("revision", 1),
                "changes": d.get("changes"),
                "review_url": f"/api/runs/{self.planloop_run_id}/checkpoints/{number}",
            },
        )
        self.outcome = "interrupt"
        closing = self._finish(
            RunFinishedInterruptOutcome(interrupts=[interrupt]), usage=self._usage()
        )
        return [snapshot, *closing]

    def _on_final_plan(self, d: dict[str, Any]) -> list[BaseEvent]:
        self._result = {
            "planloop_run_id": self.planloop_run_id,
            "plan": d["plan"],
            "memory_entity": d.get("memory_entity"),
            "iterations": d["iterations"],
            "checkpoints": d["checkpoints"],
        }
        message_id = f"{self.planloop_run_id}-plan"
        return [
            self._snapshot(
                status="completed",
                iteration=d["iterations"],
                plan=d["plan"],
                frameworks=d["frameworks"],
                data_points=d["data_points"],
                memory_entity=d.get("memory_entity"),
                structured_plan=self._structured(d),
            ),
            TextMessageStartEvent(message_id=message_id, role="assistant"),
            TextMessageContentEvent(message_id=message_id, delta=d["plan"]),
            TextMessageEndEvent(message_id=message_id),
        ]

    def _structured(self, final: dict[str, Any]) -> dict[str, Any]:
        """The final plan as data (sections, milestones, budget, risks; as the JSON
        export), so an AG-UI client needs no Markdown parser of its own."""
        doc = read_plan(
            run_id=self.planloop_run_id,
            goal=str(self.state.get("goal", "")),
            status="completed",
            partial=False,
            iteration=int(final["iterations"]),
            started=self._started or datetime.fromisoformat(self._ts).date(),
            updated_at=datetime.fromisoformat(self._ts),
            plan_markdown=final["plan"],
            data_points=[DataPoint(**p) for p in final.get("data_points", [])],
        )
        found = structured(doc)
        del found["plan_markdown"]  # the snapshot's "plan" already carries it
        return found

    def _on_error(self, d: dict[str, Any]) -> list[BaseEvent]:
        self._error = (d.get("code", "error"), d.get("message") or d.get("error") or "error")
        return [self._custom(d)]

    def _on_complete(self, d: dict[str, Any]) -> list[BaseEvent]:
        status = d["status"]
        if status == "completed":
            self.outcome = "success"
            return self._finish(
                RunFinishedSuccessOutcome(), result=self._result, usage=self._usage()
            )
        if status == "failed":
            code, message = self._error or ("failed", "the run failed")
            self.outcome = "error"
            self.closed = True
            return [
                *self._close_steps(),
                RunErrorEvent(message=message, code=code, usage=self._usage()),
            ]
        # rejected at a checkpoint, cancelled, or expired: stopped on purpose, not failed.
        self.outcome = "cancelled"
        meta: dict[str, Any] = {"planloop_status": status}
        if self._error is not None:
            meta["planloop_error"] = {"code": self._error[0], "message": self._error[1]}
        return self._finish(RunFinishedCancelledOutcome(), metadata=meta, usage=self._usage())
