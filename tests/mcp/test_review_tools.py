"""Issue 16, item 9 over MCP: decide_checkpoint takes revise, edit and reject as well as
approve; get_checkpoint shows the plan and its changes; get_plan takes an iteration;
extend_checkpoint gives more time; fork_run continues from any iteration."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.mcp.helpers import GOAL, call, fails
from tests.mcp.test_tools import connected

pytestmark = pytest.mark.timeout(60)


async def test_review_revise_then_edit_over_mcp(tmp_path: Path) -> None:
    async with connected(tmp_path) as client:
        started = await call(
            client, "start_plan", goal=GOAL, max_iterations=4, checkpoint_interval=2
        )
        run_id = started["run_id"]
        parked = await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
        assert parked["pending_checkpoint"]["number"] == 1
        cp = await call(client, "get_checkpoint", run_id=run_id, checkpoint=1)
        assert cp["plan_markdown"].startswith("# Plan: Open a bakery")
        assert cp["changes"]["added"] and cp["changes"]["diff"].startswith("---")
        assert cp["status"] == "waiting" and cp["revision"] == 1
        after_one = await call(client, "get_plan", run_id=run_id, iteration=1)
        assert after_one["iteration"] == 1 and after_one["partial"] is True
        assert "feedback" in await fails(
            client, "decide_checkpoint", run_id=run_id, checkpoint=1, decision="revise"
        )
        extended = await call(
            client, "extend_checkpoint", run_id=run_id, checkpoint=1, seconds=7200
        )
        assert extended["deadline"] > cp["deadline"]
        revised = await call(
            client,
            "decide_checkpoint",
            run_id=run_id,
            checkpoint=1,
            decision="revise",
            feedback="Hire 3 bakers",
        )
        assert revised["decision"] == "revise" and revised["status"] == "running"
        again = await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
        assert again["pending_checkpoint"]["number"] == 1
        second = await call(client, "get_checkpoint", run_id=run_id, checkpoint=1)
        assert second["revision"] == 2 and "3 bakers" in second["plan_markdown"]
        mine = second["plan_markdown"] + "\n\n## Opening party\n\nInvite the street.\n"
        edited = await call(
            client,
            "decide_checkpoint",
            run_id=run_id,
            checkpoint=1,
            decision="edit",
            plan_markdown=mine,
        )
        assert edited["decision"] == "edit"
        done = await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
        assert done["status"] == "completed"
        final = await call(client, "get_plan", run_id=run_id)
        assert "## Opening party" in final["plan_markdown"] and final["partial"] is False
        assert "iteration_not_found" in await fails(client, "get_plan", run_id=run_id, iteration=9)


async def test_fork_a_run_over_mcp(tmp_path: Path) -> None:
    async with connected(tmp_path) as client:
        run_id = (
            await call(client, "start_plan", goal=GOAL, max_iterations=2, checkpoint_interval=5)
        )["run_id"]
        assert (await call(client, "wait_for_run", run_id=run_id, timeout_s=30))[
            "status"
        ] == "completed"
        forked = await call(
            client, "fork_run", run_id=run_id, from_iteration=1, feedback="A food truck"
        )
        assert forked["parent_run_id"] == run_id and forked["run_id"] != run_id
        done = await call(client, "wait_for_run", run_id=forked["run_id"], timeout_s=30)
        assert done["status"] == "completed"
        assert (await call(client, "get_run", run_id=run_id))["status"] == "completed"
        rejected = await call(
            client, "start_plan", goal=GOAL, max_iterations=2, checkpoint_interval=1
        )
        await call(client, "wait_for_run", run_id=rejected["run_id"], timeout_s=30)
        out = await call(
            client,
            "decide_checkpoint",
            run_id=rejected["run_id"],
            checkpoint=1,
            decision="reject",
            feedback="not now",
        )
        assert out["status"] == "rejected"
