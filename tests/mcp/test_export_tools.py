"""An MCP client takes a plan out (issue 18, item 5): the export_plan tool in each format and
the plan resource template, read with the SDK's own client; bad formats and other owners'
runs are tool errors that change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar
from mcp import Client
from mcp.shared.exceptions import MCPError

from planloop.cli.client import embedded
from planloop.mcp.server import build_server, owner_id
from tests.calendars import check_csv
from tests.mcp.helpers import GOAL, call, fails, text
from tests.mcp.test_tools import connected, settings

pytestmark = pytest.mark.timeout(60)


async def finished_run(client: Client) -> str:
    run_id = (await call(client, "start_plan", goal=GOAL, max_iterations=2, checkpoint_interval=2))[
        "run_id"
    ]
    ended = await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
    assert ended["status"] == "completed"
    return str(run_id)


async def test_export_plan_gives_each_format(tmp_path: Path) -> None:
    async with connected(tmp_path) as client:
        run_id = await finished_run(client)
        md = await client.call_tool("export_plan", {"run_id": run_id})
        assert not md.is_error
        assert text(md).startswith(f"> **Goal:** {GOAL}")
        assert md.structured_content == {
            "run_id": run_id,
            "format": "md",
            "media_type": "text/markdown; charset=utf-8",
            "file_name": "open-a-bakery-in-lisbon-with-a-budget-of-40-000-within-6.md",
        }
        body = json.loads(
            text(await client.call_tool("export_plan", {"run_id": run_id, "format": "json"}))
        )
        assert body["partial"] is False and body["milestones"]
        ics = text(await client.call_tool("export_plan", {"run_id": run_id, "format": "ics"}))
        assert Calendar.from_ical(ics).walk("VEVENT")
        check_csv(
            text(await client.call_tool("export_plan", {"run_id": run_id, "format": "csv"})), body
        )
        first = await call(client, "export_plan", run_id=run_id, format="md", iteration=1)
        assert first["file_name"].endswith("-iteration-1.md")


async def test_the_plan_is_a_resource(tmp_path: Path) -> None:
    async with connected(tmp_path) as client:
        run_id = await finished_run(client)
        templates = await client.list_resource_templates()
        assert [t.uri_template for t in templates.resource_templates] == [
            "planloop://runs/{run_id}/plan.{format}"
        ]
        read = await client.read_resource(f"planloop://runs/{run_id}/plan.md")
        assert getattr(read.contents[0], "text", "").startswith(f"> **Goal:** {GOAL}")


async def test_bad_formats_and_other_owners_runs_are_tool_errors(tmp_path: Path) -> None:
    async with connected(tmp_path) as client:
        run_id = await finished_run(client)
        assert "format" in await fails(client, "export_plan", run_id=run_id, format="pdf")
        assert "iteration_not_found" in await fails(
            client, "export_plan", run_id=run_id, iteration=9
        )
    # The same store, another owner: the run does not exist for them.
    async with (
        embedded(settings(tmp_path), owner=owner_id("someone-else")) as backend,
        Client(build_server(backend.engine, owner_id("someone-else"))) as other,
    ):
        assert "not found" in await fails(other, "export_plan", run_id=run_id)


async def test_a_resource_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    """A bad-input audit: every failed read answered -32603 "Error creating resource from
    template …" with no reason (and logged a traceback)."""
    async with connected(tmp_path) as client:
        run_id = await finished_run(client)
        cases = {
            f"planloop://runs/{run_id}/plan.pdf": "format must be one of",
            "planloop://runs/nope/plan.md": "run nope not found",
        }
        for uri, reason in cases.items():
            with pytest.raises(MCPError) as caught:
                await client.read_resource(uri)
            assert reason in str(caught.value), (uri, caught.value)
            assert "Error creating resource" not in str(caught.value)
