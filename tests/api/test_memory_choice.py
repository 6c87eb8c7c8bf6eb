"""Memory that helps and never leaks, over the API (in-process, a real store and memory):
automatic grounding uses related notes only, ``selected_entities: []`` means no memory,
notes are listed by readable title, and chat finds facts by field and notes by name."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.helpers import start_run
from tests.inprocess import finished_events, wait_status

pytestmark = [pytest.mark.timeout(60), pytest.mark.in_process]

GOAL = "Open a bakery in Alfama with Ana leading the opening"
ALFAMA = (
    "# Alfama\n\ntype: place\n\nThe premises we looked at in Alfama, Lisbon.\n\n## Facts\n\n"
    "- size: 60 m2\n- rent: EUR 2,400 a month\n"
)
ANA = "# Ana\n\ntype: person\n\nAna is a baker; she leads the opening.\n"


async def note(client: httpx.AsyncClient, name: str, markdown: str) -> None:
    r = await client.post("/api/memory/entities", json={"name": name, "markdown": markdown})
    assert r.status_code == 201, r.text


async def propose(client: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    r = await client.post("/api/proposals", json={"goal": GOAL, **body})
    assert r.status_code == 200, r.text
    memory: dict[str, Any] = r.json()["memory"]
    return memory


def memory_sources(state: dict[str, Any]) -> set[str]:
    return {dp["source"] for dp in state["data_points"] if dp["source"].startswith("memory:")}


async def test_absent_is_automatic_and_an_empty_selection_is_no_memory(
    client: httpx.AsyncClient,
) -> None:
    await note(client, "Alfama", ALFAMA)
    await note(client, "Ana", ANA)
    assert (await propose(client))["entities"] == ["Alfama", "Ana"]
    assert (await propose(client, selected_entities=None))["entities"] == ["Alfama", "Ana"]
    assert await propose(client, selected_entities=[]) == {
        "entities": [],
        "coverage": 0.0,
        "titles": [],
    }
    assert (await propose(client, selected_entities=["Ana"]))["entities"] == ["Ana"]
    # The original page's endpoint keeps its meaning: [] there is "nothing selected".
    seed = await client.post("/api/generate-proposal", json={"goal": GOAL, "selected_entities": []})
    assert seed.json()["entity_names"] == ["Alfama", "Ana"]


async def test_a_run_with_no_memory_is_grounded_on_nothing(client: httpx.AsyncClient) -> None:
    await note(client, "Alfama", ALFAMA)
    await note(client, "Ana", ANA)
    bare = await start_run(
        client, goal=GOAL, max_iterations=2, checkpoint_interval=2, selected_entities=[]
    )
    auto = await start_run(client, goal=GOAL, max_iterations=2, checkpoint_interval=2)
    await finished_events(client, bare)
    await finished_events(client, auto)
    bare_state = await wait_status(client, bare, "completed")
    auto_state = await wait_status(client, auto, "completed")
    assert bare_state["no_memory"] is True and bare_state["selected_entities"] == []
    assert memory_sources(bare_state) == set()
    assert "[[entities/Alfama.md]]" not in bare_state["plan"]
    assert auto_state["no_memory"] is False
    assert auto_state["selected_entities"] == ["Alfama", "Ana"]
    assert memory_sources(auto_state) >= {"memory:Alfama"}
    # The saved plan of the bare run links to no note.
    saved = bare_state["memory_entity"]
    entity = (await client.get(f"/api/memory/entities/{saved}")).json()
    assert entity["links_out"] == []


async def test_an_unrelated_old_plan_does_not_ground_a_new_goal(client: httpx.AsyncClient) -> None:
    old = await start_run(
        client,
        goal="Migrate our monolith to microservices by Q3, billing module first",
        max_iterations=1,
        checkpoint_interval=1,
    )
    await finished_events(client, old)
    marathon = "Train for my first marathon: a weekly training schedule, budget and team"
    r = await client.post("/api/proposals", json={"goal": marathon})
    assert r.json()["memory"] == {"entities": [], "coverage": 0.0, "titles": []}
    run = await start_run(client, goal=marathon, max_iterations=1, checkpoint_interval=1)
    await finished_events(client, run)
    state = await wait_status(client, run, "completed")
    assert state["selected_entities"] == [] and memory_sources(state) == set()
    assert "Q3" not in state["plan"] and "monolith" not in state["plan"].lower()


async def test_a_run_that_found_nothing_at_creation_keeps_that_for_its_life(
    client: httpx.AsyncClient,
) -> None:
    """Grounding is chosen when the run is created, none when nothing is related: a note
    written while it waits at a checkpoint does not ground the rest of it (it once searched
    memory again at every resume, a search on each approval and a plan that shifted)."""
    run = await start_run(client, goal=GOAL, max_iterations=2, checkpoint_interval=1)
    await wait_status(client, run, "awaiting_approval")
    await note(client, "Alfama", ALFAMA)  # related to the goal, written after it began
    r = await client.post(f"/api/runs/{run}/checkpoints/1", json={"decision": "approve"})
    assert r.status_code == 200, r.text
    await finished_events(client, run)
    state = await wait_status(client, run, "completed")
    assert state["selected_entities"] == [] and state["no_memory"] is False
    assert memory_sources(state) == set()
    assert "[[entities/Alfama.md]]" not in state["plan"]
    # A new run of the same goal finds the note.
    assert "Alfama" in (await propose(client))["entities"]


async def test_notes_are_listed_by_readable_title(client: httpx.AsyncClient) -> None:
    await note(client, "Ana", ANA)
    goal = "Open a small bakery in Alfama"
    run = await start_run(client, goal=goal, max_iterations=1, checkpoint_interval=1)
    await finished_events(client, run)
    saved = (await wait_status(client, run, "completed"))["memory_entity"]
    assert saved.startswith("plan_open_a_small_bakery")
    listed = {e["name"]: e for e in (await client.get("/api/memory/entities")).json()}
    assert listed[saved]["title"] == goal and listed[saved]["type"] == "plan"
    assert listed["Ana"]["title"] == "Ana"
    found = (await client.get("/api/memory/search", params={"q": "small bakery"})).json()
    assert {h["name"]: h["title"] for h in found["results"]}[saved] == goal
    assert (await client.get(f"/api/memory/entities/{saved}")).json()["title"] == goal


async def test_chat_finds_a_fact_by_its_field_and_a_person_by_name(
    client: httpx.AsyncClient,
) -> None:
    await note(client, "Alfama", ALFAMA)
    await note(client, "Ana", ANA)
    run = await start_run(
        client,
        goal="Budget the rent for a bakery in Alfama",
        max_iterations=1,
        checkpoint_interval=1,
    )
    await finished_events(client, run)  # a plan note that mentions rent and Alfama too
    reply = await client.post("/api/chat", json={"message": "What is the rent in Alfama?"})
    lines = reply.json()["reply"].splitlines()
    assert lines[2] == "- [[Alfama]]: “rent: EUR 2,400 a month”"
    reply = await client.post("/api/chat", json={"message": "Who is Ana?"})
    assert reply.json()["reply"].splitlines()[2] == (
        "- [[Ana]]: “Ana is a baker; she leads the opening.”"
    )
