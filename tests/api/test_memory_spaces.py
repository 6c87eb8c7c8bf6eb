"""Whose memory, over HTTP (issue 15, item 1), against a real server on either backend.

With API tokens configured every principal — each token, each browser session — has a
memory space of its own: no other principal can list, read, search, chat over, ground on,
edit or delete its notes, and a run's plan is saved in its owner's space. The shared space
(the memory folder itself) is reached only by the tokens ``PLANLOOP_SHARED_MEMORY`` names.
Without tokens (one person on a laptop) everyone shares the one memory, as before.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from planloop.identity import owner_of
from tests.api.test_memory_api import create, error, memory_in_database, search
from tests.helpers import run_until, start_run
from tests.reliability.common import NO_LIMITS
from tests.server import ServerProcess
from tests.sse import events

pytestmark = pytest.mark.timeout(90)

TOKENS = ("alice-token", "bob-token", "team-one", "team-two")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(
        tmp_path_factory.mktemp("spaces"),
        PLANLOOP_API_TOKENS=",".join(TOKENS),
        PLANLOOP_SHARED_MEMORY="team-one,team-two",
        **NO_LIMITS,
    ).start()
    yield proc
    proc.stop()


def as_token(server: ServerProcess, token: str) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.AsyncClient(base_url=server.url, timeout=20, headers=headers)


@pytest.fixture
async def alice(server: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with as_token(server, "alice-token") as c:
        yield c


@pytest.fixture
async def bob(server: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with as_token(server, "bob-token") as c:
        yield c


@pytest.fixture
async def team(server: ServerProcess) -> AsyncIterator[tuple[httpx.AsyncClient, ...]]:
    async with as_token(server, "team-one") as one, as_token(server, "team-two") as two:
        yield one, two


def space_folder(server: ServerProcess, token: str) -> Path:
    return server.workdir / "memory" / "spaces" / f"token-{owner_of(token)}"


async def names(client: httpx.AsyncClient, path: str = "/api/memory/entities") -> set[str]:
    r = await client.get(path)
    assert r.status_code == 200, r.text
    return {e["name"] for e in r.json()}


async def chat_stream(client: httpx.AsyncClient, message: str) -> dict[str, Any]:
    async with client.stream("POST", "/api/chat/stream", json={"message": message}) as r:
        assert r.status_code == 200, await r.aread()
        frames = [frame async for frame in events(r)]
    assert frames[-1].event == "chat_done", frames
    done: dict[str, Any] = frames[-1].json
    return done


async def sees_nothing_of(client: httpx.AsyncClient, name: str, words: str, secret: str) -> None:
    """Every door of the memory, as ``client``: nothing of note ``name`` shows."""
    assert name not in await names(client)
    assert name not in await names(client, "/api/entities")
    assert name not in await search(client, words)
    for q in ({}, {"q": words}):
        graph = (await client.get("/api/memory/graph", params=q)).json()
        assert name not in {e["name"] for e in graph["entities"]}
    assert error(await client.get(f"/api/memory/entities/{name}"), 404)["code"] == (
        "entity_not_found"
    )
    reply = (await client.post("/api/chat", json={"message": words})).json()["reply"]
    assert f"[[{name}]]" not in reply and secret not in reply
    done = await chat_stream(client, words)
    assert name not in done["sources"] and secret not in done["reply"]
    proposal = (await client.post("/api/proposals", json={"goal": words})).json()
    assert name not in proposal["memory"]["entities"]
    seed = (await client.post("/api/generate-proposal", json={"goal": words})).json()
    assert name not in seed["entity_names"]


async def test_another_token_cannot_see_search_chat_over_edit_or_delete_a_note(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    made = await create(
        alice, name="sp_secret", markdown="# Secret\n\nQuokka acquisition budget: 9,417.\n"
    )
    words = "What is the quokka acquisition budget?"
    await sees_nothing_of(bob, "sp_secret", words, "9,417")
    put = await bob.put("/api/memory/entities/sp_secret", json={"markdown": "# mine\n"})
    assert error(put, 404)["code"] == "entity_not_found"
    assert error(await bob.delete("/api/memory/entities/sp_secret"), 404)
    chosen = {"goal": "Plan the quokka acquisition", "selected_entities": ["sp_secret"]}
    assert error(await bob.post("/api/proposals", json=chosen), 422)
    assert error(await bob.post("/api/runs", json=chosen), 422)
    # the same name is free in bob's own space, and his note is not alice's
    await create(bob, name="sp_secret", markdown="# Bob's\n\nNothing about quokkas.\n")
    mine = (await alice.get("/api/memory/entities/sp_secret")).json()
    assert mine["version"] == made["version"] and "9,417" in mine["markdown"]
    assert "sp_secret" in await search(alice, "quokka acquisition")
    reply = (await alice.post("/api/chat", json={"message": words})).json()["reply"]
    assert "[[sp_secret]]" in reply and "9,417" in reply


async def test_a_runs_plan_lands_in_its_owners_space_only(
    alice: httpx.AsyncClient,
    bob: httpx.AsyncClient,
    team: tuple[httpx.AsyncClient, ...],
    server: ServerProcess,
) -> None:
    goal = "Plan a quixotic zeppelin tour of the fjords"
    run_id = await start_run(alice, goal=goal, max_iterations=1, checkpoint_interval=1)
    final = next(e for e in await run_until(alice, run_id, "complete") if e["type"] == "final_plan")
    entity = final["memory_entity"]
    plans = (await alice.get("/api/memory/plans")).json()
    assert any(p["name"] == entity and p["run_id"] == run_id for p in plans)
    for other in (bob, *team):
        assert error(await other.get(f"/api/runs/{run_id}"), 404)
        listed = (await other.get("/api/memory/plans")).json()
        assert all(p["run_id"] != run_id and goal not in p["goal"] for p in listed)
        await sees_nothing_of(other, entity, goal, run_id)
    if not memory_in_database():
        assert (space_folder(server, "alice-token") / "entities" / f"{entity}.md").is_file()
        assert not (server.workdir / "memory" / "entities" / f"{entity}.md").exists()
    # a plan handed over by the original page goes to the sender's space as well
    saved = await bob.post("/api/save-entity", json={"goal": "Bob's goal", "plan_content": "x"})
    bobs = saved.json()["entity_name"]
    assert bobs in await names(bob) and bobs not in await names(alice)


async def test_grounding_never_uses_another_principals_notes(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    await create(
        bob, name="gr_bob_market", markdown="# Market\n\nGelato kiosk count in Porto: 40.\n"
    )
    goal = "Open a gelato kiosk in Porto with vegan flavours"
    assert (await bob.post("/api/proposals", json={"goal": goal})).json()["memory"]["entities"] == [
        "gr_bob_market"
    ]
    proposal = (await alice.post("/api/proposals", json={"goal": goal})).json()
    assert proposal["memory"] == {"entities": [], "coverage": 0.0, "titles": []}
    run_id = await start_run(alice, goal=goal, max_iterations=2, checkpoint_interval=1)
    events_ = await run_until(alice, run_id, "checkpoint_reached")
    state = (await alice.get(f"/api/runs/{run_id}")).json()
    assert state["selected_entities"] == []
    sources = [
        p["source"] for e in events_ if e["type"] == "iteration_completed" for p in e["data_points"]
    ]
    assert not any("gr_bob_market" in s for s in sources)
    await alice.post(f"/api/runs/{run_id}/cancel")
    # alice's own note of the kind grounds hers
    await create(alice, name="gr_alice_market", markdown="# Mine\n\nGelato kiosk in Porto.\n")
    proposal = (await alice.post("/api/proposals", json={"goal": goal})).json()
    assert proposal["memory"]["entities"] == ["gr_alice_market"]


async def test_cookie_sessions_have_spaces_of_their_own_not_the_shared_one(
    server: ServerProcess, team: tuple[httpx.AsyncClient, ...]
) -> None:
    one, _ = team
    await create(one, name="ck_team_note", markdown="# Team\n\nWombat logistics plan.\n")
    async with (
        httpx.AsyncClient(base_url=server.url, timeout=20) as first,
        httpx.AsyncClient(base_url=server.url, timeout=20) as second,
    ):
        await create(first, name="ck_first", markdown="# First\n\nNumbat survey results.\n")
        await sees_nothing_of(second, "ck_first", "numbat survey results", "Numbat")
        await sees_nothing_of(first, "ck_team_note", "wombat logistics plan", "Wombat")
        assert "ck_first" in await search(first, "numbat survey")
    async with httpx.AsyncClient(base_url=server.url, timeout=20) as nobody:  # no cookie yet
        for _ in range(3):
            nobody.cookies.clear()
            assert not {"ck_first", "ck_team_note"} & await names(nobody)


async def test_the_shared_space_is_for_the_tokens_the_setting_names(
    alice: httpx.AsyncClient, team: tuple[httpx.AsyncClient, ...], server: ServerProcess
) -> None:
    one, two = team
    made = await create(one, name="sh_team", markdown="# Team\n\nCapybara roadmap.\n")
    seen = (await two.get("/api/memory/entities/sh_team")).json()
    assert seen["version"] == made["version"]
    assert "sh_team" in await search(two, "capybara roadmap")
    edited = await two.put(
        "/api/memory/entities/sh_team",
        json={"markdown": "# Team\n\nCapybara roadmap, v2.\n", "base_version": seen["version"]},
    )
    assert edited.status_code == 200, edited.text
    await sees_nothing_of(alice, "sh_team", "capybara roadmap", "Capybara")
    if not memory_in_database():  # the shared space is the memory folder itself
        note = server.workdir / "memory" / "entities" / "sh_team.md"
        assert note.read_text(encoding="utf-8") == "# Team\n\nCapybara roadmap, v2.\n"


async def test_requests_that_only_look_leave_no_space_behind(server: ServerProcess) -> None:
    spaces = server.workdir / "memory" / "spaces"
    before = sorted(p.name for p in spaces.iterdir()) if spaces.exists() else []
    for _ in range(20):
        async with httpx.AsyncClient(base_url=server.url, timeout=20) as visitor:
            for path in ("/api/memory/entities", "/api/entities", "/api/memory/plans"):
                assert (await visitor.get(path)).status_code == 200
            assert (await visitor.get("/api/memory/search", params={"q": "x y z"})).status_code
            assert (await visitor.post("/api/chat", json={"message": "hi"})).status_code == 200
            assert (await visitor.post("/api/proposals", json={"goal": "A goal"})).status_code
    after = sorted(p.name for p in spaces.iterdir()) if spaces.exists() else []
    assert after == before


# -- without tokens: one person, one memory (as before) ------------------------------------------


@pytest.fixture(scope="module")
def laptop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path_factory.mktemp("laptop"), **NO_LIMITS).start()
    yield proc
    proc.stop()


async def test_without_tokens_every_session_is_the_one_person(laptop: ServerProcess) -> None:
    async with (
        httpx.AsyncClient(base_url=laptop.url, timeout=20) as browser,
        httpx.AsyncClient(base_url=laptop.url, timeout=20) as other_browser,
    ):
        await create(browser, name="lp_note", markdown="# Laptop\n\nAardvark notes.\n")
        assert "lp_note" in await search(other_browser, "aardvark notes")
        run_id = await start_run(
            browser, goal="Plan an aardvark exhibition", max_iterations=1, checkpoint_interval=1
        )
        done = await run_until(browser, run_id, "complete")
        entity = next(e for e in done if e["type"] == "final_plan")["memory_entity"]
        assert entity in await names(other_browser)
    if not memory_in_database():
        assert (laptop.workdir / "memory" / "entities" / f"{entity}.md").is_file()
        assert not (laptop.workdir / "memory" / "spaces").exists()


def test_turning_tokens_on_over_a_used_memory_says_whose_it_is(tmp_path: Path) -> None:
    proc = ServerProcess(tmp_path, PLANLOOP_API_TOKENS="alice-token")
    if memory_in_database():
        from planloop.memory.postgres.memory import PgMemory

        memory: Any = PgMemory(proc.env["PLANLOOP_DATABASE_URL"], max_size=1)
    else:
        from planloop.memory import Vault

        memory = Vault(tmp_path / "memory")
    memory.create("before_tokens", "# Before\n\nA note from the laptop days.\n")
    memory.close()
    try:
        proc.start()
    finally:
        proc.stop()
    log = proc.log_path.read_text()
    assert "shared memory's 1 notes are used by no one" in log
    assert "PLANLOOP_SHARED_MEMORY" in log
