"""Memory in PostgreSQL: the vault's behaviours, against a real database."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from psycopg_pool import ConnectionPool

from planloop.errors import Conflict, InvalidInput
from planloop.memory import EntityNotFound, EntitySummary, InvalidEntityName, StaleEntity, Vault
from planloop.memory.base import NoteReads
from planloop.memory.graph import MemoryGraph
from planloop.memory.postgres.memory import PgMemory
from planloop.planners.base import MemoryNote
from planloop.store.postgres_schema import MIGRATIONS
from tests.memory.test_vault import RUN, RUN2, save

pytestmark = pytest.mark.timeout(60)


def user_links(memory: PgMemory, name: str) -> int:
    text = memory.user_text() or ""
    return text.splitlines().count(f"- [[entities/{name}.md]]")


def make(memory: PgMemory, name: str, text: str) -> None:
    memory.create(name, text)


def counted_queries(pg: PgMemory, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements ``pg`` sends from now on, as they are sent."""
    queries: list[str] = []
    rows = pg._rows

    def counted(sql: str, params: object = ()) -> list[tuple[object, ...]]:
        queries.append(sql)
        return rows(sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(pg, "_rows", counted)
    return queries


def terminated(pg_url: str, pid: int) -> None:
    """Backend ``pid`` ended by the server, and gone: pg_terminate_backend only signals (the
    backend says goodbye and exits after); once it is gone, its goodbye is in the socket of
    the pooled connection it served."""
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        gone = "SELECT count(*) FROM pg_stat_activity WHERE pid = %s"
        while admin.execute(gone, (pid,)).fetchone() != (0,):
            time.sleep(0.01)


# -- plans ----------------------------------------------------------------------------------


def test_a_plan_is_the_same_note_as_in_a_folder(pg: PgMemory, tmp_path: Path) -> None:
    vault = Vault(tmp_path / "memory")
    for memory in (vault, pg):
        memory.create("bakery_market", "# Market\n\nLisbon has 300 bakeries.\n")
    facts = {"budget": "40k\nEUR", "run_id": "forged"}
    name = save(pg, goal="Launch a Bakery!  (in Lisbon)", facts=facts, links=["bakery_market"])
    assert name == save(
        vault, goal="Launch a Bakery!  (in Lisbon)", facts=facts, links=["bakery_market"]
    )
    assert name == "plan_launch_a_bakery_in_lisbon_ab12cd34"
    assert pg.read_versioned(name) == vault.read_versioned(name)  # same text, same version
    assert pg.list_entities() == vault.list_entities()
    assert pg.find_by_run(RUN) == name and pg.find_by_run("forged") is None
    assert user_links(pg, name) == 1


def test_saving_a_run_again_is_one_entity(pg: PgMemory) -> None:
    first = save(pg)
    version = pg.read_versioned(first)[1]
    assert save(pg) == first
    assert pg.read_versioned(first)[1] == version
    assert save(pg, plan="A revised plan") == first
    assert "A revised plan" in pg.read(first)
    assert [e.name for e in pg.list_entities()] == [first]
    assert user_links(pg, first) == 1


def test_runs_sharing_a_tag_and_goal_get_their_own_entities(pg: PgMemory) -> None:
    a = save(pg, run_id="abcdefgh-0001", plan="Plan A")
    b = save(pg, run_id="abcdefgh-0002", plan="Plan B")
    assert a != b and "Plan A" in pg.read(a) and "Plan B" in pg.read(b)
    assert save(pg, run_id="abcdefgh-0002", plan="Plan B") == b
    assert pg.find_by_run("abcdefgh-0001") == a
    make(pg, "plan_launch_a_bakery_ff00ee11", "# Someone's note\n")  # takes the plan's name
    c = save(pg, run_id=RUN2)
    assert c.startswith("plan_launch_a_bakery_ff00ee11_") and pg.find_by_run(RUN2) == c


def test_two_replicas_saving_the_same_runs_at_once_make_one_entity_each(
    open_pg: Callable[..., PgMemory],
) -> None:
    replicas = [open_pg(), open_pg()]
    runs = [RUN, RUN2, RUN, RUN2, RUN, "0123abcd-x", "0123abcd-x", RUN] * 2
    start = threading.Barrier(8)

    def finish(i: int) -> str:
        start.wait() if i < 8 else None
        return save(replicas[i % 2], run_id=runs[i])

    with ThreadPoolExecutor(max_workers=8) as pool:
        names = list(pool.map(finish, range(len(runs))))
    assert len(set(names)) == 3
    for i, name in enumerate(names):
        assert replicas[1 - i % 2].find_by_run(runs[i]) == name
    assert len(replicas[0].list_entities()) == 3
    for name in set(names):
        assert user_links(replicas[1], name) == 1


def test_a_plan_note_a_person_changed_is_kept(pg: PgMemory) -> None:
    name = save(pg)
    mine = pg.read(name) + "\nMy own notes.\n"
    pg.put_note(name, mine, None)  # as `planloop memory import --vault` brings a person's edit
    assert save(pg, plan="Another plan") == name
    assert pg.read(name) == mine


def test_bad_run_ids_and_links(pg: PgMemory) -> None:
    with pytest.raises(InvalidEntityName, match="run_id"):
        save(pg, run_id="----")
    with pytest.raises(TypeError):
        pg.save_plan(run_id=RUN, goal="g", plan="p", facts={}, links="bakery")
    name = save(pg, links=["missing", "../user", "a..b"])
    assert "## Links" not in pg.read(name)
    assert pg.list_entities() == [EntitySummary(name, "Plan for: Launch a bakery", "plan")]


# -- reading --------------------------------------------------------------------------------


def test_list_read_and_notes(pg: PgMemory) -> None:
    make(pg, "ana", "# Ana\n\ntype: person\n\nOwner of the bakery.\n")
    make(pg, "front", "---\ntype: place\n---\n\n# Alfama\n\nA district.\n")
    pg.put_note("Rui", "# Rui\n\n- role: driver\n", "people")
    # a person's file (brought in by the folder sync) with bytes that are not UTF-8 and a
    # NUL: stored replaced (planloop's own writes refuse both: test_unstorable_text_...)
    pg.put_note("raw", "caf\udcff \x00\n", None)
    assert pg.list_entities() == [
        EntitySummary("Rui", "- role: driver", "people"),
        EntitySummary("ana", "Owner of the bakery.", "person"),
        EntitySummary("front", "A district.", "place"),
        EntitySummary("raw", "caf\ufffd \ufffd", "note"),
    ]
    assert [e.name for e in pg.list_entities("person")] == ["ana"]
    assert pg.entity_type("Rui", pg.read("Rui")) == "people"
    assert pg.notes(["front", "ana", "front"])[1] == MemoryNote(
        "ana", "# Ana\n\ntype: person\n\nOwner of the bakery.\n"
    )
    assert [n.name for n in pg.existing_notes(["ghost", "ana", "../x"])] == ["ana"]
    with pytest.raises(EntityNotFound, match="ghost"):
        pg.notes(["ana", "ghost"])
    with pytest.raises(TypeError):
        pg.notes("ana")


def test_notes_are_read_in_one_query(pg: PgMemory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A grounding looks up to 24 capitalised goal words and 20 search hits as notes, at
    every run's creation: one query for them all, not one per name (issue 19, target 2)."""
    for name in ("ana", "rui", "alfama"):
        make(pg, name, f"# {name}\n\nA note.\n")
    queries = counted_queries(pg, monkeypatch)
    wanted = ["Alfama", "alfama", "ghost", "rui", "../x", "ana", "rui"]
    assert [n.name for n in pg.existing_notes(wanted)] == ["alfama", "rui", "ana"]
    assert [n.name for n in pg.notes(["rui", "ana"])] == ["rui", "ana"]
    assert len(queries) == 2
    with pytest.raises(InvalidEntityName):
        pg.notes(["ana", "../x", "ghost"])  # the first that fails, in order
    with pytest.raises(EntityNotFound, match="ghost"):
        pg.notes(["ghost", "../x"])


def test_the_pool_pings_only_a_connection_the_server_closed(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Handing out a pooled connection costs no round trip while it is healthy (a grounding
    is two queries, not four), and one the server closed meanwhile is still found and
    replaced: the read after it succeeds (issue 19, target 2)."""
    pings: list[object] = []
    ping = ConnectionPool.check_connection

    def counted(conn: psycopg.Connection[tuple[object, ...]]) -> None:
        pings.append(conn)
        ping(conn)

    monkeypatch.setattr(ConnectionPool, "check_connection", staticmethod(counted))
    # A server with many streams open gives its pool descriptors above 1,024 (select()'s).
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    memory = PgMemory(pg_url, max_size=1)
    try:
        with memory.pool.connection() as conn:
            assert conn.fileno() > 1024
        make(memory, "alfama", "# Alfama\n\nA note.\n")
        for _ in range(3):
            assert memory.exists("alfama")
            assert memory.search_hits("alfama", 5)[0].name == "alfama"
        assert pings == []
        with memory.pool.connection() as conn:
            pid = conn.info.backend_pid
        terminated(pg_url, pid)
        assert memory.exists("alfama")  # no error: the closed one was noticed, then replaced
        assert len(pings) == 1
        with memory.pool.connection() as conn:
            assert conn.info.backend_pid != pid
    finally:
        memory.close()
        for fd in held:
            os.close(fd)


def _resume(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # gone already, as it should be
        os.kill(pid, signal.SIGCONT)


def test_a_read_on_a_connection_closed_as_it_is_handed_out_is_sent_again(pg_url: str) -> None:
    """A backend told to end while it cannot yet say goodbye (stopped, as on a busy host):
    the pooled connection still looks idle, the read is sent on it and fails when the
    backend ends, and goes again on a new connection."""
    memory = PgMemory(pg_url, max_size=1)
    try:
        make(memory, "alfama", "# Alfama\n\nA note.\n")
        with memory.pool.connection() as conn:
            pid = conn.info.backend_pid
        os.kill(pid, signal.SIGSTOP)
        try:
            with psycopg.connect(pg_url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            threading.Timer(0.3, _resume, (pid,)).start()
            assert memory.exists("alfama")
        finally:
            _resume(pid)
    finally:
        memory.close()


@pytest.mark.parametrize("bad", ["../x", "a/b", "", "a\x00b", "x" * 121, "..", ".hidden", "a..b"])
def test_names_that_are_no_entity_names_are_refused(pg: PgMemory, bad: str) -> None:
    for call in (pg.read, pg.delete, lambda n: pg.create(n, "x"), lambda n: pg.update(n, "x")):
        with pytest.raises(InvalidEntityName):
            call(bad)
    assert not pg.exists(bad)
    assert pg.list_entities() == []


# -- search ---------------------------------------------------------------------------------


def test_search_ranks_by_terms_matched_then_rank_then_name(pg: PgMemory) -> None:
    make(pg, "ovens", "# Ovens\n\nDeck ovens for a bakery; ovens cost money.\n")
    make(pg, "flour", "# Flour\n\nBakery flour suppliers in Lisbon.\n")
    make(pg, "zebra", "# Zebra\n\nBakery.\n")
    make(pg, "cats", "# Cats\n\nNothing relevant.\n")
    assert [n.name for n in pg.search("lisbon BAKERY")] == ["flour", "zebra", "ovens"]
    assert [n.name for n in pg.search("ovens bakery")] == ["ovens", "zebra", "flour"]
    assert [n.name for n in pg.search("bakery", limit=2)] == ["zebra", "flour"]
    make(pg, "twin_b", "# Twin\n\nsourdough\n")
    make(pg, "twin_a", "# Twin\n\nsourdough\n")
    assert [n.name for n in pg.search("sourdough")] == ["twin_a", "twin_b"]
    hits = pg.search_hits("lisbon suppliers cats", snippets=True)
    assert [(h.name, h.matched) for h in hits] == [("flour", 2), ("cats", 1)]
    assert "suppliers in Lisbon" in hits[0].snippet


def test_grounding_finds_and_reads_its_notes_in_one_statement_as_two_would(
    pg: PgMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a grounding weighs (the goal's named notes, then the best hits that matched a
    term) in one statement at each run's creation, the same notes in the same order as a
    search and a read give (ties of rank broken by name, "_" and "-" included)."""
    words = ["bakery", "lisbon", "flour", "ovens", "rent", "staff", "permits", "coffee"]
    for n in range(60):
        some = " ".join(words[(n + k) % len(words)] for k in range(1 + n % 4))
        name = ["note", "note_x", "note-y", "note"][n % 4] + f"{n % 7}_{n}"
        make(pg, name, f"# {name}\n\n{some}.\n")
    save(pg, goal="Open a bakery in Lisbon", plan="Flour and ovens")
    queries = counted_queries(pg, monkeypatch)
    asked = [
        (["note3_3", "ghost", "../x", "note3_3"], "bakery lisbon flour", 20),
        ([], "ovens rent staff permits coffee", 20),
        (["note_x1_1"], "bakery", 3),
        ([], "lisbon", 50),
        (["note0_0"], "the and", 20),  # no term: only the named note
    ]
    for named, query, limit in asked:
        queries.clear()
        one = pg.found_notes(named, query, limit)
        assert len(queries) == 1, (query, queries)
        two = NoteReads.found_notes(pg, named, query, limit)
        assert [n.name for n in one] == [n.name for n in two], query
        assert one == two
    found = pg.found_notes(["note3_3"], "bakery", 2)
    assert found[0].name == "note3_3" and len(found) == 3  # two hits besides it


def test_search_stems_folds_accents_and_matches_names(pg: PgMemory) -> None:
    make(pg, "cafes", "# Cafés\n\nThree bakeries near the café.\n")
    assert [n.name for n in pg.search("bakery cafe")] == ["cafes"]
    assert [n.name for n in pg.search("CAFÉS")] == ["cafes"]
    name = save(pg, goal="Open a croissanterie", plan="Steps only")
    assert [n.name for n in pg.search("croissanterie")] == [name]
    for query in ["", "the and with for", "a an to", "!!"]:
        assert pg.search(query) == []
    assert pg.search("bakery", limit=0) == []


# -- writing: versions, conflicts, concurrency -----------------------------------------------


def test_a_stale_edit_is_refused(pg: PgMemory) -> None:
    version = pg.create("ana", "# Ana\n")
    assert pg.read_versioned("ana") == ("# Ana\n", version)
    newer = pg.update("ana", "# Ana\n\nNewer.\n", version)
    with pytest.raises(StaleEntity) as info:
        pg.update("ana", "# mine\n", version)
    assert info.value.code == "entity_changed" and info.value.current == newer
    with pytest.raises(StaleEntity):
        pg.delete("ana", version)
    assert pg.read("ana") == "# Ana\n\nNewer.\n"
    assert pg.update("ana", "# Ana\n\nNewer.\n", newer) == newer  # the same text: no change
    with pytest.raises(Conflict, match="already exists") as exists:
        pg.create("ana", "# again\n")
    assert exists.value.code == "entity_exists"
    with pytest.raises(EntityNotFound):
        pg.update("ghost", "x")
    pg.delete("ana", newer)
    with pytest.raises(EntityNotFound):
        pg.delete("ana")
    assert user_links(pg, "ana") == 0


def test_of_two_replicas_editing_one_version_one_wins(open_pg: Callable[..., PgMemory]) -> None:
    a, b = open_pg(), open_pg()
    version = a.create("ana", "# Ana\n")
    start = threading.Barrier(2)

    def edit(memory: PgMemory, text: str) -> str:
        start.wait()
        try:
            return memory.update("ana", text, version)
        except StaleEntity:
            return "stale"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(edit, [a, b], ["# A\n", "# B\n"]))
    assert sorted(outcomes).count("stale") == 1
    assert a.read("ana") in ("# A\n", "# B\n")


def test_graph_edits_from_two_replicas_both_land(open_pg: Callable[..., PgMemory]) -> None:
    a, b = open_pg(), open_pg()
    MemoryGraph(a).create_entities([{"name": "Ana", "entityType": "person"}])
    facts = [f"fact {i}" for i in range(20)]

    def add(i: int) -> None:
        memory = (a, b)[i % 2]
        MemoryGraph(memory).add_observations([{"entityName": "Ana", "contents": [facts[i]]}])

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(add, range(len(facts))))
    observed = MemoryGraph(b).open_nodes(["Ana"])["entities"][0]["observations"]
    assert sorted(observed) == sorted(facts)


def test_the_graph_is_the_same_as_a_folders(pg: PgMemory, tmp_path: Path) -> None:
    vault = Vault(tmp_path / "memory")
    for memory in (vault, pg):
        g = MemoryGraph(memory)
        g.create_entities(
            [
                {"name": "Ana", "entityType": "person", "observations": ["Bakes sourdough"]},
                {"name": "Alfama bakery", "entityType": "place", "observations": ["rent: 2k"]},
                {"name": "Joao", "entityType": "person", "observations": []},
            ]
        )
        g.create_relations(
            [
                {"from": "Ana", "to": "Alfama bakery", "relationType": "works_at"},
                {"from": "Joao", "to": "Ana", "relationType": "knows"},
                {"from": "Joao", "to": "Alfama bakery", "relationType": "buys_from"},
            ]
        )
        g.add_observations([{"entityName": "Joao", "contents": ["Drives a van"]}])
        g.delete_relations([{"from": "Joao", "to": "Alfama bakery", "relationType": "buys_from"}])
        g.delete_observations([{"entityName": "Ana", "observations": ["Bakes sourdough"]}])
        with pytest.raises(InvalidInput):
            g.create_entities([{"name": "ok"}, {"name": "a/b"}])
    folder, database = MemoryGraph(vault), MemoryGraph(pg)
    assert database.read_graph() == folder.read_graph()
    assert database.search_nodes("van") == folder.search_nodes("van")
    assert database.open_nodes(["Ana", "Nobody"]) == folder.open_nodes(["Ana", "Nobody"])
    for name in ("Ana", "Joao", "Alfama bakery"):
        assert pg.read_versioned(name) == vault.read_versioned(name)
        assert pg.links_in(name) == vault.links_in(name)
    assert pg.user_text() == vault.user_file.read_text(encoding="utf-8")
    assert database.delete_entities(["Ana", "Nobody"]) == {
        "deleted": ["Ana"],
        "notFound": ["Nobody"],
    }
    assert "Ana" not in pg.read("Joao") and user_links(pg, "Ana") == 0
    assert database.read_graph()["relations"] == []


def test_memory_migrates_a_fresh_database_itself(pg_url: str) -> None:
    memory = PgMemory(pg_url)
    again = PgMemory(pg_url)  # a second process: migrations already there
    try:
        with psycopg.connect(pg_url) as conn:
            versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
        assert sorted(versions) == [version for version, _ in MIGRATIONS]  # all, once
        assert 3 in versions  # the memory tables
        assert again.list_entities() == memory.list_entities() == []
    finally:
        memory.close()
        again.close()


def test_a_transaction_that_fails_leaves_nothing(pg: PgMemory) -> None:
    with pytest.raises(RuntimeError), pg.transaction():
        save(pg)
        pg.create("ana", "# Ana\n")
        raise RuntimeError("boom")
    assert pg.list_entities() == [] and pg.user_text() is None
