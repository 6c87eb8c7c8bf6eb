"""The reference MCP memory server's nine tools, over the vault's Markdown notes, and
``list_notes`` (the notes by readable title).

Same names, argument shapes and results as ``@modelcontextprotocol/server-memory``
(create_entities, create_relations, add_observations, delete_entities, delete_observations,
delete_relations, read_graph, search_nodes, open_nodes): the text content is the JSON the
reference answers and ``structuredContent`` wraps it the way its output schemas do. The
work is :class:`~planloop.memory.graph.MemoryGraph`'s, which edits the notes themselves —
there is no second copy of the graph. It checks a call's whole input before writing: one
bad item (the error names it, ``entities[2].name: …``) and nothing changes. The delete
tools' results add the details MemoryGraph reports (``deleted``, ``notFound``,
``deletedCount``, ``missingEntities``) to the reference's ``{success, message}``.
"""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field

from planloop.mcp.calls import DATA_NOTE, in_thread, result
from planloop.memory.graph import MemoryGraph

SEARCH_QUERY_MAX_LENGTH = 2048  # as the reference server


class EntityIn(BaseModel):
    name: str = Field(description="The name of the entity")
    entityType: str = Field(description="The type of the entity")
    observations: list[str] = Field(
        description="An array of observation contents associated with the entity"
    )


class RelationIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    source: str = Field(
        alias="from", description="The name of the entity where the relation starts"
    )
    target: str = Field(alias="to", description="The name of the entity where the relation ends")
    relationType: str = Field(description="The type of the relation")

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "relationType": self.relationType}


class ObservationsIn(BaseModel):
    entityName: str = Field(description="The name of the entity to add the observations to")
    contents: list[str] = Field(description="An array of observation contents to add")


class DeletionIn(BaseModel):
    entityName: str = Field(description="The name of the entity containing the observations")
    observations: list[str] = Field(description="An array of observations to delete")


class EntityOut(BaseModel):
    name: str
    entityType: str
    observations: list[str]


class RelationOut(BaseModel):
    source: str = Field(alias="from")
    target: str = Field(alias="to")
    relationType: str


class GraphOut(BaseModel):
    entities: list[EntityOut]
    relations: list[RelationOut]


class EntitiesOut(BaseModel):
    entities: list[EntityOut]


class RelationsOut(BaseModel):
    relations: list[RelationOut]


class AddedOut(BaseModel):
    entityName: str
    addedObservations: list[str]


class AddedObservationsOut(BaseModel):
    results: list[AddedOut]


class NoteOut(BaseModel):
    name: str
    title: str = Field(description="What a person reads: a plan's goal, else the name")
    type: str
    description: str


class NotesOut(BaseModel):
    notes: list[NoteOut]


class DeletedOut(BaseModel):
    success: bool
    message: str
    deleted: list[str] | None = None
    notFound: list[str] | None = None
    deletedCount: int | None = None
    missingEntities: list[str] | None = None


WRITE = ToolAnnotations(
    readOnlyHint=False, destructiveHint=False, idempotentHint=False, openWorldHint=False
)
DELETE = ToolAnnotations(
    readOnlyHint=False, destructiveHint=True, idempotentHint=True, openWorldHint=False
)
READ = ToolAnnotations(
    readOnlyHint=True, destructiveHint=False, idempotentHint=True, openWorldHint=False
)
STORED = (
    " The knowledge graph is a folder of Markdown notes (entities/<name>.md) that people"
    " also read and edit. " + DATA_NOTE
)


