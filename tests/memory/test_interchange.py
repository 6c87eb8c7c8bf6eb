"""JSON lines of the reference MCP memory server: export, import, and the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from planloop.cli.memory import memory_cli
from planloop.memory import Vault
from planloop.memory.graph import MemoryGraph
from planloop.memory.interchange import InterchangeError, export_jsonl, import_jsonl
from tests.memory.test_vault import save, snapshot, write_entity


@pytest.fixture
def source(tmp_path: Path) -> Vault:
    """A vault with notes planloop wrote, notes people wrote, a plan and a folder."""
    vault = Vault(tmp_path / "source")
    g = MemoryGraph(vault)
    g.create_entities(
        [
            {"name": "Ana", "entityType": "person", "observations": ["Bakes sourdough"]},
            {"name": "Alfama bakery", "entityType": "place", "observations": ["rent: €2,000"]},
        ]
    )
    g.create_relations([{"from": "Ana", "to": "Alfama bakery", "relationType": "works_at"}])
    write_entity(
        vault,
        "lisbon_notes",
        "# Lisbon\n\nNear [[entities/Alfama bakery.md|the bakery]].\n\n- footfall: 3,000 a day\n"
        "- supplier: [[Ana]], [[entities/missing.md]]\n\n```\n- not: a fact\n```\n",
    )
    (vault.entities_dir / "people").mkdir()
    (vault.entities_dir / "people" / "Rui.md").write_text("# Rui\n\n- role: driver\n")
    save(vault, links=["Ana"])
    return vault


def exported(vault: Vault) -> str:
    out = io.StringIO()
    export_jsonl(vault, out)
    return out.getvalue()


def test_export_is_the_reference_format(source: Vault) -> None:
    lines = [json.loads(line) for line in exported(source).splitlines()]
    assert lines[0] == {
        "type": "entity",
        "name": "Alfama bakery",
        "entityType": "place",
        "observations": ["rent: €2,000"],
    }
    assert {
        "type": "entity",
        "name": "Rui",
        "entityType": "people",
        "observations": ["role: driver"],
    } in lines
    assert {
        "type": "relation",
        "from": "lisbon_notes",
        "to": "Ana",
        "relationType": "supplier",
    } in lines
    assert not any(line.get("to") == "missing" for line in lines)  # dangling: not in the graph
    kinds = [line["type"] for line in lines]
    assert kinds == sorted(kinds)  # entities first, then relations


def test_round_trip_gives_the_same_graph(source: Vault, tmp_path: Path) -> None:
    file = tmp_path / "memory.jsonl"
    export_jsonl(source, file)
    target = Vault(tmp_path / "target")
    report = import_jsonl(target, file)
    assert len(report.entities_created) == 5 and report.entities_updated == []
    assert MemoryGraph(target).read_graph() == MemoryGraph(source).read_graph()
    # exporting the copy gives the same file; importing it again changes nothing
    assert exported(target) == file.read_text(encoding="utf-8")
    before = snapshot(target.root)
    again = import_jsonl(target, file)
    assert again.entities_created == again.entities_updated == []
    assert snapshot(target.root) == before


def test_import_merges_into_existing_notes(source: Vault) -> None:
    lines = [
        '{"type":"entity","name":"Ana","entityType":"person","observations":["Speaks Portuguese"]}',
        '{"type":"entity","name":"Maria","entityType":"person","observations":[]}',
        '{"type":"relation","from":"Ana","to":"Maria","relationType":"knows"}',
    ]
    report = import_jsonl(source, io.StringIO("\n".join(lines) + "\n"))
    assert report.entities_created == ["Maria"] and report.entities_updated == ["Ana"]
    assert (report.observations_added, report.relations_added) == (1, 1)
    ana = MemoryGraph(source).open_nodes(["Ana"])
    assert ana["entities"][0]["observations"] == ["Bakes sourdough", "Speaks Portuguese"]
    assert {"from": "Ana", "to": "Maria", "relationType": "knows"} in ana["relations"]


ENTITY = '{"type":"entity","name":"Ana","entityType":"person","observations":[]}'
BAD_FILES = [
    ([ENTITY, "{not json"], 2, "not valid JSON"),
    ([ENTITY, "", '["a list"]'], 3, "type"),
    ([ENTITY, '{"type":"thing"}'], 2, "type"),
    (['{"type":"entity","name":"../evil","entityType":"x","observations":[]}'], 1, "evil"),
    (['{"type":"entity","name":"Ok","entityType":"x","observations":["a\\nb"]}'], 1, "one line"),
    (['{"type":"entity","entityType":"x"}'], 1, "name is missing"),
    ([ENTITY, '{"type":"relation","from":"Ana","to":"Ghost","relationType":"knows"}'], 2, "Ghost"),
    ([ENTITY, '{"type":"relation","from":"Ana","to":"Ana","relationType":"a:b"}'], 2, "relation"),
    ([ENTITY, ENTITY.replace("person", "robot")], 2, "line 1"),
    (
        ['{"type":"entity","name":"Alfama bakery","entityType":"shop","observations":[]}'],
        1,
        "exists",
    ),
    # Issue 15, item 11: lone surrogates, NUL, nesting and numbers too deep or long to read
    # name their line (they were a raw traceback, or a low surrogate's invalid UTF-8 written
    # into a note and "imported").
    (
        [ENTITY, '{"type":"entity","name":"Ok","entityType":"x","observations":["a\\ud800"]}'],
        2,
        r"observations\[0\]: an observation contains a lone surrogate \(U\+D800\) at character 2",
    ),
    (
        ['{"type":"entity","name":"Ok","entityType":"x","observations":["ok","caf\\udce9"]}'],
        1,
        r"observations\[1\]: .*lone surrogate \(U\+DCE9\)",
    ),
    (['{"type":"entity","name":"Ok","entityType":"x\\udc80","observations":[]}'], 1, "entityType"),
    (
        [ENTITY, '{"type":"relation","from":"Ana","to":"Ana","relationType":"k\\udfff"}'],
        2,
        r"relationType: .*lone surrogate",
    ),
    (['{"type":"entity","name":"Ok\\udc80","entityType":"x","observations":[]}'], 1, "name"),
    (
        ['{"type":"entity","name":"Ok","entityType":"x","observations":["a\\u0000"]}'],
        1,
        r"NUL \(U\+0000\)",
    ),
    ([ENTITY, "[" * 100_000 + "]" * 100_000], 2, "nested too deeply"),
    ([ENTITY, '{"type":"entity","name":' + "[" * 900 + "]" * 900 + "}"], 2, "line 2: "),
    (['{"type":"entity","name":"Ok","observations":[' + "9" * 5000 + "]}"], 1, "number"),
]


@pytest.mark.parametrize(("lines", "line", "match"), BAD_FILES)
def test_a_bad_file_names_its_line_and_changes_nothing(
    source: Vault, tmp_path: Path, lines: list[str], line: int, match: str
) -> None:
    file = tmp_path / "bad.jsonl"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(source.root)
    with pytest.raises(InterchangeError, match=match) as info:
        import_jsonl(source, file)
    assert info.value.line == line
    assert info.value.message.startswith(f"line {line}: ")
    assert snapshot(source.root) == before


def test_bytes_that_are_not_utf8_name_their_line(source: Vault, tmp_path: Path) -> None:
    file = tmp_path / "bad.jsonl"
    file.write_bytes(ENTITY.encode() + b"\n" + b'{"type":"entity","name":"\xff"}\n')
    with pytest.raises(InterchangeError, match="line 2: not UTF-8"):
        import_jsonl(source, file)


def test_a_write_failing_halfway_is_rolled_back(
    source: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        '{"type":"entity","name":"New one","entityType":"x","observations":["a"]}',
        '{"type":"entity","name":"Ana","entityType":"person","observations":["new fact"]}',
    ]
    before = snapshot(source.root)

    def broken_edit(*args: object, **kwargs: object) -> bool:
        raise OSError("disk full")

    monkeypatch.setattr(source, "edit", broken_edit)
    with pytest.raises(OSError, match="disk full"):
        import_jsonl(source, io.StringIO("\n".join(lines)))
    assert snapshot(source.root) == before
    assert not source.exists("New one")


def cli() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """planloop"""

    memory_cli(app)
    return app


def test_command_line_export_and_import(source: Vault, tmp_path: Path) -> None:
    runner = CliRunner()
    file = tmp_path / "out.jsonl"
    result = runner.invoke(cli(), ["memory", "export", str(file), "--vault", str(source.root)])
    assert result.exit_code == 0, result.output
    assert "exported" in result.output
    target = tmp_path / "copy"
    result = runner.invoke(cli(), ["memory", "import", str(file), "--vault", str(target)])
    assert result.exit_code == 0, result.output
    assert "5 entities created" in result.output
    assert MemoryGraph(Vault(target)).read_graph() == MemoryGraph(source).read_graph()
    stdout = runner.invoke(cli(), ["memory", "export", "-", "--vault", str(target)])
    assert stdout.exit_code == 0 and stdout.output == file.read_text(encoding="utf-8")


def test_command_line_import_error(source: Vault, tmp_path: Path) -> None:
    file = tmp_path / "bad.jsonl"
    file.write_text(ENTITY + "\n{oops\n", encoding="utf-8")
    result = CliRunner().invoke(cli(), ["memory", "import", str(file), "--vault", str(source.root)])
    assert result.exit_code == 2  # bad input, as a missing file is (a trial: it was 1)
    assert f"{file}: line 2: not valid JSON" in result.output
    assert "nothing was imported" in result.output


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "line 2: nested too deeply"),
        ('{"type":"entity","name":"Ok","entityType":"x","observations":["\\udc80"]}', "U+DC80"),
    ],
)
def test_command_line_import_names_every_failure_without_a_traceback(
    source: Vault, tmp_path: Path, line: str, expected: str
) -> None:
    file = tmp_path / "bad.jsonl"
    file.write_text(ENTITY + "\n" + line + "\n", encoding="utf-8")
    before = snapshot(source.root)
    result = CliRunner().invoke(cli(), ["memory", "import", str(file), "--vault", str(source.root)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert expected in result.output and "nothing was imported" in result.output
    assert "Traceback" not in result.output
    assert snapshot(source.root) == before


def test_command_line_defaults_to_the_memory_dir_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANLOOP_MEMORY_DIR", str(tmp_path / "from_env"))
    monkeypatch.chdir(tmp_path)
    # a folder that is not there is said, and none is made (tests/cli/test_cli_memory.py)
    missing = CliRunner().invoke(cli(), ["memory", "export", "out.jsonl"])
    assert missing.exit_code == 2 and "no memory at" in missing.output
    assert not (tmp_path / "from_env").exists() and not (tmp_path / "out.jsonl").exists()
    # a folder that is there but holds no memory is said too, and left as it was
    (tmp_path / "from_env").mkdir()
    empty = CliRunner().invoke(cli(), ["memory", "export", "out.jsonl"])
    assert empty.exit_code == 2 and "no memory at" in empty.output
    assert list((tmp_path / "from_env").iterdir()) == []
    (tmp_path / "from_env" / "entities").mkdir()
    result = CliRunner().invoke(cli(), ["memory", "export", "out.jsonl"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == ""


def test_command_line_import_of_no_file_is_a_usage_error(source: Vault, tmp_path: Path) -> None:
    """A missing FILE exited 1, as a bad file's content does; it is a usage error, 2."""
    before = snapshot(source.root)
    missing = tmp_path / "nowhere.jsonl"
    result = CliRunner().invoke(
        cli(), ["memory", "import", str(missing), "--vault", str(source.root)]
    )
    assert result.exit_code == 2, result.output
    assert f"{missing}: no such file; nothing was imported" in result.output
    assert snapshot(source.root) == before
