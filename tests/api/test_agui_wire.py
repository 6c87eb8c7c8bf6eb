"""The pure AG-UI mapping: planloop event logs in, AG-UI runs out, every rule kept."""

from __future__ import annotations

import json
from typing import Any

from ag_ui.encoder import EventEncoder

from planloop.api.agui_wire import AguiMapper, interrupt_id, parse_interrupt_id
from planloop.domain import DataPoint, Framework, Usage
from planloop.events import (
    CheckpointApproved,
    CheckpointReached,
    CheckpointRejected,
    Complete,
    ErrorEvent,
    EventBody,
    FinalPlan,
    Improvements,
    IterationCompleted,
    IterationProgress,
    IterationStarted,
    PlanningStarted,
    StoredEvent,
)
from tests.agui_rules import check_stream

RUN = "r" * 32
FW = [Framework(id="swot", title="SWOT")]
DP = [DataPoint(label="Budget", value="EUR 40,000", source="goal")]


def log(*bodies: EventBody, first_seq: int = 1) -> list[StoredEvent]:
    ts = "2026-11-26T10:00:00.000000Z"
    return [StoredEvent.build(RUN, first_seq + i, ts, b) for i, b in enumerate(bodies)]


def iteration(n: int, usage: Usage | None = None) -> list[EventBody]:
    return [
        IterationStarted(iteration=n, max_iterations=4),
        IterationProgress(
            iteration=n, message="Applying SWOT", stage="swot", frameworks_applied=FW
        ),
        IterationCompleted(
            iteration=n,
            duration_ms=1200,
            frameworks_applied=FW,
            data_points=DP,
            plan_version=n,
            usage=usage,
        ),
    ]


def checkpoint(n: int, iteration_: int) -> CheckpointReached:
    return CheckpointReached(
        iteration=iteration_,
        checkpoint_number=n,
        summary=f"After iteration {iteration_}",
        frameworks_so_far=FW,
        data_points_so_far=DP,
        improvements=Improvements(
            frameworks_added=FW,
            data_points_gained=1,
            key_discovery="x",
            sections_added=[],
            sections_revised=[],
        ),
        expires_at="2026-11-26T11:00:00.000000Z",
        plan="# Plan",
    )


def translate(events: list[StoredEvent], **kw: Any) -> list[dict[str, Any]]:
    """Map like the endpoint does, then put it through the package's encoder and back."""
    mapper = AguiMapper("thread-1", kw.pop("agui_run", "agui-1"), RUN, **kw)
    out = list(mapper.start())
    for event in events:
        out += mapper.map(event)
        if mapper.closed:
            break
    encoder = EventEncoder()
    frames = [encoder.encode(e) for e in out]
    assert all(f.startswith("data: ") and f.endswith("\n\n") for f in frames)
    return [json.loads(f.removeprefix("data: ")) for f in frames]


