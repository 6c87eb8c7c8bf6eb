"""Issue 15 item 9 through MCP: decide_checkpoint says, as the HTTP route does, that a
different decision was not recorded and which one was; the identical one repeats."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.mcp.helpers import GOAL, call, fails
from tests.mcp.test_tools import connected


@pytest.mark.timeout(60)
async def test_decide_checkpoint_names_the_decision_that_won(tmp_path: Path) -> None:
    async with connected(tmp_path) as client:
        started = await call(
            client, "start_plan", goal=GOAL, max_iterations=4, checkpoint_interval=2
        )
        run_id = started["run_id"]
        await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
        args = {"run_id": run_id, "checkpoint": 1, "decision": "approve"}
        answers = await asyncio.gather(
            *(call(client, "decide_checkpoint", **args, feedback=f"racer {i}") for i in range(5)),
            return_exceptions=True,
        )
        won = [a for a in answers if isinstance(a, dict)]
        assert len(won) == 1, answers
        winner = won[0]["feedback"]
        again = await call(client, "decide_checkpoint", **args, feedback=winner)
        assert won[0]["already_recorded"] is False
        assert won[0]["message"].startswith("Checkpoint 1 approved.")
        # the first result, said as a repeat (a trial: it read as a new success)
        assert again == {
            **won[0],
            "status": again["status"],  # the run's now: it may have gone on meanwhile
            "already_recorded": True,
            "message": "Checkpoint 1 was already approved by this same decision, recorded"
            f" before: nothing new happened. The run is {again['status']}.",
        }
        refused = await fails(client, "decide_checkpoint", **args, feedback="mine")
        assert "checkpoint_already_decided" in refused and winner in refused
        assert "not recorded" in refused
        too_big = await fails(client, "decide_checkpoint", **{**args, "checkpoint": 2**70})
        assert "checkpoint" in too_big
