"""``POST /api/chat/stream`` over a real server: a scripted model, then the offline planner."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.api.test_model_runs import model_env
from tests.fakes.openai_server import Answer, Fail, ScriptedServer, Stall
from tests.server import ServerProcess
from tests.sse import Frame, events

pytestmark = pytest.mark.timeout(60)

REPLY = (
    "Your notes say the Alfama shop rents for EUR 2,100 a month [[tagus_bakery]]; "
    "nothing in them covers the lease length.\n\nSources: tagus_bakery, wikipedia"
)


@pytest.fixture(scope="module")
def llm() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def model_server(
    llm: ScriptedServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path_factory.mktemp("chat-model"), **model_env(llm)).start()
    yield proc
    proc.stop()


@pytest.fixture
async def mc(model_server: ServerProcess, llm: ScriptedServer) -> AsyncIterator[httpx.AsyncClient]:
    llm.reset()
    async with httpx.AsyncClient(base_url=model_server.url, timeout=10) as c:
        yield c


async def chat(c: httpx.AsyncClient, message: str, **extra: Any) -> list[Frame]:
    """The whole stream's events; the stream must end by itself."""
    async with c.stream("POST", "/api/chat/stream", json={"message": message, **extra}) as r:
        assert r.status_code == 200, await r.aread()
        assert r.headers["content-type"].startswith("text/event-stream")
        return [frame async for frame in events(r)]


def kinds(frames: list[Frame]) -> list[str | None]:
    return [f.event for f in frames]


async def create_note(c: httpx.AsyncClient, name: str, *facts: str) -> None:
    r = await c.post("/api/memory/entities", json={"name": name, "observations": list(facts)})
    assert r.status_code == 201, r.text


# -- with a model ------------------------------------------------------------------------------


async def test_deltas_arrive_then_done_with_their_concatenation(
    mc: httpx.AsyncClient, llm: ScriptedServer
) -> None:
    text = "Start with the oven, then the lease. " * 12
    llm.script(Answer(text, chunks=60, pause_s=0.02))  # ~1.2 s of writing
    frames = await chat(mc, "What should I do first?")
    assert kinds(frames)[-1] == "chat_done"
    deltas = [f.json for f in frames[:-1]]
    assert len(deltas) >= 3 and {d["type"] for d in deltas} == {"chat_delta"}
    done = frames[-1].json
    assert done["type"] == "chat_done" and done["session_id"] == "default"
    assert done["reply"] == "".join(d["delta"] for d in deltas) == text
    assert done["sources"] == []
    [request] = llm.chats
    assert "response_format" not in request.body and request.body["stream"] is True


async def test_the_answer_is_grounded_in_memory_and_names_its_sources(
    mc: httpx.AsyncClient, llm: ScriptedServer
) -> None:
    await create_note(mc, "tagus_bakery", "rent: EUR 2,100 a month in Alfama")
    await create_note(mc, "garden_notes", "tomatoes: plant in May")
    llm.script(Answer(REPLY, chunks=12))
    frames = await chat(mc, "What is the rent in Alfama?", session_id="lisbon-1")
    done = frames[-1].json
    assert done["reply"] == REPLY
    assert done["sources"] == ["tagus_bakery"]  # "wikipedia" is no note of ours
    assert done["session_id"] == "lisbon-1"
    [request] = llm.chats
    user, system = request.content("user"), request.content("system")
    assert '<memory entity="tagus_bakery">' in user and "EUR 2,100" in user
    assert '<question>"What is the rent in Alfama?"</question>' in user
    assert "garden_notes" not in user  # only notes that match the question
    assert "2,100" not in system and "Alfama" not in system and "tagus" not in system


async def test_a_model_that_is_down_ends_the_stream_with_an_error(
    mc: httpx.AsyncClient, llm: ScriptedServer
) -> None:
    llm.always(Fail(500))
    frames = await chat(mc, "Anyone there?")
    assert kinds(frames) == ["error"]
    error = frames[0].json
    assert error["code"] == "model_unavailable" and "500" in error["message"]
    assert error["error"] == error["message"]
    assert len(llm.chats) == 2  # the SDK's one retry, then the error


async def test_an_empty_answer_is_model_output_invalid(
    mc: httpx.AsyncClient, llm: ScriptedServer
) -> None:
    llm.script(Answer(""))
    frames = await chat(mc, "Say nothing")
    assert kinds(frames) == ["error"] and frames[0].json["code"] == "model_output_invalid"


async def test_a_client_that_leaves_aborts_the_model_call(
    mc: httpx.AsyncClient, llm: ScriptedServer
) -> None:
    llm.script(Stall("I was about to say"))
    async with mc.stream("POST", "/api/chat/stream", json={"message": "Go on"}) as r:
        async for frame in events(r):
            assert frame.event == "chat_delta"
            break
    assert await asyncio.to_thread(llm.disconnected.wait, 5)


async def test_the_stream_is_guarded_like_every_post(mc: httpx.AsyncClient) -> None:
    url = "/api/chat/stream"
    cross = await mc.post(url, json={"message": "hi"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403 and cross.json()["error"]["code"] == "cross_site_request"
    origin = await mc.post(url, json={"message": "hi"}, headers={"Origin": "http://evil.test"})
    assert origin.status_code == 403
    plain = await mc.post(url, content=b'{"message": "hi"}', headers={"Content-Type": "text/plain"})
    assert plain.status_code == 415
    empty = await mc.post(url, json={"message": ""})
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "invalid_request"
    bad = await mc.post(url, json={"message": "hi", "session_id": "../x"})
    assert bad.status_code == 422


# -- with the offline planner ------------------------------------------------------------------


async def test_offline_chat_answers_from_memory_and_says_conversation_needs_a_model(
    client: httpx.AsyncClient,
) -> None:
    await create_note(client, "stream_oven", "oven budget: EUR 12,500 for a deck oven")
    frames = await chat(client, "What was the oven budget?")
    assert kinds(frames) == ["chat_delta", "chat_done"]
    done = frames[-1].json
    assert done["reply"] == frames[0].json["delta"]
    assert "[[stream_oven]]" in done["reply"] and "EUR 12,500 for a deck oven" in done["reply"]
    assert "Free conversation needs a language model" in done["reply"]
    assert done["sources"] == ["stream_oven"]
    # the original JSON endpoint gives the same answer, in its own shape
    r = await client.post("/api/chat", json={"message": "What was the oven budget?"})
    assert r.json()["reply"] == done["reply"] and r.json()["status"] == "success"


async def test_offline_chat_with_nothing_in_memory_says_so(client: httpx.AsyncClient) -> None:
    frames = await chat(client, "Tell me a joke about zeppelins")
    done = frames[-1].json
    assert "Nothing in memory matches" in done["reply"] and done["sources"] == []
    assert "Free conversation needs a language model" in done["reply"]
