"""The SSE encoder is pure and can never be broken by what is inside an event."""

from __future__ import annotations

import json

import pytest

from planloop.api.compat.aliases import primary_frame, with_aliases
from planloop.events import (
    EVENT_TYPES,
    ErrorEvent,
    IterationStarted,
    StoredEvent,
    encode_comment,
    encode_sse,
)


def test_primary_frame_has_id_event_and_one_json_data_line() -> None:
    ev = StoredEvent.build(
        "r1", 7, "2026-11-26T10:00:00.123Z", IterationStarted(iteration=2, max_iterations=4)
    )
    frame = primary_frame(ev).decode()
    assert frame.endswith("\n\n")
    lines = frame.rstrip("\n").split("\n")
    assert lines[0] == "id: 7"
    assert lines[1] == "event: iteration_started"
    assert len(lines) == 3 and lines[2].startswith("data: ")
    data = json.loads(lines[2][len("data: ") :])
    assert data == {
        "type": "iteration_started",
        "run_id": "r1",
        "seq": 7,
        "ts": "2026-11-26T10:00:00.123Z",
        "iteration": 2,
        "max_iterations": 4,
        "max": 4,
    }


def test_newlines_in_text_never_break_framing_or_inject_fields() -> None:
    evil = "line1\n\nevent: complete\ndata: {}\r\nid: 999\n\n"
    ev = StoredEvent.build("r1", 1, "t", ErrorEvent.of("boom", evil))
    frame = primary_frame(ev).decode()
    # exactly one blank-line terminator, at the very end
    assert frame.count("\n\n") == 1 and frame.endswith("\n\n")
    assert "\nevent: complete" not in frame
    assert "\nid: 999" not in frame
    assert json.loads(frame.split("data: ", 1)[1])["message"] == evil


def test_multiline_data_becomes_several_data_fields() -> None:
    assert encode_sse("a\nb\r\nc", event_id=3) == b"id: 3\ndata: a\ndata: b\ndata: c\n\n"


def test_event_name_must_be_single_line() -> None:
    with pytest.raises(ValueError, match="single line"):
        encode_sse("{}", event="a\nb")


def test_comment_is_single_line() -> None:
    assert encode_comment("x\ny") == b": x y\n\n"


def test_error_event_says_its_message_once_and_the_wire_adds_error() -> None:
    data = ErrorEvent.of("checkpoint_expired", "late").fields()
    assert data == {"message": "late", "code": "checkpoint_expired"}
    wire = with_aliases("error", data)
    assert list(wire.items()) == [
        ("message", "late"),
        ("error", "late"),
        ("code", "checkpoint_expired"),
    ]


def test_vocabulary_lists_every_contract_event() -> None:
    assert set(EVENT_TYPES) == {
        "planning_started",
        "iteration_started",
        "plan_checked",
        "iteration_progress",
        "iteration_completed",
        "checkpoint_reached",
        "checkpoint_approved",
        "checkpoint_rejected",
        "checkpoint_changes_requested",
        "plan_edited",
        "checkpoint_expired",
        "checkpoint_extended",
        "plan_saved",
        "run_paused",
        "run_resumed",
        "final_plan",
        "error",
        "complete",
    }


def test_frame_is_encoded_once_and_cached() -> None:
    ev = StoredEvent.build("r", 1, "t", IterationStarted(iteration=1, max_iterations=1))
    assert primary_frame(ev) is primary_frame(ev)
