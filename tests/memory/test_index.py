"""The search index follows the folder; versions keep planloop from clobbering people's edits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planloop.errors import Conflict, NotFound
from planloop.memory import StaleEntity, Vault
from planloop.memory.folder.index_sqlite import SqliteIndex
from tests.memory.test_vault import RUN, save, write_entity


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return Vault(tmp_path / "memory")


def names(vault: Vault, query: str) -> list[str]:
    return [hit.name for hit in vault.search_hits(query)]


def test_index_lives_in_a_hidden_folder_and_is_only_a_cache(vault: Vault) -> None:
    write_entity(vault, "ovens", "# Ovens\n\nDeck ovens.\n")
    assert names(vault, "deck") == ["ovens"]
    assert (vault.root / ".planloop" / "index.db").is_file()
    vault.close()
    shutil.rmtree(vault.root / ".planloop")
    again = Vault(vault.root)
    assert names(again, "deck") == ["ovens"]


def test_a_damaged_index_is_rebuilt(vault: Vault) -> None:
    write_entity(vault, "ovens", "# Ovens\n\nDeck ovens.\n")
    assert names(vault, "deck") == ["ovens"]
    vault.close()
    for path in (vault.root / ".planloop").iterdir():
        path.write_bytes(b"this is not a database" * 100)
    assert names(Vault(vault.root), "deck") == ["ovens"]


def test_an_index_of_another_schema_is_rebuilt(vault: Vault) -> None:
    write_entity(vault, "ovens", "# Ovens\n\nDeck ovens.\n")
    vault.sync()
    index = vault.index
    assert isinstance(index, SqliteIndex)
    with index._tx() as db:
        db.execute("UPDATE meta SET value = 'old' WHERE key = 'schema'")
    vault.close()
    assert names(Vault(vault.root), "deck") == ["ovens"]


def test_sync_follows_files_added_edited_and_deleted(vault: Vault) -> None:
    write_entity(vault, "a", "# A\n\nalpha\n")
    write_entity(vault, "b", "# B\n\nbeta\n")
    assert vault.sync().indexed == 2
    assert vault.sync().indexed == 0  # nothing changed: nothing read
    write_entity(vault, "a", "# A\n\ngamma now\n")
    (vault.entities_dir / "b.md").unlink()
    report = vault.sync()
    assert (report.indexed, report.removed) == (1, 1)
    assert names(vault, "gamma") == ["a"]
    assert names(vault, "alpha beta") == []


def test_folders_give_a_type_and_hidden_or_deep_ones_are_ignored(vault: Vault) -> None:
    for rel, text in {
        "people/ana.md": "# Ana\n\nbaker\n",
        "people/rui.md": "# Rui\n\ntype: supplier\n\nbaker\n",
        "places/ana.md": "# Another Ana\n\nbaker\n",  # a name is unique: the first folder wins
        ".obsidian/hidden.md": "baker\n",
        "people/deep/deeper.md": "baker\n",
    }.items():
        path = vault.entities_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    listed = {e.name: e.kind for e in vault.list_entities()}
    assert listed == {"ana": "people", "rui": "supplier"}
    assert vault.read("ana") == "# Ana\n\nbaker\n"
    write_entity(vault, "ana", "# Top level Ana\n\nbaker\n")  # the top level wins over folders
    assert vault.read("ana").startswith("# Top level Ana")
    assert {e.name: e.kind for e in vault.list_entities()}["ana"] == "note"


def test_writes_update_the_index_at_once_even_when_a_watcher_is_trusted(vault: Vault) -> None:
    vault.live = True  # reads no longer sync with the folder first
    vault.create("ovens", "# Ovens\n\nDeck ovens.\n")
    assert names(vault, "deck") == ["ovens"]
    write_entity(vault, "flour", "# Flour\n\nsuppliers\n")  # written behind planloop's back
    assert names(vault, "suppliers") == []  # ... until the watcher reports it:
    vault.refresh(["flour"])
    assert names(vault, "suppliers") == ["flour"]
    (vault.entities_dir / "flour.md").unlink()
    vault.refresh(["flour", "../nonsense"])
    assert names(vault, "suppliers") == []


def test_update_with_a_stale_version_is_refused(vault: Vault) -> None:
    version = vault.create("ovens", "# Ovens\n\nDeck ovens.\n")
    text, current = vault.read_versioned("ovens")
    assert current == version
    write_entity(vault, "ovens", text + "\nA person's line.\n")  # edited meanwhile
    with pytest.raises(StaleEntity, match="changed since version") as info:
        vault.update("ovens", "# Ovens\n\nMine.\n", base_version=version)
    assert isinstance(info.value, Conflict) and info.value.code == "entity_changed"
    assert "A person's line." in vault.read("ovens")
    _, fresh = vault.read_versioned("ovens")
    new_version = vault.update("ovens", "# Ovens\n\nMine.\n", base_version=fresh)
    assert vault.read_versioned("ovens") == ("# Ovens\n\nMine.\n", new_version)


def test_delete_with_a_stale_version_is_refused(vault: Vault) -> None:
    version = vault.create("ovens", "# Ovens\n")
    write_entity(vault, "ovens", "# Ovens\n\nedited\n")
    with pytest.raises(StaleEntity):
        vault.delete("ovens", base_version=version)
    assert vault.exists("ovens")
    vault.delete("ovens")
    assert not vault.exists("ovens")
    with pytest.raises(NotFound):
        vault.delete("ovens")


def test_create_refuses_an_existing_name(vault: Vault) -> None:
    write_entity(vault, "ovens", "# Mine\n")
    with pytest.raises(Conflict, match="already exists") as info:
        vault.create("ovens", "# Theirs\n")
    assert info.value.code == "entity_exists"
    assert vault.read("ovens") == "# Mine\n"


def test_a_plan_note_a_person_edited_is_kept_when_saved_again(vault: Vault) -> None:
    name = save(vault)
    path = vault.entities_dir / f"{name}.md"
    edited = path.read_text(encoding="utf-8") + "\nMy own notes on this plan.\n"
    path.write_text(edited, encoding="utf-8")
    assert save(vault, plan="A revised plan") == name
    assert path.read_text(encoding="utf-8") == edited
    assert vault.find_by_run(RUN) == name


def test_links_in(vault: Vault) -> None:
    write_entity(vault, "a", "# A\n\n- knows: [[b]]\n")
    write_entity(vault, "c", "See [[entities/b.md]] and [[c]].\n")
    write_entity(vault, "b", "# B\n\n[[b]]\n")
    assert vault.links_in("b") == ["a", "c"]
    assert vault.links_in("c") == []
