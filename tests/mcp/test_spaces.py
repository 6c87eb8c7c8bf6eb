"""Whose memory an MCP server uses (issue 15, item 1), in-process on either backend: its
owner's space — the shared memory without API tokens; with them, ``mcp-<name>`` of its own
unless ``PLANLOOP_SHARED_MEMORY`` lists ``mcp:<name>`` — for the memory tools, grounding and
saved plans alike. And the text no note may hold is a tool error naming it (item 10)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from planloop.cli.client import embedded
from planloop.engine import Engine
from planloop.identity import owner_of
from planloop.mcp.server import _memory_shown, build_server
from tests.mcp.helpers import call, fails, memory_is_a_folder
from tests.mcp.test_tools import OWNER, settings

pytestmark = pytest.mark.timeout(60)

TOKEN_OWNER = "token:" + owner_of("alice-token")
NOTE = {"name": "mcp_note", "entityType": "fact", "observations": ["Okapi sanctuary: 12 acres"]}


@asynccontextmanager
async def served(workdir: Path, **extra: Any) -> AsyncIterator[tuple[Client, Engine]]:
    async with (
        embedded(settings(workdir, **extra), owner=OWNER) as backend,
        Client(build_server(backend.engine, OWNER)) as client,
    ):
        yield client, backend.engine


async def test_with_tokens_an_mcp_server_has_a_space_of_its_own(tmp_path: Path) -> None:
    async with served(tmp_path, api_tokens=("alice-token",)) as (client, engine):
        alice = engine.memory_of(TOKEN_OWNER)
        alice.create("alice_note", "# Alice\n\nOkapi sanctuary budget: 7,700.\n")
        await call(client, "create_entities", entities=[NOTE])
        assert not alice.exists("mcp_note") and not engine.spaces.shared.exists("mcp_note")
        graph = await call(client, "read_graph")
        assert [e["name"] for e in graph["entities"]] == ["mcp_note"]
        assert (await call(client, "search_nodes", query="okapi sanctuary"))["entities"][0][
            "name"
        ] == "mcp_note"
        assert (await call(client, "open_nodes", names=["alice_note"]))["entities"] == []
        deleted = await call(client, "delete_entities", entityNames=["alice_note"])
        assert deleted["notFound"] == ["alice_note"] and alice.exists("alice_note")
        # grounding and the saved plan are the server's space too
        proposal = await call(client, "propose_plan", goal="Plan the okapi sanctuary budget")
        assert proposal["memory"]["entities"] == ["mcp_note"]
        run_id = (
            await call(client, "start_plan", goal="Plan an okapi sanctuary", max_iterations=1)
        )["run_id"]
        done = await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
        assert done["status"] == "completed", done
        entity = done["memory_entity"]
        assert engine.memory_of(OWNER).exists(entity)
        assert not alice.exists(entity) and not engine.spaces.shared.exists(entity)
    if memory_is_a_folder():
        assert (tmp_path / "memory" / "spaces" / "mcp-test" / "entities" / f"{entity}.md").exists()
        assert _memory_shown(settings(tmp_path, api_tokens=("t",)), OWNER).endswith(
            "spaces/mcp-test"
        )


async def test_an_mcp_server_named_in_the_setting_uses_the_shared_memory(tmp_path: Path) -> None:
    extra = {"api_tokens": ("alice-token",), "shared_memory": ("mcp:test",)}
    async with served(tmp_path, **extra) as (client, engine):
        await call(client, "create_entities", entities=[NOTE])
        assert engine.spaces.shared.exists("mcp_note")
        assert not engine.memory_of(TOKEN_OWNER).exists("mcp_note")
    assert _memory_shown(settings(tmp_path, **extra), OWNER) in (
        "in the database",
        str((tmp_path / "memory").resolve()),
    )


async def test_without_tokens_mcp_uses_the_one_memory(tmp_path: Path) -> None:
    async with served(tmp_path) as (client, engine):
        await call(client, "create_entities", entities=[NOTE])
        assert engine.spaces.shared.exists("mcp_note")
        assert engine.memory_of(TOKEN_OWNER).exists("mcp_note")  # everyone's, as before
    if memory_is_a_folder():
        assert (tmp_path / "memory" / "entities" / "mcp_note.md").is_file()


@pytest.mark.parametrize(
    ("observation", "shown"), [("x\ud800", "U+D800"), ("x\udc80", "U+DC80"), ("x\x00", "U+0000")]
)
async def test_unstorable_text_is_a_tool_error_naming_it(
    tmp_path: Path, observation: str, shown: str
) -> None:
    async with served(tmp_path) as (client, engine):
        await call(client, "create_entities", entities=[NOTE])
        before = engine.spaces.shared.read_versioned("mcp_note")
        message = await fails(
            client,
            "add_observations",
            observations=[{"entityName": "mcp_note", "contents": ["fine", observation]}],
        )
        assert "observations[0].contents[1]" in message and shown in message
        bad = {**NOTE, "name": "other", "observations": [observation]}
        message = await fails(client, "create_entities", entities=[bad])
        assert "entities[0].observations[0]" in message and shown in message
        assert engine.spaces.shared.read_versioned("mcp_note") == before
        assert not engine.spaces.shared.exists("other")
