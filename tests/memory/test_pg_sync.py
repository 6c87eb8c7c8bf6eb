"""The memory in PostgreSQL and a folder, synced both ways; JSON lines in and out of it."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from planloop.memory import Vault
from planloop.memory.graph import MemoryGraph
from planloop.memory.interchange import InterchangeError, export_jsonl, import_jsonl
from planloop.memory.postgres.folder_sync import (
    STATE_FILE,
    SyncConflict,
    export_folder,
    import_folder,
)
from planloop.memory.postgres.memory import PgMemory
from tests.memory.test_interchange import cli
from tests.memory.test_vault import save, snapshot, write_entity

pytestmark = pytest.mark.timeout(60)


def fill(memory: PgMemory) -> str:
    """Notes planloop wrote, a note a person wrote in a folder of its own, a plan."""
    g = MemoryGraph(memory)
    g.create_entities(
        [
            {"name": "Ana", "entityType": "person", "observations": ["Bakes sourdough"]},
            {"name": "Alfama bakery", "entityType": "place", "observations": ["rent: €2,000"]},
        ]
    )
    g.create_relations([{"from": "Ana", "to": "Alfama bakery", "relationType": "works_at"}])
    memory.put_note("Rui", "# Rui\r\n\r\n- role: driver\r\n- knows: [[Ana]]\r\n", "people")
    return save(memory, links=["Ana"])


def dump(memory: PgMemory) -> dict[str, tuple[str, str, str | None]]:
    """Every note: text, version, folder."""
    return {n: (s.text, s.version, s.folder) for n, s in memory.stored_notes().items()}


# -- JSON lines -------------------------------------------------------------------------------


def test_json_lines_round_trip_between_databases(
    pg: PgMemory, open_pg: Callable[..., PgMemory], pg_admin_url: str
) -> None:
    from tests.pg import create_database

    fill(pg)
    out = io.StringIO()
    export_jsonl(pg, out)
    other = open_pg(create_database(pg_admin_url))
    report = import_jsonl(other, io.StringIO(out.getvalue()))
    assert len(report.entities_created) == 4
    assert MemoryGraph(other).read_graph() == MemoryGraph(pg).read_graph()
    again = io.StringIO()
    export_jsonl(other, again)
    assert again.getvalue() == out.getvalue()


def test_a_bad_json_lines_file_changes_nothing(pg: PgMemory) -> None:
    fill(pg)
    before, user = dump(pg), pg.user_text()
    lines = [
        '{"type":"entity","name":"New one","entityType":"x","observations":["a"]}',
        '{"type":"relation","from":"New one","to":"Ghost","relationType":"knows"}',
    ]
    with pytest.raises(InterchangeError, match=r"line 2: .*Ghost"):
        import_jsonl(pg, io.StringIO("\n".join(lines)))
    assert dump(pg) == before and pg.user_text() == user


def test_a_json_lines_import_failing_halfway_is_rolled_back(
    pg: PgMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(pg)
    before, user = dump(pg), pg.user_text()
    lines = [
        '{"type":"entity","name":"New one","entityType":"x","observations":["a"]}',
        '{"type":"entity","name":"Ana","entityType":"person","observations":["new fact"]}',
    ]

    def broken_edit(*args: object, **kwargs: object) -> bool:
        raise OSError("connection lost")

    monkeypatch.setattr(pg, "edit", broken_edit)
    with pytest.raises(OSError, match="connection lost"):
        import_jsonl(pg, io.StringIO("\n".join(lines)))
    assert dump(pg) == before and pg.user_text() == user
    assert not pg.exists("New one")


# -- the folder: export, import ---------------------------------------------------------------


def test_export_then_import_gives_the_same_memory(
    pg: PgMemory, open_pg: Callable[..., PgMemory], pg_admin_url: str, tmp_path: Path
) -> None:
    from tests.pg import create_database

    plan = fill(pg)
    folder = tmp_path / "vault"
    report = export_folder(pg, folder)
    assert sorted(report.written) == sorted(["Ana", "Alfama bakery", "Rui", plan])
    assert report.user_md
    # the MemAgent/Obsidian layout, byte for byte what the database holds
    assert (folder / "entities" / "people" / "Rui.md").read_bytes() == (
        b"# Rui\r\n\r\n- role: driver\r\n- knows: [[Ana]]\r\n"
    )
    assert (folder / "user.md").read_text(encoding="utf-8") == pg.user_text()
    assert MemoryGraph(Vault(folder)).read_graph() == MemoryGraph(pg).read_graph()

    other = open_pg(create_database(pg_admin_url))
    imported = import_folder(other, folder)
    assert sorted(imported.written) == sorted(report.written) and imported.user_md
    assert MemoryGraph(other).read_graph() == MemoryGraph(pg).read_graph()
    assert dump(other) == dump(pg)
    assert other.user_text() == pg.user_text()
    assert other.find_by_run(pg.read(plan).split("- run_id: ")[1].split("\n")[0]) == plan
    assert [h.name for h in other.search_hits("sourdough")] == ["Ana"]
    # nothing changed on either side: syncing again does nothing
    assert export_folder(pg, folder).written == [] and import_folder(pg, folder).written == []


def test_changes_travel_both_ways_and_nothing_is_clobbered(pg: PgMemory, tmp_path: Path) -> None:
    plan = fill(pg)
    folder = tmp_path / "vault"
    export_folder(pg, folder)
    # a person edits a note and deletes one in the folder; a replica edits and adds others
    ana = folder / "entities" / "Ana.md"
    ana.write_text(ana.read_text(encoding="utf-8") + "- Speaks Portuguese\n", encoding="utf-8")
    (folder / "entities" / "people" / "Rui.md").unlink()
    write_entity(Vault(folder), "Maria", "# Maria\n\n- knows: [[Ana]]\n")
    MemoryGraph(pg).add_observations([{"entityName": "Alfama bakery", "contents": ["Opens 7am"]}])
    pg.create("Tiago", "# Tiago\n")

    report = import_folder(pg, folder)
    assert sorted(report.written) == ["Ana", "Maria"] and report.deleted == ["Rui"]
    assert sorted(report.kept) == ["Alfama bakery", "Tiago"]  # the replica's edits stay
    assert "Speaks Portuguese" in pg.read("Ana") and not pg.exists("Rui")
    assert "Opens 7am" in pg.read("Alfama bakery") and pg.exists("Tiago")
    assert pg.links_in("Ana") == ["Maria", plan]

    report = export_folder(pg, folder)
    assert sorted(report.written) == ["Alfama bakery", "Tiago"] and report.user_md
    assert "Opens 7am" in (folder / "entities" / "Alfama bakery.md").read_text(encoding="utf-8")
    user = (folder / "user.md").read_text(encoding="utf-8")
    assert "[[entities/Tiago.md]]" in user
    assert export_folder(pg, folder).written == import_folder(pg, folder).written == []

    # a note deleted in the database goes from the folder too, and so does its link
    MemoryGraph(pg).delete_entities(["Tiago"])
    report = export_folder(pg, folder)
    assert report.deleted == ["Tiago"] and report.user_md
    assert not (folder / "entities" / "Tiago.md").exists()
    assert "Tiago" not in (folder / "user.md").read_text(encoding="utf-8")
    assert import_folder(pg, folder).deleted == []


def test_a_note_changed_on_both_sides_is_a_conflict_and_nothing_changes(
    pg: PgMemory, tmp_path: Path
) -> None:
    fill(pg)
    folder = tmp_path / "vault"
    export_folder(pg, folder)
    ana = folder / "entities" / "Ana.md"
    ana.write_text("# Ana\n\nThe person's words.\n", encoding="utf-8")
    write_entity(Vault(folder), "Maria", "# Maria\n")
    pg.update("Ana", "# Ana\n\nA replica's words.\n")
    before_db, before_folder = dump(pg), snapshot(folder)

    with pytest.raises(SyncConflict, match=r"Ana.*nothing was imported") as info:
        import_folder(pg, folder)
    assert info.value.names == ["Ana"] and info.value.code == "memory_sync_conflict"
    assert dump(pg) == before_db  # Maria, which did not conflict, was not imported either
    with pytest.raises(SyncConflict, match="nothing was exported"):
        export_folder(pg, folder)
    assert snapshot(folder) == before_folder

    import_folder(pg, folder, overwrite=True)  # the folder wins
    assert pg.read("Ana") == "# Ana\n\nThe person's words.\n" and pg.exists("Maria")


def test_first_import_of_a_folder_into_a_database_in_use(pg: PgMemory, tmp_path: Path) -> None:
    plan = fill(pg)
    folder = tmp_path / "old_vault"  # a memory folder from before PostgreSQL
    old = Vault(folder)
    MemoryGraph(old).create_entities([{"name": "Lisbon", "entityType": "place"}])
    write_entity(old, "Ana", "# Ana\n\nAnother Ana.\n")
    with pytest.raises(SyncConflict, match="Ana"):
        import_folder(pg, folder)  # never synced, and the two differ: not guessed
    (folder / "entities" / "Ana.md").unlink()
    report = import_folder(pg, folder)
    assert report.written == ["Lisbon"] and report.deleted == []
    # user.md changed on both sides: merged, neither side's links lost
    user = pg.user_text() or ""
    for name in ("Lisbon", "Ana", plan):
        assert f"[[entities/{name}.md]]" in user


def test_a_failed_import_changes_nothing(
    pg: PgMemory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(pg)
    folder = tmp_path / "vault"
    export_folder(pg, folder)
    state = (folder / STATE_FILE).read_bytes()
    write_entity(Vault(folder), "Maria", "# Maria\n")
    write_entity(Vault(folder), "Zoe", "# Zoe\n")
    (folder / "entities" / "Ana.md").write_text("# Ana, edited\n", encoding="utf-8")
    (folder / "user.md").write_text("# Me\n", encoding="utf-8")
    before, user = dump(pg), pg.user_text()
    real = PgMemory.put_note
    calls = 0

    def failing(memory: PgMemory, name: str, markdown: str, folder: str | None) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError("connection lost")
        real(memory, name, markdown, folder)

    monkeypatch.setattr(PgMemory, "put_note", failing)
    with pytest.raises(OSError, match="connection lost"):
        import_folder(pg, folder)
    assert calls == 3  # two notes were written in the transaction before it failed
    assert dump(pg) == before and pg.user_text() == user
    assert (folder / STATE_FILE).read_bytes() == state
    with pytest.raises(FileNotFoundError, match="not a memory folder"):
        import_folder(pg, tmp_path / "nowhere")


def test_a_failed_export_puts_the_folder_back(
    pg: PgMemory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(pg)
    folder = tmp_path / "vault"
    export_folder(pg, folder)
    pg.create("Tiago", "# Tiago\n")
    pg.update("Ana", "# Ana\n\nNew words.\n")
    before = snapshot(folder)
    from planloop.memory.postgres import folder_sync

    real = folder_sync.files.atomic_write
    calls = 0

    def failing(path: Path, data: bytes) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError("disk full")
        real(path, data)

    monkeypatch.setattr(folder_sync.files, "atomic_write", failing)
    with pytest.raises(OSError, match="disk full"):
        export_folder(pg, folder)
    monkeypatch.setattr(folder_sync.files, "atomic_write", real)
    assert snapshot(folder) == before


# -- the command line -------------------------------------------------------------------------


def test_command_line_syncs_a_folder_with_the_database(
    pg: PgMemory, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(pg)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PLANLOOP_DATABASE_URL", pg_url)
    monkeypatch.setenv("PLANLOOP_MEMORY_DIR", str(tmp_path / "not_live"))
    runner = CliRunner()
    app: typer.Typer = cli()
    result = runner.invoke(app, ["memory", "export", "--vault", "copy"])
    assert result.exit_code == 0, result.output
    assert "exported the database to copy: 4 notes written" in result.output
    assert not (tmp_path / "not_live").exists()
    note = tmp_path / "copy" / "entities" / "Ana.md"
    note.write_text(note.read_text(encoding="utf-8") + "- Speaks Portuguese\n", encoding="utf-8")
    result = runner.invoke(app, ["memory", "import", "--vault", "copy"])
    assert result.exit_code == 0, result.output
    assert "1 notes written" in result.output and "Speaks Portuguese" in pg.read("Ana")

    pg.update("Ana", "# Ana\n\nChanged here too.\n")
    note.write_text("# Ana\n\nAnd there.\n", encoding="utf-8")
    result = runner.invoke(app, ["memory", "import", "--vault", "copy"])
    assert result.exit_code == 1
    assert "Ana" in result.output and "nothing was imported" in result.output

    # JSON lines read the database too (and a folder given with FILE is that folder)
    result = runner.invoke(app, ["memory", "export", "out.jsonl"])
    assert result.exit_code == 0 and "from the database" in result.output, result.output
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["name"] == "Alfama bakery" and len(lines) == 6
    write_entity(Vault(tmp_path / "copy"), "Only_here", "# Only in the folder\n")
    result = runner.invoke(app, ["memory", "export", "-", "--vault", "copy"])
    assert result.exit_code == 0 and '"Only_here"' in result.output
    assert runner.invoke(app, ["memory", "export"]).exit_code == 2


def test_command_line_folder_sync_needs_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PLANLOOP_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    result = CliRunner().invoke(cli(), ["memory", "import", "--vault", "copy"])
    assert result.exit_code == 2
    assert "PostgreSQL" in result.output and "give a FILE" in result.output


def test_command_line_names_a_database_it_cannot_reach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PLANLOOP_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    (tmp_path / "x.jsonl").write_text("")  # a file to import: the database is what fails
    for args in (["export", "--vault", "copy"], ["import", "x.jsonl"]):
        result = CliRunner().invoke(cli(), ["memory", *args])
        assert result.exit_code == 1, result.output
        assert "cannot open the" in result.output and "Connection refused" in result.output
