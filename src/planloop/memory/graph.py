"""The knowledge graph of the reference MCP memory server, as edits of the vault's notes.

``entities{name, entityType, observations}`` and ``relations{from, to, relationType}`` are
read from the notes (:mod:`planloop.memory.markup`); each operation below edits the Markdown
files, so there is no second copy of the truth. Names, shapes and results follow the reference
server's tools (create_entities, create_relations, add_observations, delete_entities,
delete_observations, delete_relations, read_graph, search_nodes, open_nodes), so an MCP
adapter is a thin layer. Input is checked whole before anything is written: one bad item
(the error names it) means no change at all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any, TypedDict, TypeVar

from planloop.errors import Conflict, InvalidInput
from planloop.memory import markup
from planloop.memory.base import Memory
from planloop.memory.index import GraphEntity, GraphRelation
from planloop.memory.names import EntityNotFound, validate_entity_name

R = TypeVar("R")
K = TypeVar("K")
V = TypeVar("V")
DEFAULT_TYPE = "note"
SEARCH_LIMIT = 50


class EntityDict(TypedDict):
    name: str
    entityType: str
    observations: list[str]


RelationDict = TypedDict("RelationDict", {"from": str, "to": str, "relationType": str})


class GraphDict(TypedDict):
    entities: list[EntityDict]
    relations: list[RelationDict]


def entity_dict(e: GraphEntity) -> EntityDict:
    return {"name": e.name, "entityType": e.entity_type, "observations": list(e.observations)}


def relation_dict(r: GraphRelation) -> RelationDict:
    return {"from": r.source, "to": r.target, "relationType": r.relation_type}


def _field(item: Mapping[str, Any], key: str, where: str) -> Any:
    if not isinstance(item, Mapping):
        raise InvalidInput(f"{where} must be an object")
    if key not in item:
        raise InvalidInput(f"{where}.{key} is missing")
    return item[key]


def _strings(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise InvalidInput(f"{where} must be a list")
    return list(value)


def _missing(name: str, where: str) -> EntityNotFound:
    exc = EntityNotFound(name)
    exc.message = f"{where}: {exc.message}"
    exc.args = (exc.message,)
    return exc


def _checked(where: str, fn: Any, value: Any) -> Any:
    try:
        return fn(value)
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc.message}", code=exc.code) from None


def _entity_name(item: Mapping[str, Any], where: str) -> str:
    value = _field(item, "entityName", where)
    name: str = _checked(f"{where}.entityName", validate_entity_name, value)
    return name


def clean_entity(item: Mapping[str, Any], where: str) -> tuple[str, str, list[str]]:
    """(name, entityType, observations) of one entity object, checked."""
    name = _checked(f"{where}.name", validate_entity_name, _field(item, "name", where))
    kind = item.get("entityType", DEFAULT_TYPE) if isinstance(item, Mapping) else DEFAULT_TYPE
    kind = _checked(f"{where}.entityType", markup.clean_entity_type, kind)
    if name.startswith("plan_") and kind != "plan":
        raise InvalidInput(f"{where}: entities named plan_… are plans; entityType must be 'plan'")
    raw = item.get("observations", [])
    observations = [
        _checked(f"{where}.observations[{i}]", markup.clean_observation, o)
        for i, o in enumerate(_strings(raw, f"{where}.observations"))
    ]
    return name, kind, list(dict.fromkeys(observations))


def clean_relation(item: Mapping[str, Any], where: str) -> tuple[str, str, str]:
    """(from, to, relationType) of one relation object, checked."""
    source = _checked(f"{where}.from", validate_entity_name, _field(item, "from", where))
    target = _checked(f"{where}.to", validate_entity_name, _field(item, "to", where))
    kind = _checked(
        f"{where}.relationType", markup.clean_relation_type, _field(item, "relationType", where)
    )
    return source, target, kind


class MemoryGraph:
    """The graph operations on one memory (a folder or the database)."""

    def __init__(self, vault: Memory) -> None:
        self.vault = vault

    # -- writing -----------------------------------------------------------------------------

    def create_entities(self, entities: Sequence[Mapping[str, Any]]) -> list[EntityDict]:
        """Create the entities whose names are new (others are skipped); return the created."""
        wanted = [clean_entity(e, f"entities[{i}]") for i, e in enumerate(entities)]
        created: list[EntityDict] = []
        seen: set[str] = set()
        for name, kind, observations in wanted:
            if name in seen or self.vault.exists(name):
                continue
            seen.add(name)
            try:
                self.vault.create(name, markup.render_entity(name, kind, observations, []))
            except Conflict:  # created by someone else meanwhile
                continue
            created.append({"name": name, "entityType": kind, "observations": observations})
        return created

    def create_relations(self, relations: Sequence[Mapping[str, Any]]) -> list[RelationDict]:
        """Add relation lines to the source notes (duplicates skipped); return the new ones."""
        wanted = [clean_relation(r, f"relations[{i}]") for i, r in enumerate(relations)]
        for i, (source, target, _) in enumerate(wanted):
            for end, name in (("from", source), ("to", target)):
                if not self.vault.exists(name):
                    raise _missing(name, f"relations[{i}].{end}")
        added: list[RelationDict] = []
        for source, group in _grouped((s, (k, t)) for s, t, k in wanted):
            new = self._apply(source, partial(markup.add_relations, wanted=group))
            added += [{"from": source, "to": t, "relationType": k} for k, t in new]
        return added

    def add_observations(self, observations: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Add observations to existing entities; return ``{entityName, addedObservations}``."""
        wanted: list[tuple[str, str]] = []
        for i, item in enumerate(observations):
            where = f"observations[{i}]"
            name = _entity_name(item, where)
            contents = _strings(_field(item, "contents", where), f"{where}.contents")
            wanted += [
                (name, _checked(f"{where}.contents[{j}]", markup.clean_observation, c))
                for j, c in enumerate(contents)
            ]
            if not self.vault.exists(name):
                raise _missing(name, f"{where}.entityName")
        results = []
        for name, group in _grouped(wanted):
            added = self._apply(name, partial(markup.add_observations, wanted=group))
            results.append({"entityName": name, "addedObservations": added})
        return results

    def delete_entities(self, names: Sequence[str]) -> dict[str, list[str]]:
        """Delete entities and every relation to them; unknown names are reported, not errors."""
        wanted = [_checked(f"names[{i}]", validate_entity_name, n) for i, n in enumerate(names)]
        deleted, missing = [], []
        for name in dict.fromkeys(wanted):
            try:
                self.delete_entity(name)
            except EntityNotFound:
                missing.append(name)
            else:
                deleted.append(name)
        return {"deleted": deleted, "notFound": missing}

    def delete_entity(self, name: str, base_version: str | None = None) -> None:
        """Delete one entity (refused if changed since ``base_version``) and relations to it."""
        sources = self.vault.links_in(name)
        self.vault.delete(name, base_version)
        for source in sources:
            try:
                self.vault.edit(source, lambda text: markup.delete_links_to(text, name)[0])
            except EntityNotFound:
                continue

    def delete_observations(self, deletions: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """Remove observation lines; entities that do not exist are reported, not errors."""
        wanted: dict[str, set[str]] = {}
        for i, item in enumerate(deletions):
            where = f"deletions[{i}]"
            name = _entity_name(item, where)
            listed = _strings(_field(item, "observations", where), f"{where}.observations")
            wanted.setdefault(name, set()).update(str(o).strip() for o in listed)
        count, missing = 0, []
        for name, group in wanted.items():
            try:
                count += self._apply(name, partial(markup.delete_observations, unwanted=group))
            except EntityNotFound:
                missing.append(name)
        return {"deletedCount": count, "missingEntities": missing}

    def delete_relations(self, relations: Sequence[Mapping[str, Any]]) -> dict[str, int]:
        """Remove relations from their source notes; returns how many went."""
        wanted = [clean_relation(r, f"relations[{i}]") for i, r in enumerate(relations)]
        count = 0
        for source, group in _grouped((s, (k, t)) for s, t, k in wanted):
            with contextlib.suppress(EntityNotFound):
                count += self._apply(source, partial(markup.delete_relations, unwanted=set(group)))
        return {"deletedCount": count}

    def _apply(self, name: str, step: Callable[[str], tuple[str, R]]) -> R:
        """Edit note ``name`` with ``step`` (text -> (new text, result)); the last result."""
        outcome: list[R] = []

        def change(text: str) -> str:
            updated, result = step(text)
            outcome[:] = [result]
            return updated

        self.vault.edit(name, change)
        return outcome[-1]

    # -- reading -----------------------------------------------------------------------------

    def read_graph(self) -> GraphDict:
        """Every entity, and every relation between two existing entities."""
        self.vault.ensure_synced()
        index = self.vault.index
        return {
            "entities": [entity_dict(e) for e in index.entities()],
            "relations": [relation_dict(r) for r in index.relations()],
        }

    def search_nodes(self, query: str, limit: int = SEARCH_LIMIT) -> GraphDict:
        """Entities matching ``query`` (best first) and the relations touching them."""
        names = [hit.name for hit in self.vault.search_hits(query, limit)]
        return self._subgraph(names)

    def open_nodes(self, names: Sequence[str]) -> GraphDict:
        """The named entities that exist and the relations touching them."""
        wanted = [_checked(f"names[{i}]", validate_entity_name, n) for i, n in enumerate(names)]
        self.vault.ensure_synced()
        return self._subgraph(list(dict.fromkeys(wanted)))

    def _subgraph(self, names: list[str]) -> GraphDict:
        index = self.vault.index
        order = {name: i for i, name in enumerate(names)}
        found = sorted(index.entities(names), key=lambda e: order[e.name])
        return {
            "entities": [entity_dict(e) for e in found],
            "relations": [relation_dict(r) for r in index.relations(names)],
        }


def _grouped(pairs: Iterable[tuple[K, V]]) -> list[tuple[K, list[V]]]:
    """Pairs grouped by key, keys in first-seen order, values in order."""
    groups: dict[K, list[V]] = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return list(groups.items())
