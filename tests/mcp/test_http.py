"""`planloop mcp --http`: the same tools over streamable HTTP (path /mcp), a clean stop on
SIGTERM, and runs that outlive the server process and stay with their owner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.mcp.helpers import (
    GOAL,
    PLANNING_TOOLS,
    REFERENCE_TOOLS,
    HttpServer,
    call,
    fails,
    memory_is_a_folder,
    plan_with_one_checkpoint,
    server_env,
)


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[HttpServer]:
    server = HttpServer(tmp_path).start()
    yield server
    server.stop()


@pytest.mark.timeout(60)
async def test_a_client_over_http_plans_through_a_checkpoint(
    http_server: HttpServer, tmp_path: Path
) -> None:
    async with http_server.client() as client:
        names = {tool.name for tool in (await client.list_tools()).tools}
        assert REFERENCE_TOOLS | PLANNING_TOOLS | {"wait_for_run"} <= names
        await call(
            client,
            "create_entities",
            entities=[
                {"name": "Lisbon rent", "entityType": "fact", "observations": ["rent: €2,100"]}
            ],
        )
        if memory_is_a_folder():
            assert (tmp_path / "memory" / "entities" / "Lisbon rent.md").is_file()
        message = await fails(
            client,
            "create_relations",
            relations=[{"from": "Lisbon rent", "to": "Nowhere", "relationType": "in"}],
        )
        assert "'Nowhere' not found" in message
        await plan_with_one_checkpoint(client, tmp_path / "memory")
    assert http_server.stop() == 0, http_server.log()  # SIGTERM: a clean stop


@pytest.mark.timeout(90)
async def test_runs_outlive_the_server_and_belong_to_its_owner(tmp_path: Path) -> None:
    env = server_env(tmp_path)
    first = HttpServer(tmp_path, env).start()
    try:
        async with first.client() as client:
            run_id = (
                await call(client, "start_plan", goal=GOAL, max_iterations=2, checkpoint_interval=1)
            )["run_id"]
            parked = await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
            assert parked["status"] == "awaiting_approval"
    finally:
        assert first.stop() == 0, first.log()

    # Another owner on the same database sees none of it.
    other = HttpServer(tmp_path, {**env, "PLANLOOP_MCP_OWNER": "other-agent"}).start()
    try:
        async with other.client() as client:
            assert "not_found" in await fails(client, "get_run", run_id=run_id)
            assert (await call(client, "list_runs"))["runs"] == []
            message = await fails(
                client, "decide_checkpoint", run_id=run_id, checkpoint=1, decision="approve"
            )
            assert "not_found" in message
    finally:
        other.stop()

    # The same owner after a restart: the checkpoint still waits, and can be decided.
    again = HttpServer(tmp_path, env).start()
    try:
        async with again.client() as client:
            state = await call(client, "get_run", run_id=run_id)
            assert state["status"] == "awaiting_approval"
            assert state["pending_checkpoint"]["number"] == 1
            await call(client, "decide_checkpoint", run_id=run_id, checkpoint=1, decision="approve")
            done = await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
            assert done["status"] == "completed" and done["memory_entity"]
    finally:
        assert again.stop() == 0, again.log()
