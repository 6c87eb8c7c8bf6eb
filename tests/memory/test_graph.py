"""The reference MCP memory server's operations, as edits of the vault's Markdown notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planloop.errors import InvalidInput, NotFound
from planloop.memory import Vault
from planloop.memory.graph import MemoryGraph
from tests.memory.test_vault import snapshot, write_entity


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return Vault(tmp_path / "memory")


@pytest.fixture
def graph(vault: Vault) -> MemoryGraph:
    g = MemoryGraph(vault)
    g.create_entities(
        [
            {"name": "Ana", "entityType": "person", "observations": ["Bakes sourdough"]},
            {"name": "Alfama bakery", "entityType": "place", "observations": ["rent: €2,000"]},
            {"name": "Joao", "entityType": "person", "observations": []},
        ]
    )
    g.create_relations(
        [
            {"from": "Ana", "to": "Alfama bakery", "relationType": "works_at"},
            {"from": "Joao", "to": "Ana", "relationType": "knows"},
        ]
    )
    return g


def rel(source: str, target: str, kind: str) -> dict[str, str]:
    return {"from": source, "to": target, "relationType": kind}


def test_create_entities_writes_notes_and_skips_existing(vault: Vault, graph: MemoryGraph) -> None:
    text = vault.read("Ana")
    assert text.startswith("# Ana\n\ntype: person\n")
    assert "- Bakes sourdough\n" in text
    assert "- works_at: [[entities/Alfama bakery.md]]\n" in text
    assert "[[entities/Ana.md]]" in vault.user_file.read_text(encoding="utf-8")
    created = graph.create_entities(
        [
            {"name": "Ana", "entityType": "robot", "observations": ["x"]},
            {"name": "Rui", "entityType": "person", "observations": ["a", "a"]},
            {"name": "Rui", "entityType": "person", "observations": ["b"]},
        ]
    )
    assert created == [{"name": "Rui", "entityType": "person", "observations": ["a"]}]
    assert "robot" not in vault.read("Ana")


def test_read_graph(graph: MemoryGraph) -> None:
    assert graph.read_graph() == {
        "entities": [
            {"name": "Alfama bakery", "entityType": "place", "observations": ["rent: €2,000"]},
            {"name": "Ana", "entityType": "person", "observations": ["Bakes sourdough"]},
            {"name": "Joao", "entityType": "person", "observations": []},
        ],
        "relations": [rel("Ana", "Alfama bakery", "works_at"), rel("Joao", "Ana", "knows")],
    }


def test_graph_reads_notes_people_wrote(vault: Vault, graph: MemoryGraph) -> None:
    (vault.entities_dir / "places").mkdir()
    (vault.entities_dir / "places" / "Lisbon.md").write_text(
        "# Lisbon\n\n- population: 545,000\n\nHome of [[entities/Alfama bakery.md]].\n"
        "Also [[nowhere]] (no such note).\n",
        encoding="utf-8",
    )
    g = graph.open_nodes(["Lisbon"])
    assert g["entities"] == [
        {"name": "Lisbon", "entityType": "places", "observations": ["population: 545,000"]}
    ]
    assert g["relations"] == [rel("Lisbon", "Alfama bakery", "links_to")]


def test_create_relations_skips_duplicates(vault: Vault, graph: MemoryGraph) -> None:
    added = graph.create_relations(
        [
            rel("Ana", "Alfama bakery", "works_at"),
            rel("Ana", "Joao", "knows"),
            rel("Ana", "Joao", "knows"),
        ]
    )
    assert added == [rel("Ana", "Joao", "knows")]
    assert vault.read("Ana").count("knows") == 1


def test_add_observations(vault: Vault, graph: MemoryGraph) -> None:
    result = graph.add_observations(
        [{"entityName": "Ana", "contents": ["Bakes sourdough", "Speaks Portuguese"]}]
    )
    assert result == [{"entityName": "Ana", "addedObservations": ["Speaks Portuguese"]}]
    obs = graph.open_nodes(["Ana"])["entities"][0]["observations"]
    assert obs == ["Bakes sourdough", "Speaks Portuguese"]


def test_delete_observations(graph: MemoryGraph) -> None:
    result = graph.delete_observations(
        [
            {"entityName": "Ana", "observations": ["Bakes sourdough", "never said"]},
            {"entityName": "Ghost", "observations": ["x"]},
        ]
    )
    assert result == {"deletedCount": 1, "missingEntities": ["Ghost"]}
    assert graph.open_nodes(["Ana"])["entities"][0]["observations"] == []


def test_delete_relations(vault: Vault, graph: MemoryGraph) -> None:
    result = graph.delete_relations(
        [rel("Ana", "Alfama bakery", "works_at"), rel("Ana", "Joao", "unknown")]
    )
    assert result == {"deletedCount": 1}
    assert "works_at" not in vault.read("Ana")
    assert graph.read_graph()["relations"] == [rel("Joao", "Ana", "knows")]


def test_delete_entities_removes_relations_to_them(vault: Vault, graph: MemoryGraph) -> None:
    assert graph.delete_entities(["Ana", "Nobody"]) == {"deleted": ["Ana"], "notFound": ["Nobody"]}
    assert not vault.exists("Ana")
    assert "Ana" not in vault.read("Joao")
    assert "[[entities/Ana.md]]" not in vault.user_file.read_text(encoding="utf-8")
    assert graph.read_graph()["relations"] == []
    assert [e["name"] for e in graph.read_graph()["entities"]] == ["Alfama bakery", "Joao"]


def test_search_and_open_nodes(graph: MemoryGraph) -> None:
    found = graph.search_nodes("sourdough")
    assert [e["name"] for e in found["entities"]] == ["Ana"]
    # relations touching a found node, as the reference server answers
    assert found["relations"] == [
        rel("Ana", "Alfama bakery", "works_at"),
        rel("Joao", "Ana", "knows"),
    ]
    opened = graph.open_nodes(["Joao", "Nobody"])
    assert [e["name"] for e in opened["entities"]] == ["Joao"]
    assert opened["relations"] == [rel("Joao", "Ana", "knows")]
    assert graph.search_nodes("the and") == {"entities": [], "relations": []}


BAD_CALLS: list[tuple[str, Any, type[Exception], str]] = [
    ("create_entities", [{"name": "../x", "entityType": "t"}], InvalidInput, r"entities\[0\].name"),
    ("create_entities", [{"name": "ok"}, {"name": "a/b"}], InvalidInput, r"entities\[1\]"),
    ("create_entities", [{"entityType": "t"}], InvalidInput, "name is missing"),
    ("create_entities", [{"name": "x", "observations": ["two\nlines"]}], InvalidInput, "obs"),
    ("create_entities", [{"name": "x", "observations": "not a list"}], InvalidInput, "list"),
    ("create_entities", [{"name": "plan_x", "entityType": "person"}], InvalidInput, "plan"),
    ("create_entities", ["not an object"], InvalidInput, "object"),
    ("create_relations", [rel("Ana", "Ghost", "knows")], NotFound, r"relations\[0\].to.*Ghost"),
    ("create_relations", [rel("Ana", "Joao", "a:b")], InvalidInput, "relationType"),
    ("create_relations", [rel("..", "Ana", "knows")], InvalidInput, r"relations\[0\].from"),
    (
        "add_observations",
        [{"entityName": "Ana", "contents": ["ok"]}, {"entityName": "Ghost", "contents": ["x"]}],
        NotFound,
        r"observations\[1\].entityName.*Ghost",
    ),
    ("add_observations", [{"entityName": "Ana", "contents": [""]}], InvalidInput, "empty"),
    ("delete_entities", ["Ana", "../../user"], InvalidInput, r"names\[1\]"),
    ("open_nodes", ["a\\b"], InvalidInput, r"names\[0\]"),
]


@pytest.mark.parametrize(("op", "arg", "error", "match"), BAD_CALLS)
def test_bad_input_is_refused_and_changes_nothing(
    vault: Vault, graph: MemoryGraph, op: str, arg: Any, error: type[Exception], match: str
) -> None:
    before = snapshot(vault.root)
    with pytest.raises(error, match=match):
        getattr(graph, op)(arg)
    assert snapshot(vault.root) == before


def test_an_edit_made_meanwhile_on_disk_is_merged(vault: Vault, graph: MemoryGraph) -> None:
    path = vault.entities_dir / "Ana.md"
    calls = 0

    def person_edits_first(text: str) -> str:
        nonlocal calls
        calls += 1
        if calls == 1:  # a person saves the note while planloop is working on it
            path.write_text(text + "\nA line the person wrote.\n", encoding="utf-8")
        return text + "- added by planloop\n"

    assert vault.edit("Ana", person_edits_first)
    assert calls == 2
    text = vault.read("Ana")
    assert "A line the person wrote." in text and "- added by planloop" in text


def test_graph_follows_notes_edited_on_disk(vault: Vault, graph: MemoryGraph) -> None:
    write_entity(vault, "Joao", "# Joao\n\ntype: baker\n\n- shift: mornings\n- knows: [[Ana]]\n")
    g = graph.open_nodes(["Joao"])
    assert g["entities"] == [
        {"name": "Joao", "entityType": "baker", "observations": ["shift: mornings"]}
    ]
    (vault.entities_dir / "Joao.md").unlink()
    assert graph.open_nodes(["Joao"]) == {"entities": [], "relations": []}
