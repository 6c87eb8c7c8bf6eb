"""Whose memory (issue 15, item 1): which space each principal gets, and spaces kept apart on
both backends — notes, search, the graph, user.md, plans — plus the text no note may hold
(item 10), refused the same way by both."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pydantic import ValidationError

from planloop.errors import InvalidInput
from planloop.identity import owner_of
from planloop.memory import SHARED, Memory, MemorySpaces, SpacePolicy, Vault, open_memory
from planloop.memory.folder.spaces import FolderSpaces, UnmadeSpace
from planloop.memory.graph import MemoryGraph
from planloop.memory.interchange import InterchangeError, import_jsonl
from planloop.memory.names import EntityNotFound, InvalidEntityName
from planloop.memory.postgres.memory import PgMemory
from planloop.memory.postgres.spaces import PgSpaces
from planloop.memory.spaces import space_id
from planloop.settings import Settings
from planloop.store.migrations import APPLIED
from planloop.store.postgres_schema import LEDGER, MIGRATIONS

pytestmark = pytest.mark.timeout(60)

SESSION = "0123456789abcdef0123456789abcdef"  # a browser session's owner id
TOKEN = "token:" + owner_of("alice-token")
PER_PRINCIPAL = SpacePolicy(per_principal=True)


def policy(**values: object) -> SpacePolicy:
    return SpacePolicy.of(Settings(**values))  # type: ignore[arg-type]


# -- who gets which space ----------------------------------------------------------------------


def test_without_tokens_everyone_shares_the_one_memory() -> None:
    p = policy()
    for owner in (SESSION, TOKEN, "mcp:default", "anything"):
        assert p.space_of(owner) == SHARED


def test_with_tokens_every_principal_has_a_space_of_its_own() -> None:
    p = policy(api_tokens=("alice-token", "bob-token"))
    assert p.space_of(TOKEN) == "token-" + owner_of("alice-token")
    assert p.space_of("token:" + owner_of("bob-token")) != p.space_of(TOKEN)
    assert p.space_of(SESSION) == "session-" + SESSION
    assert p.space_of("mcp:agent.1") == "mcp-agent.1"
    # a file system that folds case must not merge Bot and bot
    assert p.space_of("mcp:Bot") != p.space_of("mcp:bot")
    assert p.space_of("mcp:Bot").startswith("mcp-bot-")
    assert p.space_of("someone else") == space_id("someone else")
    assert p.space_of("someone else").startswith("owner-")
    assert SHARED not in {p.space_of(o) for o in (TOKEN, SESSION, "mcp:default", "x")}


def test_the_shared_space_is_an_explicit_opt_in() -> None:
    p = policy(api_tokens=("alice-token", "bob-token"), shared_memory=("alice-token", "mcp:team"))
    assert p.space_of(TOKEN) == SHARED
    assert p.space_of("token:" + owner_of("bob-token")) != SHARED
    assert p.space_of("mcp:team") == SHARED and p.space_of("mcp:other") != SHARED
    assert p.space_of(SESSION) != SHARED
    sessions = policy(api_tokens=("t",), shared_memory=("sessions",))
    assert sessions.space_of(SESSION) == SHARED and sessions.space_of(TOKEN) != SHARED
    everyone = policy(api_tokens=("t",), shared_memory=("*",))
    assert everyone == SpacePolicy()


def test_a_bad_setting_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValidationError) as info:
        Settings(api_tokens=("alice-token",), shared_memory=("alice-tokne",))
    assert "entry 1 is none of PLANLOOP_API_TOKENS" in str(info.value)
    assert "alice-tokne" not in str(info.value).split("input_value")[0]
    for bad in ("../x", "Space", "a/b", "-x"):
        with pytest.raises(ValidationError, match="PLANLOOP_MEMORY_SPACE"):
            Settings(memory_space=bad)


# -- spaces kept apart, on both backends ---------------------------------------------------------


@pytest.fixture(params=["folder", "postgres"])
def spaces(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MemorySpaces]:
    made: MemorySpaces
    if request.param == "folder":
        made = FolderSpaces(Vault(tmp_path / "memory"), PER_PRINCIPAL)
    else:
        made = PgSpaces(PgMemory(request.getfixturevalue("pg_url")), PER_PRINCIPAL)
    yield made
    made.close()


def note(name: str, text: str) -> str:
    return f"# {name}\n\n{text}\n"


def test_two_spaces_never_see_each_others_notes(spaces: MemorySpaces) -> None:
    alice, bob = spaces.space_for(TOKEN), spaces.space_for(SESSION)
    MemoryGraph(alice).create_entities(
        [
            {"name": "Ana", "entityType": "person", "observations": ["Bakes zeppelin bread"]},
            {"name": "Bakery", "entityType": "place", "observations": ["rent: 2,000"]},
        ]
    )
    MemoryGraph(alice).create_relations([{"from": "Ana", "to": "Bakery", "relationType": "owns"}])
    # the same name in another space is another note
    bob.create("Ana", note("Ana", "Bob's own Ana, a pilot."))
    assert "zeppelin" in alice.read("Ana") and "pilot" in bob.read("Ana")
    assert [e.name for e in bob.list_entities()] == ["Ana"]
    assert [h.name for h in bob.search_hits("zeppelin bread")] == []
    assert [h.name for h in alice.search_hits("zeppelin bread")] == ["Ana"]
    assert not bob.exists("Bakery") and bob.links_in("Bakery") == []
    assert MemoryGraph(bob).read_graph()["relations"] == []
    assert MemoryGraph(bob).open_nodes(["Bakery"]) == {"entities": [], "relations": []}
    with pytest.raises(EntityNotFound):
        bob.read("Bakery")
    with pytest.raises(EntityNotFound):
        bob.update("Bakery", "# mine now\n")
    with pytest.raises(EntityNotFound):
        MemoryGraph(bob).delete_entity("Bakery", None)
    assert MemoryGraph(bob).delete_entities(["Bakery"])["notFound"] == ["Bakery"]
    # a relation in one space never lands on a note of another
    bob.create("Pilot", note("Pilot", "- flies: [[Bakery]]"))
    assert MemoryGraph(bob).read_graph()["relations"] == []
    assert alice.links_in("Bakery") == ["Ana"]
    # deleting in one space leaves the other's note of the same name
    MemoryGraph(bob).delete_entities(["Ana"])
    assert alice.exists("Ana") and not bob.exists("Ana")
    assert spaces.shared.list_entities() == []  # and the shared space saw none of it


def test_a_plan_is_saved_in_its_owners_space_only(spaces: MemorySpaces) -> None:
    alice, bob = spaces.space_for(TOKEN), spaces.space_for(SESSION)
    bob.create("secret_notes", note("Notes", "Bob's secret bakery budget."))
    facts = {"date": "2026-01-02"}
    name = alice.save_plan(
        run_id="run42abc", goal="Launch a bakery", plan="Bake.", facts=facts, links=["secret_notes"]
    )
    assert alice.find_by_run("run42abc") == name
    assert "secret_notes" not in alice.read(name)  # a link to another space's note is left out
    assert bob.find_by_run("run42abc") is None and not bob.exists(name)
    assert [e.name for e in bob.list_entities("plan")] == []
    # the same run id in another space is another entity, in that space
    again = bob.save_plan(run_id="run42abc", goal="Launch a bakery", plan="Mine.", facts=facts)
    assert "Mine." in bob.read(again) and "Bake." in alice.read(name)
    assert spaces.shared.find_by_run("run42abc") is None


def user_md(memory: Memory) -> str:
    if isinstance(memory, PgMemory):
        return memory.user_text() or ""
    vault = memory if isinstance(memory, Vault) else None
    assert vault is not None
    return vault.user_file.read_text(encoding="utf-8")


def test_each_space_has_its_own_user_md(spaces: MemorySpaces) -> None:
    spaces.space_for(TOKEN).create("alice_note", note("A", "a"))
    spaces.shared.create("shared_note", note("S", "s"))
    alice = spaces.space_for(TOKEN)  # (a folder's space: its vault, now that it is made)
    assert "[[entities/alice_note.md]]" in user_md(alice)
    assert "shared_note" not in user_md(alice)
    assert "alice_note" not in user_md(spaces.shared)


def test_an_import_goes_into_one_space(spaces: MemorySpaces, tmp_path: Path) -> None:
    spaces.space_for(TOKEN).create("first", note("first", "made"))
    owner_space = spaces.space(spaces.space_of(TOKEN))
    line = '{"type":"entity","name":"Imported","entityType":"x","observations":["o"]}'
    import_jsonl(owner_space, io.StringIO(line))
    assert owner_space.exists("Imported")
    assert not spaces.shared.exists("Imported")
    assert not spaces.space_for(SESSION).exists("Imported")


# -- the folder: spaces made by writes, never by reads ----------------------------------------


def test_reads_of_a_space_leave_nothing_on_disk(tmp_path: Path) -> None:
    spaces = FolderSpaces(Vault(tmp_path / "memory"), PER_PRINCIPAL)
    for n in range(50):
        visitor = spaces.space_for(f"{n:032x}")
        assert isinstance(visitor, UnmadeSpace)
        assert visitor.list_entities() == [] and visitor.search_hits("anything at all") == []
        assert MemoryGraph(visitor).read_graph() == {"entities": [], "relations": []}
        assert visitor.existing_notes(["x"]) == [] and visitor.find_by_run("r") is None
        with pytest.raises(EntityNotFound):
            visitor.read("x")
        with pytest.raises(InvalidEntityName):
            visitor.read("../x")
        with pytest.raises(EntityNotFound):
            visitor.delete("x")
        with pytest.raises(InvalidInput):  # refused input makes no folder either
            visitor.create("x", "nul\x00")
    assert not (tmp_path / "memory" / "spaces").exists()
    # the first write makes the space's folder, in the usual layout
    visitor = spaces.space_for(SESSION)
    visitor.create("first", note("First", "hello"))
    folder = tmp_path / "memory" / "spaces" / f"session-{SESSION}"
    assert (folder / "entities" / "first.md").is_file() and (folder / "user.md").is_file()
    assert visitor.read("first") == note("First", "hello")  # the handle follows it there
    assert spaces.space_for(SESSION).list_entities()[0].name == "first"
    assert not (tmp_path / "memory" / "entities" / "first.md").exists()


def test_spaces_let_go_of_stay_whole(tmp_path: Path) -> None:
    spaces = FolderSpaces(Vault(tmp_path / "memory"), PER_PRINCIPAL, keep_open=2)
    owners = [f"{n:032x}" for n in range(6)]
    held = spaces.space_for(owners[0])
    held.create("n0", note("n0", "zero"))
    for n, owner in enumerate(owners[1:], 1):
        spaces.space_for(owner).create(f"n{n}", note(f"n{n}", "x"))
    held.create("n0b", note("n0b", "after being let go"))  # a handle still in use works
    for n, owner in enumerate(owners):
        names = [e.name for e in spaces.space_for(owner).list_entities()]
        assert names == (["n0", "n0b"] if n == 0 else [f"n{n}"])
    spaces.close()


def test_open_memory_opens_one_space_for_the_command_line(tmp_path: Path) -> None:
    settings = Settings(memory_dir=str(tmp_path / "memory"), memory_space="token-abc")
    memory = open_memory(settings, settings.memory_space)
    memory.create("cli_note", note("cli", "from the command line"))
    memory.close()
    assert (tmp_path / "memory" / "spaces" / "token-abc" / "entities" / "cli_note.md").is_file()
    with pytest.raises(ValueError, match="space"):
        open_memory(settings, "../escape")


# -- PostgreSQL: the rows written before spaces are the shared space's ------------------------


def test_postgres_rows_from_before_spaces_are_the_shared_space(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn, conn.transaction():
        for statement in LEDGER.opening():
            conn.execute(statement)
        applied = {r[0] for r in conn.execute(APPLIED)}
        for statement in LEDGER.pending([m for m in MIGRATIONS if m[0] <= 5], applied):
            conn.execute(statement)
        # a note, a relation and user.md as migration 3's memory wrote them
        conn.execute(
            "INSERT INTO memory_entities (name, kind, description, text, version, observations,"
            " updated_at, search) VALUES ('old', 'note', 'd', '# old\n\n- knows: [[old]]\n',"
            " 'v', '[]', now(), to_tsvector('english', 'old zeppelin'))"
        )
        conn.execute("INSERT INTO memory_relations VALUES ('old', 0, 'old', 'knows')")
        conn.execute(
            "INSERT INTO memory_user VALUES (1, '# User\n\n- [[entities/old.md]]\n', now())"
        )
    spaces = PgSpaces(PgMemory(pg_url), PER_PRINCIPAL)  # opening applies migration 6
    try:
        assert [e.name for e in spaces.shared.list_entities()] == ["old"]
        assert spaces.shared.links_in("old") == []  # (itself only)
        assert MemoryGraph(spaces.shared).read_graph()["relations"] == [
            {"from": "old", "to": "old", "relationType": "knows"}
        ]
        assert "[[entities/old.md]]" in (spaces.shared.user_text() or "")  # type: ignore[attr-defined]
        mine = spaces.space_for(TOKEN)
        assert mine.list_entities() == [] and not mine.exists("old")
        # no default space: a statement that forgets it fails instead of writing shared
        with (
            psycopg.connect(pg_url, autocommit=True) as conn,
            pytest.raises(psycopg.errors.NotNullViolation),
        ):
            conn.execute(
                "INSERT INTO memory_entities (name, kind, description, text, version,"
                " observations, updated_at, search) VALUES ('x', 'n', '', '', 'v', '[]',"
                " now(), to_tsvector(''))"
            )
    finally:
        spaces.close()


# -- item 10: what no note may hold, refused the same by both backends --------------------------


UNSTORABLE = [
    ("nul\x00byte", r"markdown: contains NUL \(U\+0000\) at character 4"),
    ("high\ud800", r"markdown: contains a lone surrogate \(U\+D800\) at character 5"),
    ("low\udc80", r"markdown: contains a lone surrogate \(U\+DC80\) at character 4"),
]


@pytest.mark.parametrize(("text", "message"), UNSTORABLE)
def test_unstorable_text_is_refused_the_same_by_both_backends(
    spaces: MemorySpaces, text: str, message: str
) -> None:
    memory = spaces.shared
    memory.create("kept", note("kept", "as it was"))
    before = memory.read_versioned("kept")
    with pytest.raises(InvalidInput, match=message):
        memory.create("new", text)
    with pytest.raises(InvalidInput, match=message):
        memory.update("kept", text)
    assert not memory.exists("new") and memory.read_versioned("kept") == before
    observation = text.replace("\x00", "\ud800")
    with pytest.raises(InvalidInput, match=r"entities\[0\]\.observations\[0\]: .*U\+"):
        MemoryGraph(memory).create_entities(
            [{"name": "new", "entityType": "x", "observations": [observation]}]
        )
    with pytest.raises(InterchangeError, match=r"line 1: .*lone surrogate"):
        line = '{"type":"entity","name":"kept","entityType":"note","observations":["\\udc80"]}'
        import_jsonl(memory, io.StringIO(line))
    assert not memory.exists("new") and memory.read_versioned("kept") == before


def test_a_plan_with_unstorable_text_is_saved_alike_by_both_backends(
    spaces: MemorySpaces, tmp_path: Path
) -> None:
    """A model's plan is saved, not refused: NUL and lone surrogates become U+FFFD, so the
    folder and the database hold the same note (the same version)."""
    name = spaces.shared.save_plan(
        run_id="runbad01", goal="Odd \udc80 goal", plan="nul\x00 high\ud800 low\udcff", facts={}
    )
    text, version = spaces.shared.read_versioned(name)
    assert "nul\ufffd high\ufffd low\ufffd" in text and "Odd \ufffd goal" in text
    folder = Vault(tmp_path / "other")
    same = folder.save_plan(
        run_id="runbad01", goal="Odd \udc80 goal", plan="nul\x00 high\ud800 low\udcff", facts={}
    )
    assert (same, folder.read_versioned(same)[1]) == (name, version)