def register(server: MCPServer[Any], graph: MemoryGraph) -> None:
    """Add the nine memory tools to ``server``, working on ``graph``."""

    @server.tool(
        title="Create Entities",
        description="Create multiple new entities in the knowledge graph (names that exist"
        " already are skipped; the created ones are returned)." + STORED,
        annotations=WRITE,
    )
    async def create_entities(
        entities: list[EntityIn],
    ) -> Annotated[CallToolResult, EntitiesOut]:
        created = await in_thread(graph.create_entities, [e.model_dump() for e in entities])
        return result(created, {"entities": created})

    @server.tool(
        title="Create Relations",
        description="Create multiple new relations between entities in the knowledge graph."
        " Relations should be in active voice. Both ends must exist." + STORED,
        annotations=WRITE,
    )
    async def create_relations(
        relations: list[RelationIn],
    ) -> Annotated[CallToolResult, RelationsOut]:
        added = await in_thread(graph.create_relations, [r.as_dict() for r in relations])
        return result(added, {"relations": added})

    @server.tool(
        title="Add Observations",
        description="Add new observations to existing entities in the knowledge graph." + STORED,
        annotations=WRITE,
    )
    async def add_observations(
        observations: list[ObservationsIn],
    ) -> Annotated[CallToolResult, AddedObservationsOut]:
        added = await in_thread(graph.add_observations, [o.model_dump() for o in observations])
        return result(added, {"results": added})

    @server.tool(
        title="Delete Entities",
        description="Delete multiple entities and their associated relations from the"
        " knowledge graph (their notes are deleted)." + STORED,
        annotations=DELETE,
    )
    async def delete_entities(
        entityNames: Annotated[list[str], Field(description="An array of entity names to delete")],
    ) -> Annotated[CallToolResult, DeletedOut]:
        outcome = await in_thread(graph.delete_entities, entityNames)
        deleted, missing = outcome["deleted"], outcome["notFound"]
        message = (
            "Entities deleted successfully"
            if not missing
            else f"Deleted {len(deleted)} of {len(entityNames)} entities."
            f" Not found: {', '.join(missing)}"
        )
        return result(message, {"success": True, "message": message, **outcome})

    @server.tool(
        title="Delete Observations",
        description="Delete specific observations from entities in the knowledge graph." + STORED,
        annotations=DELETE,
    )
    async def delete_observations(
        deletions: list[DeletionIn],
    ) -> Annotated[CallToolResult, DeletedOut]:
        outcome = await in_thread(graph.delete_observations, [d.model_dump() for d in deletions])
        count, missing = outcome["deletedCount"], outcome["missingEntities"]
        requested = sum(len(d.observations) for d in deletions)
        message = (
            "Observations deleted successfully"
            if count == requested
            else f"Deleted {count} of {requested} observations."
            + (f" Entities not found: {', '.join(missing)}" if missing else "")
        )
        return result(message, {"success": True, "message": message, **outcome})

    @server.tool(
        title="Delete Relations",
        description="Delete multiple relations from the knowledge graph." + STORED,
        annotations=DELETE,
    )
    async def delete_relations(
        relations: Annotated[
            list[RelationIn], Field(description="An array of relations to delete")
        ],
    ) -> Annotated[CallToolResult, DeletedOut]:
        outcome = await in_thread(graph.delete_relations, [r.as_dict() for r in relations])
        count = outcome["deletedCount"]
        message = (
            "Relations deleted successfully"
            if count == len(relations)
            else f"Deleted {count} of {len(relations)} relations. The rest matched nothing."
        )
        return result(message, {"success": True, "message": message, **outcome})

    @server.tool(
        title="Read Graph",
        description="Read the entire knowledge graph." + STORED,
        annotations=READ,
    )
    async def read_graph() -> Annotated[CallToolResult, GraphOut]:
        found = await in_thread(graph.read_graph)
        return result(found, dict(found))

    @server.tool(
        title="Search Nodes",
        description="Search for nodes in the knowledge graph based on a query (full-text:"
        " names, types and observations; best matches first), with the relations touching"
        " them." + STORED,
        annotations=READ,
    )
    async def search_nodes(
        query: Annotated[
            str,
            Field(
                max_length=SEARCH_QUERY_MAX_LENGTH,
                description="The search query to match against entity names, types, and"
                " observation content",
            ),
        ],
    ) -> Annotated[CallToolResult, GraphOut]:
        found = await in_thread(graph.search_nodes, query)
        return result(found, dict(found))

    @server.tool(
        title="Open Nodes",
        description="Open specific nodes in the knowledge graph by their names (unknown"
        " names are left out), with the relations touching them." + STORED,
        annotations=READ,
    )
    async def open_nodes(
        names: Annotated[list[str], Field(description="An array of entity names to retrieve")],
    ) -> Annotated[CallToolResult, GraphOut]:
        found = await in_thread(graph.open_nodes, names)
        return result(found, dict(found))

    @server.tool(
        title="List Notes",
        description="List the memory's notes by readable title (a saved plan's goal, never"
        " its file name), with each note's name (for open_nodes), type and first line." + STORED,
        annotations=READ,
    )
    async def list_notes(
        type: Annotated[str | None, Field(max_length=100, description="Only this type")] = None,
    ) -> Annotated[CallToolResult, NotesOut]:
        found = await in_thread(graph.vault.list_entities, type)
        rows = [
            {"name": e.name, "title": e.title, "type": e.kind, "description": e.description}
            for e in found
        ]
        return result({"notes": rows}, {"notes": rows})
