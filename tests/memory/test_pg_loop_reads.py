"""The read a grounding makes, sent from the event loop on PostgreSQL (the memory's
:class:`~planloop.memory.postgres.connections.LoopPool`), against a real database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from planloop.memory import grounding
from planloop.memory.postgres.memory import PgMemory
from planloop.runtime import running
from planloop.settings import Settings
from tests.memory.test_pg_memory import counted_queries, make, terminated
from tests.memory.test_vault import save

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def pg(open_pg: Callable[..., PgMemory]) -> AsyncIterator[PgMemory]:
    memory = open_pg()
    yield memory
    await memory.aclose()  # in the test's loop, before the fixture closes the rest


async def test_a_grounding_read_from_the_loop_finds_what_a_thread_would(
    pg: PgMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same notes in the same order as the thread's read, and not one statement on the
    thread's pool (a query without terms reads the named notes there, as before)."""
    words = ["bakery", "lisbon", "flour", "ovens", "rent", "staff", "permits", "coffee"]
    for n in range(40):
        some = " ".join(words[(n + k) % len(words)] for k in range(1 + n % 4))
        make(pg, f"note{n % 5}_{n}", f"# note {n}\n\n{some}.\n")
    save(pg, goal="Open a bakery in Lisbon", plan="Flour and ovens")
    asked = [
        (["note3_3", "ghost", "../x"], "bakery lisbon flour", 20),
        ([], "ovens rent staff permits coffee", 20),
        (["note1_1"], "bakery", 3),
        ([], "nothing matches this", 20),
    ]
    for named, query, limit in asked:
        in_thread = pg.found_notes(named, query, limit)
        queries = counted_queries(pg, monkeypatch)
        on_loop = await pg.found_notes_async(named, query, limit)
        monkeypatch.undo()
        assert on_loop == in_thread, query
        assert queries == [], query  # sent on the loop's own connections
    assert pg.loop_pool.is_open
    queries = counted_queries(pg, monkeypatch)
    only_named = await pg.found_notes_async(["note0_0"], "the and", 20)  # no term
    assert [n.name for n in only_named] == ["note0_0"] and len(queries) == 1


async def test_the_grounding_of_a_goal_is_the_same_from_the_loop(pg: PgMemory) -> None:
    make(pg, "ana", "# Ana\n\ntype: person\n\nRuns the bakery in Lisbon.\n")
    make(pg, "ovens", "# Ovens\n\nDeck ovens for a bakery.\n")
    make(pg, "wedding", "# Wedding\n\nA wedding in Porto.\n")
    goal = "Open a bakery in Lisbon with Ana"
    chosen = await grounding.chosen_notes_async(pg, goal)
    assert chosen == grounding.chosen_notes(pg, goal)
    assert [n.name for n in chosen][:1] == ["ana"] and "wedding" not in {n.name for n in chosen}


async def test_a_loop_connection_the_server_closed_is_replaced(pg: PgMemory, pg_url: str) -> None:
    make(pg, "alfama", "# Alfama\n\nA quarter of Lisbon.\n")
    assert [n.name for n in await pg.found_notes_async([], "alfama", 5)] == ["alfama"]
    pool = pg.loop_pool._pool
    assert pool is not None
    async with pool.connection() as conn:
        pid = conn.info.backend_pid
    terminated(pg_url, pid)
    for _ in range(3):  # every connection the pool holds may be the closed one
        assert [n.name for n in await pg.found_notes_async([], "alfama", 5)] == ["alfama"]


async def test_the_loop_pool_belongs_to_the_loop_that_opened_it(pg: PgMemory) -> None:
    await pg.found_notes_async([], "alfama", 5)

    def elsewhere() -> None:
        with pytest.raises(RuntimeError, match="another event loop"):
            asyncio.run(pg.found_notes_async([], "alfama", 5))

    await asyncio.to_thread(elsewhere)


async def test_a_server_grounds_from_the_loop_and_closes_its_pool_at_shutdown(
    pg_admin_url: str, tmp_path: Path
) -> None:
    from tests.pg import create_database

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=create_database(pg_admin_url), memory_dir=str(tmp_path / "m")
    )
    async with running(settings, execute=False) as rt:
        memory = rt.spaces.space_for("someone")
        assert isinstance(memory, PgMemory)
        memory.create("alfama", "# Alfama\n\nA quarter of Lisbon.\n")
        grounded = await rt.engine.ground("someone", "Walk around Alfama in Lisbon", None)
        assert [n.name for n in grounded] == ["alfama"]
        loop_pool = memory.loop_pool
        assert loop_pool.is_open
    assert not loop_pool.is_open