def types(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


def test_first_stretch_ends_with_an_interrupt_after_a_state_snapshot() -> None:
    bodies = [
        PlanningStarted(goal="g", max_iterations=4, checkpoint_interval=2, planner="offline"),
        *iteration(1),
        *iteration(2),
        checkpoint(1, 2),
    ]
    out = translate(log(*bodies))
    check_stream(out)
    assert types(out) == [
        "RUN_STARTED",
        "STATE_SNAPSHOT",
        *["STEP_STARTED", "ACTIVITY_SNAPSHOT", "ACTIVITY_SNAPSHOT", "STEP_FINISHED"] * 2,
        "STATE_SNAPSHOT",
        "RUN_FINISHED",
    ]
    assert [e["stepName"] for e in out if e["type"] == "STEP_STARTED"] == [
        "iteration 1",
        "iteration 2",
    ]
    finished = out[-1]
    assert finished["outcome"]["type"] == "interrupt"
    (interrupt,) = finished["outcome"]["interrupts"]
    assert parse_interrupt_id(interrupt["id"]) == (RUN, 1)
    assert interrupt["responseSchema"]["properties"]["decision"]["enum"] == [
        "approve",
        "revise",
        "edit",
        "reject",
    ]
    assert interrupt["expiresAt"] == "2026-11-26T11:00:00.000000Z"
    assert out[-2]["snapshot"]["status"] == "awaiting_approval"
    assert out[-2]["snapshot"]["checkpoint_number"] == 1


def test_resumed_stretch_finishes_with_success_the_plan_and_its_own_usage() -> None:
    bodies = [
        checkpoint(1, 2),
        CheckpointApproved(checkpoint_number=1, feedback="more"),
        *iteration(3, Usage(prompt_tokens=10, completion_tokens=5)),
        *iteration(4, Usage(prompt_tokens=10, completion_tokens=5)),
        FinalPlan(
            plan="# Plan",
            frameworks=FW,
            data_points=DP,
            iterations=4,
            checkpoints=1,
            memory_entity="plan-x",
        ),
        Complete(status="completed"),
    ]
    out = translate(log(*bodies, first_seq=10)[1:], agui_run="agui-2")
    check_stream(out)
    assert out[1] == {**out[1], "type": "CUSTOM", "name": "planloop.checkpoint_approved"}
    assert types(out)[-4:] == [
        "TEXT_MESSAGE_START",
        "TEXT_MESSAGE_CONTENT",
        "TEXT_MESSAGE_END",
        "RUN_FINISHED",
    ]
    done = out[-1]
    assert done["runId"] == "agui-2" and done["outcome"] == {"type": "success"}
    assert done["result"]["memory_entity"] == "plan-x"
    assert done["usage"] == [{"inputTokens": 20, "outputTokens": 10, "totalTokens": 30}]


def test_reject_is_a_cancelled_outcome() -> None:
    bodies = [
        CheckpointRejected(checkpoint_number=1),
        Complete(status="rejected"),
    ]
    out = translate(log(*bodies, first_seq=12))
    check_stream(out)
    assert out[-1]["outcome"] == {"type": "cancelled"}
    assert out[-1]["metadata"] == {"planloop_status": "rejected"}


def test_failure_mid_iteration_closes_the_step_and_ends_with_run_error() -> None:
    bodies = [
        *iteration(1)[:2],
        ErrorEvent.of("planner_failed", "the model did not answer"),
        Complete(status="failed"),
    ]
    out = translate(log(*bodies))
    check_stream(out)
    assert types(out)[-2:] == ["STEP_FINISHED", "RUN_ERROR"]
    assert out[-1]["message"] == "the model did not answer"
    assert out[-1]["code"] == "planner_failed"


def test_expiry_is_cancelled_not_failed() -> None:
    bodies = [ErrorEvent.of("checkpoint_expired", "too late"), Complete(status="expired")]
    out = translate(log(*bodies, first_seq=12))
    check_stream(out)
    assert out[-1]["outcome"] == {"type": "cancelled"}
    assert out[-1]["metadata"]["planloop_status"] == "expired"


def test_an_iteration_rerun_after_a_crash_does_not_reopen_its_step() -> None:
    started = IterationStarted(iteration=1, max_iterations=1)
    bodies = [started, started, *iteration(1)[1:], Complete(status="cancelled")]
    out = translate(log(*bodies))
    check_stream(out)
    assert types(out).count("STEP_STARTED") == 1


def test_nothing_is_emitted_after_the_run_closes() -> None:
    mapper = AguiMapper("t", "a", RUN)
    mapper.start()
    (closing,) = log(Complete(status="cancelled"))
    assert mapper.map(closing)
    assert mapper.closed and mapper.map(closing) == []


def test_interrupt_ids_round_trip_and_foreign_ids_are_refused() -> None:
    assert parse_interrupt_id(interrupt_id("abc", 3)) == ("abc", 3)
    for foreign in ("int-1", "checkpoint:abc", "checkpoint::1", "tool:abc:1", "checkpoint:a:x"):
        assert parse_interrupt_id(foreign) is None
    for number in ("²", "١", "𝟏", "01", "0", "+1", " 1", "1_0", "1234567"):
        assert parse_interrupt_id(f"checkpoint:abc:{number}") is None, number
