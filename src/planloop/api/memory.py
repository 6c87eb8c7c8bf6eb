"""Memory over HTTP (the folder, or PostgreSQL): search, read, create, edit and delete
entities, the graph.

Thin routes over :class:`planloop.memory.Memory` and :class:`planloop.memory.graph.MemoryGraph`
(file work runs in a thread). An entity's ``version`` (also its ``ETag``) is a hash of its
bytes; an edit or delete that sends the version it was based on (``base_version`` or
``If-Match``) is refused with 409 when the note changed since, instead of overwriting it.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from fastapi import APIRouter, Header, Query, Response
from pydantic import Field

from planloop.api.deps import MemoryDep
from planloop.api.responses import ERRORS
from planloop.api.schemas import Body
from planloop.errors import InvalidInput
from planloop.memory import Memory, markup, notes
from planloop.memory.graph import GraphDict, MemoryGraph, clean_entity
from planloop.render import render_markdown

router = APIRouter(prefix="/api/memory", tags=["memory"], responses=ERRORS)

MAX_MARKDOWN = 60_000
MAX_OBSERVATIONS = 500


class EntityIn(Body):
    name: str = Field(min_length=1, max_length=200)
    type: str | None = Field(None, max_length=100)
    markdown: str | None = Field(None, max_length=MAX_MARKDOWN)
    observations: list[str] | None = Field(None, max_length=MAX_OBSERVATIONS)


class EntityEdit(Body):
    markdown: str = Field(max_length=MAX_MARKDOWN)
    base_version: str | None = Field(None, max_length=64)


def _version(base_version: str | None, if_match: str | None) -> str | None:
    """The version an edit is based on: the body's, else the ``If-Match`` header's."""
    if base_version:
        return base_version
    if if_match and if_match.strip() != "*":
        return if_match.strip().removeprefix("W/").strip('"')
    return None


def entity_view(memory: Memory, name: str) -> dict[str, Any]:
    """Everything the page shows about one entity (runs in a thread)."""
    text, version = memory.read_versioned(name)
    relations = markup.relations(text)
    kind, description = memory.entity_type(name, text), notes.describe(name, text)
    return {
        "name": name,
        "title": notes.listed_title(name, kind, description),
        "type": kind,
        "version": version,
        "description": description,
        "markdown": text,
        "html": render_markdown(text),
        "observations": markup.observations(text),
        "relations": [
            {"type": kind, "to": target, "exists": memory.exists(target)}
            for kind, target in relations
        ],
        "links_out": list(dict.fromkeys(target for _, target in relations)),
        "links_in": memory.links_in(name),
    }


def _answer(view: dict[str, Any], response: Response) -> dict[str, Any]:
    response.headers["ETag"] = f'"{view["version"]}"'
    return view


@router.get("/search")
async def search(
    memory: MemoryDep,
    q: str = Query(..., min_length=1, max_length=2000),
    limit: int = Query(10, ge=1, le=100),
) -> dict[str, Any]:
    hits = await asyncio.to_thread(partial(memory.search_hits, q, limit, snippets=True))
    return {
        "query": q,
        "results": [
            {
                "name": h.name,
                "title": notes.listed_title(h.name, h.kind, h.description),
                "type": h.kind,
                "description": h.description,
                "matched": h.matched,
                "snippet": notes.plain(h.snippet),
            }
            for h in hits
        ],
    }


@router.get("/entities")
async def list_entities(
    memory: MemoryDep, type: str | None = Query(None, max_length=100)
) -> list[dict[str, str]]:
    found = await asyncio.to_thread(memory.list_entities, type)
    return [
        {"name": e.name, "title": e.title, "type": e.kind, "description": e.description}
        for e in found
    ]


@router.get("/entities/{name}")
async def read_entity(name: str, memory: MemoryDep, response: Response) -> dict[str, Any]:
    return _answer(await asyncio.to_thread(entity_view, memory, name), response)


def _entity_type(value: str | None) -> str | None:
    try:
        return markup.clean_entity_type(value) if value is not None else None
    except InvalidInput as exc:
        raise InvalidInput(f"type: {exc.message}") from None


def _create(memory: Memory, body: EntityIn) -> dict[str, Any]:
    """Errors name the field: ``type``, ``markdown``, ``body.observations[i]``, …"""
    kind = _entity_type(body.type)
    if body.markdown is not None and body.observations is not None:
        raise InvalidInput("send either markdown or observations, not both")
    if body.markdown is not None:
        text = body.markdown if body.markdown.endswith("\n") else body.markdown + "\n"
        if kind is not None:
            has = notes.kind_of("", text, None)
            if has == "note" and kind != "note":
                text = markup.set_type(text, kind)
            elif has != kind:
                raise InvalidInput(f"the markdown says type {has!r}, the request {kind!r}")
    else:
        item = {
            "name": body.name,
            "entityType": kind or "note",
            "observations": body.observations or [],
        }
        name, kind, observations = clean_entity(item, "body")
        text = markup.render_entity(name, kind, observations, [])
    memory.create(body.name, text)
    return entity_view(memory, body.name)


@router.post("/entities", status_code=201)
async def create_entity(body: EntityIn, memory: MemoryDep, response: Response) -> dict[str, Any]:
    return _answer(await asyncio.to_thread(_create, memory, body), response)


def _update(memory: Memory, name: str, markdown: str, base: str | None) -> dict[str, Any]:
    memory.update(name, markdown, base)
    return entity_view(memory, name)


@router.put("/entities/{name}")
async def update_entity(
    name: str,
    body: EntityEdit,
    memory: MemoryDep,
    response: Response,
    if_match: str | None = Header(None),
) -> dict[str, Any]:
    base = _version(body.base_version, if_match)
    view = await asyncio.to_thread(_update, memory, name, body.markdown, base)
    return _answer(view, response)


@router.delete("/entities/{name}")
async def delete_entity(
    name: str,
    memory: MemoryDep,
    base_version: str | None = Query(None, max_length=64),
    if_match: str | None = Header(None),
) -> dict[str, str]:
    base = _version(base_version, if_match)
    await asyncio.to_thread(MemoryGraph(memory).delete_entity, name, base)
    return {"deleted": name}


@router.get("/plans")
async def plans(memory: MemoryDep) -> list[dict[str, str]]:
    def collect() -> list[dict[str, str]]:
        out = []
        for entity in memory.list_entities("plan"):
            facts = notes.parse_facts(text) if (text := _text(memory, entity.name)) else {}
            out.append(
                {
                    "name": entity.name,
                    "description": entity.description,
                    "goal": facts.get("goal", ""),
                    "run_id": facts.get("run_id", ""),
                    "date": facts.get("date", ""),
                }
            )
        return sorted(out, key=lambda p: (p["date"], p["name"]), reverse=True)

    return await asyncio.to_thread(collect)


def _text(memory: Memory, name: str) -> str | None:
    try:
        return memory.read(name)
    except LookupError:
        return None


@router.get("/graph")
async def graph(
    memory: MemoryDep, q: str | None = Query(None, min_length=1, max_length=2000)
) -> dict[str, Any]:
    g = MemoryGraph(memory)
    read = g.read_graph if q is None else partial(g.search_nodes, q)
    found: GraphDict = await asyncio.to_thread(read)
    return dict(found)
