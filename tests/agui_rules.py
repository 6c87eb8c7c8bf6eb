"""The AG-UI sequence rules a stream must keep (spec: Runs and Steps, Interrupts and Resume).

Checks a stream's events as JSON objects, in order, and validates each against the
``ag-ui-protocol`` package's own event models.
"""

from __future__ import annotations

from typing import Any

from ag_ui.core import Event
from pydantic import TypeAdapter

EVENT = TypeAdapter(Event)


def check_stream(events: list[dict[str, Any]]) -> None:
    """Raise AssertionError on the first rule the stream breaks."""
    assert events, "an empty stream"
    first = events[0]["type"]
    assert first in ("RUN_STARTED", "RUN_ERROR"), f"a stream must start with RUN_STARTED: {first}"
    active: str | None = None  # runId of the open run
    closed_by: str | None = None
    steps: list[str] = []
    messages: set[str] = set()
    for i, event in enumerate(events):
        EVENT.validate_python(event)  # the package's schema
        kind = event["type"]
        if kind == "RUN_STARTED":
            assert active is None, f"#{i}: RUN_STARTED while run {active} is active"
            active, closed_by, steps, messages = event["runId"], None, [], set()
            continue
        if active is None:
            # After a close only RUN_STARTED, or RUN_ERROR after RUN_FINISHED (a late failure).
            assert kind == "RUN_ERROR" and closed_by == "RUN_FINISHED", f"#{i}: {kind} after close"
            closed_by = "RUN_ERROR"
            continue
        if kind == "STEP_STARTED":
            assert event["stepName"] not in steps, f"#{i}: step {event['stepName']} reopened"
            steps.append(event["stepName"])
        elif kind == "STEP_FINISHED":
            assert event["stepName"] in steps, f"#{i}: step {event['stepName']} never opened"
            steps.remove(event["stepName"])
        elif kind == "TEXT_MESSAGE_START":
            assert event["messageId"] not in messages, f"#{i}: message reopened"
            messages.add(event["messageId"])
        elif kind == "TEXT_MESSAGE_CONTENT":
            assert event["messageId"] in messages, f"#{i}: content for an unopened message"
        elif kind == "TEXT_MESSAGE_END":
            assert event["messageId"] in messages, f"#{i}: end of an unopened message"
            messages.remove(event["messageId"])
        elif kind == "RUN_FINISHED":
            assert event["runId"] == active, f"#{i}: RUN_FINISHED for another run"
            assert not steps, f"#{i}: steps still open at RUN_FINISHED: {steps}"
            assert not messages, f"#{i}: messages still open at RUN_FINISHED: {messages}"
            outcome = event.get("outcome") or {"type": "success"}
            if outcome["type"] == "interrupt":
                ids = [x["id"] for x in outcome["interrupts"]]
                assert ids and len(ids) == len(set(ids)), f"#{i}: interrupt ids must be unique"
            active, closed_by = None, "RUN_FINISHED"
        elif kind == "RUN_ERROR":
            # The spec lets RUN_ERROR end open steps; planloop closes them first anyway.
            assert not steps, f"#{i}: steps still open at RUN_ERROR: {steps}"
            active, closed_by = None, "RUN_ERROR"
    assert active is None, "the stream ended with its run still active"
    assert events[-1]["type"] in ("RUN_FINISHED", "RUN_ERROR"), "must end with a terminal event"
