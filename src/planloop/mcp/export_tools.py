"""Plans out of planloop for MCP clients: the ``export_plan`` tool and a resource template
per run's plan (``planloop://runs/{run_id}/plan.{format}``), in the formats of
:mod:`planloop.export`, for the runs of this server's owner only."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError, ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from planloop.domain import MAX_ITERATIONS
from planloop.engine import Engine
from planloop.export import FORMATS, Format, export, of_run
from planloop.mcp.calls import DATA_NOTE, call

READ = ToolAnnotations(readOnlyHint=True, destructiveHint=False, openWorldHint=False)
RunId = Annotated[str, Field(min_length=1, max_length=64, description="The run's id")]
Iteration = Annotated[
    int | None,
    Field(
        strict=True,
        ge=1,
        le=MAX_ITERATIONS,
        description="The plan after this iteration (default: latest)",
    ),
]


def register(server: MCPServer[Any], engine: Engine, owner: str) -> None:
    async def exported(run_id: str, fmt: Format, iteration: int | None) -> tuple[str, str, str]:
        run, version = await call(engine.plan(owner, run_id, iteration))
        out = export(
            of_run(run, version.iteration, version.plan, version.created_at),
            fmt,
            iteration=iteration,
        )
        return out.content, out.media_type, out.file_name

    @server.tool(
        title="Export Plan",
        description="A run's plan as a file's text: md (the plan with a header: goal, dates,"
        " status, checks), html (standalone, printable), json (sections, milestones with"
        " dates/owners/costs, budget lines, risks, data points, checks), ics (a calendar:"
        " one event per dated milestone and the deadline), or csv (milestones and tasks)."
        " A plan that is not the final plan of a completed run is marked partial. " + DATA_NOTE,
        annotations=READ,
    )
    async def export_plan(
        run_id: RunId,
        format: Annotated[Format, Field(description="md, html, json, ics or csv")] = "md",
        iteration: Iteration = None,
    ) -> CallToolResult:
        text, media_type, file_name = await exported(run_id, format, iteration)
        return CallToolResult(
            content=[TextContent(type="text", text=text)],
            structured_content={
                "run_id": run_id,
                "format": format,
                "media_type": media_type,
                "file_name": file_name,
            },
        )

    @server.resource(
        "planloop://runs/{run_id}/plan.{format}",
        name="plan",
        title="A run's plan",
        description="The latest plan of one of this server's runs, as md, html, json, ics"
        " or csv (partial unless the run completed). " + DATA_NOTE,
    )
    async def plan_resource(run_id: str, format: str) -> str:
        # Said as resource errors: anything else the SDK answers "Error creating resource
        # from template" and no reason.
        if format not in FORMATS:
            raise ResourceError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
        try:
            text, _, _ = await exported(run_id, format, None)
        except ToolError as exc:
            missing = str(exc).startswith(("not_found", "iteration_not_found"))
            raise (ResourceNotFoundError if missing else ResourceError)(str(exc)) from None
        return text
