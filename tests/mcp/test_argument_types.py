"""Numbers are numbers: a boolean or a string where a tool takes a number is a tool error
that changes nothing (found by a bad-input audit: ``decide_checkpoint`` with
``"checkpoint": true`` approved checkpoint 1, and ``start_plan`` with
``"max_iterations": true`` started a one-iteration run). A decision names the revision it
was meant for, as over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.mcp.helpers import GOAL, call, fails
from tests.mcp.test_tools import connected


@pytest.mark.timeout(60)
async def test_booleans_and_strings_are_not_numbers(tmp_path: Path) -> None:
    async with connected(tmp_path) as client:
        started = await call(
            client, "start_plan", goal=GOAL, max_iterations=2, checkpoint_interval=1
        )
        run_id = started["run_id"]
        parked = await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
        assert parked["status"] == "awaiting_approval"
        attempts: list[tuple[str, dict[str, Any]]] = []
        for value in (True, "1", "3"):
            attempts += [
                (
                    "decide_checkpoint",
                    {"run_id": run_id, "checkpoint": value, "decision": "approve"},
                ),
                ("start_plan", {"goal": GOAL, "max_iterations": value}),
                ("start_plan", {"goal": GOAL, "checkpoint_interval": value}),
                ("start_plan", {"goal": GOAL, "checkpoint_timeout_s": value}),
                ("list_runs", {"limit": value}),
                ("wait_for_run", {"run_id": run_id, "timeout_s": value}),
                ("extend_checkpoint", {"run_id": run_id, "checkpoint": 1, "seconds": value}),
                ("get_plan", {"run_id": run_id, "iteration": value}),
            ]
        for tool, arguments in attempts:
            message = await fails(client, tool, **arguments)
            assert "validation error" in message, (tool, arguments, message)
        listed = await call(client, "list_runs")
        assert [r["run_id"] for r in listed["runs"]] == [run_id]  # nothing started
        state = await call(client, "get_run", run_id=run_id)
        assert state["status"] == "awaiting_approval"  # nothing decided
        assert state["pending_checkpoint"]["number"] == 1


@pytest.mark.timeout(60)
async def test_a_decision_for_another_revision_is_refused(tmp_path: Path) -> None:
    async with connected(tmp_path) as client:
        started = await call(
            client, "start_plan", goal=GOAL, max_iterations=2, checkpoint_interval=1
        )
        run_id = started["run_id"]
        await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
        message = await fails(
            client, "decide_checkpoint", run_id=run_id, checkpoint=1, decision="approve", revision=5
        )
        assert "revision" in message, message
        state = await call(client, "get_run", run_id=run_id)
        assert state["status"] == "awaiting_approval"
        decided = await call(
            client, "decide_checkpoint", run_id=run_id, checkpoint=1, decision="approve", revision=1
        )
        assert decided["decision"] == "approve" and decided["revision"] == 1
