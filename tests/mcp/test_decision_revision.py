"""A decision names the revision it was meant for, as over HTTP (a bad-input audit found
``decide_checkpoint`` dropping ``"revision": 5``). Numbers that are not numbers:
tests/mcp/test_tools.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.mcp.helpers import GOAL, call, fails
from tests.mcp.test_tools import connected


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
