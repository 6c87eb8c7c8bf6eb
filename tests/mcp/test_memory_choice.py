"""MCP: "no memory" as a tool argument (or an empty selection), related-only grounding, and
the notes listed by readable title (in-process: the SDK's client on the server object)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp import Client

from tests.mcp.helpers import call, fails
from tests.mcp.test_tools import connected

GOAL = "Open a bakery in Alfama with Ana leading the opening"
NOTES = [
    {"name": "Alfama", "entityType": "place", "observations": ["rent: EUR 2,400 a month"]},
    {"name": "Ana", "entityType": "person", "observations": ["a baker who leads the opening"]},
]


async def sources(client: Client, run_id: str) -> set[str]:
    done = await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
    assert done["status"] == "completed", done
    return {p["source"] for p in done["data_points"] if p["source"].startswith("memory:")}


@pytest.mark.timeout(60)
async def test_no_memory_grounds_nothing_and_automatic_grounds_related_notes(
    tmp_path: Path,
) -> None:
    async with connected(tmp_path) as client:
        await call(client, "create_entities", entities=NOTES)
        auto = await call(client, "propose_plan", goal=GOAL)
        assert auto["memory"]["entities"] == ["Alfama", "Ana"]
        for bare in ({"no_memory": True}, {"selected_entities": []}):
            proposal = await call(client, "propose_plan", goal=GOAL, **bare)
            assert proposal["memory"] == {"entities": [], "coverage": 0.0, "titles": []}
        both = await fails(
            client, "propose_plan", goal=GOAL, no_memory=True, selected_entities=["Ana"]
        )
        assert "invalid_input" in both and "exclude each other" in both

        one = {"goal": GOAL, "max_iterations": 1, "checkpoint_interval": 1}
        bare_run = (await call(client, "start_plan", **one, no_memory=True))["run_id"]
        auto_run = (await call(client, "start_plan", **one))["run_id"]
        assert await sources(client, bare_run) == set()
        bare_state = await call(client, "get_run", run_id=bare_run)
        assert bare_state["no_memory"] is True and bare_state["selected_entities"] == []
        assert "memory:Alfama" in await sources(client, auto_run)


@pytest.mark.timeout(60)
async def test_list_notes_shows_a_plan_by_its_goal(tmp_path: Path) -> None:
    async with connected(tmp_path) as client:
        await call(client, "create_entities", entities=NOTES)
        one = {"goal": GOAL, "max_iterations": 1, "checkpoint_interval": 1}
        run_id = (await call(client, "start_plan", **one))["run_id"]
        done = await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
        listed = (await call(client, "list_notes"))["notes"]
        by_name = {n["name"]: n for n in listed}
        assert by_name[done["memory_entity"]]["title"] == GOAL
        assert by_name["Ana"]["title"] == "Ana" and by_name["Ana"]["type"] == "person"
        plans = (await call(client, "list_notes", type="plan"))["notes"]
        assert [n["title"] for n in plans] == [GOAL]
