"""`planloop mcp` over stdio, as an MCP client config launches it, driven by the SDK client."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.mcp.helpers import (
    PLANNING_TOOLS,
    REFERENCE_TOOLS,
    call,
    fails,
    memory_is_a_folder,
    parsed_text,
    plan_with_one_checkpoint,
    stdio_client,
)


@pytest.mark.timeout(60)
async def test_lists_the_memory_and_planning_tools(tmp_path: Path) -> None:
    async with stdio_client(tmp_path) as client:
        listed = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert REFERENCE_TOOLS | PLANNING_TOOLS | {"wait_for_run"} <= set(listed)
        # the reference server's argument shapes
        relation = listed["create_relations"].input_schema["$defs"]["RelationIn"]
        assert relation["required"] == ["from", "to", "relationType"]
        assert listed["delete_entities"].input_schema["required"] == ["entityNames"]
        assert listed["search_nodes"].input_schema["required"] == ["query"]
        assert listed["open_nodes"].input_schema["required"] == ["names"]
        assert listed["read_graph"].input_schema.get("required", []) == []
        start = listed["start_plan"].input_schema
        assert start["required"] == ["goal"]
        assert {"max_iterations", "checkpoint_interval", "selected_entities"} <= set(
            start["properties"]
        )
        decide = listed["decide_checkpoint"].input_schema
        assert decide["required"] == ["run_id", "checkpoint", "decision"]
        assert decide["properties"]["decision"]["enum"] == ["approve", "revise", "edit", "reject"]
        assert "plan_markdown" in decide["properties"]
        # memory text and goals are data, and say so where a model reads them
        for name in (*REFERENCE_TOOLS, "propose_plan", "start_plan", "get_run"):
            assert "never instructions" in (listed[name].description or ""), name
        assert "not a decision" in (listed["decide_checkpoint"].description or "")
        assert client.instructions and "never instructions" in client.instructions


@pytest.mark.timeout(60)
async def test_graph_tools_edit_the_markdown_notes(tmp_path: Path) -> None:
    if not memory_is_a_folder():
        pytest.skip("edits the notes as files; PostgreSQL memory: tests/memory/test_pg_memory.py")
    entities = tmp_path / "memory" / "entities"
    async with stdio_client(tmp_path) as client:
        created = await client.call_tool(
            "create_entities",
            {
                "entities": [
                    {"name": "Ana", "entityType": "person", "observations": ["Bakes sourdough"]},
                    {"name": "Alfama bakery", "entityType": "business", "observations": []},
                ]
            },
        )
        # as the reference server answers: the created entities as JSON text, wrapped in
        # structuredContent
        assert parsed_text(created) == created.structured_content["entities"]
        assert [e["name"] for e in parsed_text(created)] == ["Ana", "Alfama bakery"]
        again = await call(
            client,
            "create_entities",
            entities=[{"name": "Ana", "entityType": "person", "observations": []}],
        )
        assert again == {"entities": []}  # existing names are skipped

        relations = await call(
            client,
            "create_relations",
            relations=[{"from": "Ana", "to": "Alfama bakery", "relationType": "works_at"}],
        )
        assert relations["relations"] == [
            {"from": "Ana", "to": "Alfama bakery", "relationType": "works_at"}
        ]
        added = await call(
            client,
            "add_observations",
            observations=[{"entityName": "Ana", "contents": ["role: owner", "Bakes sourdough"]}],
        )
        assert added == {"results": [{"entityName": "Ana", "addedObservations": ["role: owner"]}]}

        note = (entities / "Ana.md").read_text()
        assert "type: person" in note
        assert "- Bakes sourdough" in note and "- role: owner" in note
        assert "- works_at: [[entities/Alfama bakery.md]]" in note
        assert (entities / "Alfama bakery.md").is_file()
        assert "[[entities/Ana.md]]" in (tmp_path / "memory" / "user.md").read_text()

        graph = await call(client, "read_graph")
        assert {e["name"]: e["entityType"] for e in graph["entities"]} == {
            "Ana": "person",
            "Alfama bakery": "business",
        }
        assert graph["relations"] == [
            {"from": "Ana", "to": "Alfama bakery", "relationType": "works_at"}
        ]
        found = await call(client, "search_nodes", query="sourdough")
        assert [e["name"] for e in found["entities"]] == ["Ana"]
        assert found["relations"] == graph["relations"]
        opened = await call(client, "open_nodes", names=["Alfama bakery", "Nobody"])
        assert [e["name"] for e in opened["entities"]] == ["Alfama bakery"]
        assert opened["relations"] == graph["relations"]

        # a person edits a note by hand: the server's watcher picks it up
        with (entities / "Ana.md").open("a") as f:
            f.write("- likes: [[Alfama bakery]]\n")
        liked = {"from": "Ana", "to": "Alfama bakery", "relationType": "likes"}
        for _ in range(100):
            opened = await call(client, "open_nodes", names=["Ana"])
            if liked in opened["relations"]:
                break
            await asyncio.sleep(0.1)
        assert liked in opened["relations"]

        gone = await call(
            client,
            "delete_observations",
            deletions=[{"entityName": "Ana", "observations": ["role: owner"]}],
        )
        assert gone["success"] and gone["deletedCount"] == 1
        assert "role: owner" not in (entities / "Ana.md").read_text()
        gone = await call(
            client,
            "delete_relations",
            relations=[{"from": "Ana", "to": "Alfama bakery", "relationType": "works_at"}],
        )
        assert gone["deletedCount"] == 1
        gone = await call(client, "delete_entities", entityNames=["Alfama bakery", "Nobody"])
        assert gone["deleted"] == ["Alfama bakery"] and gone["notFound"] == ["Nobody"]
        assert "Not found: Nobody" in gone["message"]
        assert not (entities / "Alfama bakery.md").exists()
        assert "[[" not in (entities / "Ana.md").read_text()  # links to it went with it


@pytest.mark.timeout(60)
async def test_bad_input_is_a_tool_error_naming_the_item(tmp_path: Path) -> None:
    memory = tmp_path / "memory"
    async with stdio_client(tmp_path) as client:
        await call(
            client,
            "create_entities",
            entities=[{"name": "Ana", "entityType": "person", "observations": []}],
        )
        message = await fails(
            client,
            "create_relations",
            relations=[
                {"from": "Ana", "to": "Ana", "relationType": "knows"},
                {"from": "Ana", "to": "Ghost", "relationType": "knows"},
            ],
        )
        assert "relations[1].to" in message and "'Ghost' not found" in message
        opened = await call(client, "open_nodes", names=["Ana"])
        assert opened["relations"] == []  # nothing written
        if memory_is_a_folder():
            assert "knows" not in (memory / "entities" / "Ana.md").read_text()
        message = await fails(
            client, "add_observations", observations=[{"entityName": "Ghost", "contents": ["x"]}]
        )
        assert "observations[0].entityName" in message and "'Ghost'" in message

        for trick in ("../outside", "/etc/passwd", "a/b", "..", "x\\..\\y", "", ".hidden"):
            message = await fails(
                client,
                "create_entities",
                entities=[
                    {"name": "fine", "entityType": "note", "observations": []},
                    {"name": trick, "entityType": "note", "observations": []},
                ],
            )
            assert "entities[1].name" in message and "invalid entity name" in message
        assert await fails(client, "open_nodes", names=["../../etc/passwd"])
        assert await fails(client, "delete_entities", entityNames=["../user"])
        graph = await call(client, "read_graph")
        assert [e["name"] for e in graph["entities"]] == ["Ana"]  # nothing else was made
        if memory_is_a_folder():
            files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md"))
            assert files == ["memory/entities/Ana.md", "memory/user.md"]

        message = await fails(client, "get_run", run_id="f" * 32)
        assert "not_found" in message and "f" * 32 in message
        assert "decision" in await fails(
            client, "decide_checkpoint", run_id="f" * 32, checkpoint=1, decision="maybe"
        )
        assert "goal" in await fails(client, "start_plan", goal="   ")
        message = await fails(client, "start_plan", goal="x", selected_entities=["Ghost"])
        assert "Ghost" in message
        # the server is still there, answering
        assert [e["name"] for e in (await call(client, "read_graph"))["entities"]] == ["Ana"]


@pytest.mark.timeout(60)
async def test_a_client_plans_through_a_checkpoint_and_reads_the_saved_plan(
    tmp_path: Path,
) -> None:
    async with stdio_client(tmp_path) as client:
        proposal = await call(client, "propose_plan", goal="Open a bakery in Lisbon")
        assert proposal["frameworks"] and proposal["max_iterations"] >= 1
        done = await plan_with_one_checkpoint(client, tmp_path / "memory")
        late = await fails(
            client, "decide_checkpoint", run_id=done["run_id"], checkpoint=1, decision="reject"
        )
        assert "already approved" in late
        listed = await call(client, "list_runs")
        assert [r["run_id"] for r in listed["runs"]] == [done["run_id"]]
