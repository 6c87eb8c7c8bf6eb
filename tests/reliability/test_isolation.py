"""Item 9: another browser session cannot read, stream, decide or control someone's run.

The victim has runs parked at checkpoints (one started through the seed endpoint in a
named conversation, one failed so that ``retry`` applies). The attacker is another
browser (its own cookie) who knows the run ids and guesses the conversation names: every
door answers 404 with a JSON error, reveals nothing, and the victim's runs are unchanged.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.reliability.common import NO_LIMITS, read_log, state
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(90)

CONVERSATION = "victim-convo-1"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path_factory.mktemp("isolation"), **NO_LIMITS).start()
    yield proc
    proc.stop()


@pytest.fixture
async def victim(server: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=20) as c:
        yield c


@pytest.fixture
async def attacker(server: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=20) as c:
        await c.get("/api/runs")  # a session of its own
        yield c


async def parked_run(victim: httpx.AsyncClient) -> str:
    r = await victim.post(
        "/api/runs",
        json={"goal": "A secret acquisition plan", "max_iterations": 4, "checkpoint_interval": 2},
    )
    assert r.status_code == 201, r.text
    run_id: str = r.json()["run_id"]
    await read_log(victim, run_id, until=lambda e: e["type"] == "checkpoint_reached")
    return run_id


async def seed_run(victim: httpx.AsyncClient, conversation: str) -> str:
    """A run started the original page's way, in a named conversation, parked."""
    url = (
        "/api/execute-plan?goal=Another+secret&max_iterations=4&checkpoint_interval=2"
        f"&session_id={conversation}"
    )
    async with victim.stream("GET", url) as r:
        assert r.status_code == 200
        async for line in r.aiter_lines():
            if '"type":"checkpoint_reached"' in line:
                break
    runs = (await victim.get("/api/runs")).json()
    run_id: str = next(x["run_id"] for x in runs if x["goal"] == "Another secret")
    return run_id


def snapshot(view: dict[str, Any]) -> tuple[Any, ...]:
    return (view["status"], view["last_seq"], view["pending_checkpoint"], view["feedback"])


def assert_404(r: httpx.Response, secret: str = "secret") -> None:
    assert r.status_code == 404, (r.request.method, r.request.url, r.status_code, r.text[:200])
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]["code"] == "not_found"
    assert secret not in r.text.lower()


async def test_another_session_gets_404_at_every_door_of_a_run(
    victim: httpx.AsyncClient, attacker: httpx.AsyncClient
) -> None:
    run_id = await parked_run(victim)
    before = snapshot(await state(victim, run_id))
    doors: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", f"/api/runs/{run_id}", {}),
        ("GET", f"/api/runs/{run_id}/plan", {}),
        ("GET", f"/api/runs/{run_id}/events", {}),
        ("GET", f"/api/runs/{run_id}/events", {"headers": {"Last-Event-ID": "3"}}),
        ("GET", f"/api/runs/{run_id}/events?last_event_id=1", {}),
        ("POST", f"/api/runs/{run_id}/checkpoints/1", {"json": {"decision": "approve"}}),
        ("POST", f"/api/runs/{run_id}/checkpoints/1", {"json": {"decision": "reject"}}),
        ("POST", f"/api/runs/{run_id}/pause", {}),
        ("POST", f"/api/runs/{run_id}/resume", {}),
        ("POST", f"/api/runs/{run_id}/cancel", {}),
        ("POST", f"/api/runs/{run_id}/retry", {}),
    ]
    for method, url, kw in doors:
        assert_404(await attacker.request(method, url, **kw))
    listed = [x["run_id"] for x in (await attacker.get("/api/runs")).json()]
    assert run_id not in listed
    assert snapshot(await state(victim, run_id)) == before


async def test_an_ended_run_cannot_be_retried_by_another_session(
    victim: httpx.AsyncClient, attacker: httpx.AsyncClient
) -> None:
    run_id = await parked_run(victim)
    assert (await victim.post(f"/api/runs/{run_id}/cancel")).status_code == 200
    before = snapshot(await state(victim, run_id))
    for path in ("retry", "resume", "pause", "cancel"):
        assert_404(await attacker.post(f"/api/runs/{run_id}/{path}"))
    assert_404(await attacker.get(f"/api/runs/{run_id}/plan"))
    assert snapshot(await state(victim, run_id)) == before


@pytest.mark.parametrize("guess", [CONVERSATION, "null", "default", None])
async def test_seed_endpoints_with_a_guessed_session_id_reach_nothing(
    server: ServerProcess, victim: httpx.AsyncClient, attacker: httpx.AsyncClient, guess: str | None
) -> None:
    seed_id = await seed_run(victim, CONVERSATION)
    default_id = await parked_run(victim)  # the victim's default conversation
    before = [snapshot(await state(victim, r)) for r in (seed_id, default_id)]
    # EventSource reconnect: Last-Event-ID and the victim's conversation name
    query = "goal=x" + (f"&session_id={guess}" if guess is not None else "")
    for last in ("1", "0", "999"):
        r = await attacker.get(f"/api/execute-plan?{query}", headers={"Last-Event-ID": last})
        assert_404(r)
    # the original page's approval, with the guessed conversation
    for approved in (True, False):
        body: dict[str, Any] = {"checkpoint": 1, "approved": approved, "feedback": "mine now"}
        if guess is not None:
            body["session_id"] = guess
        assert_404(await attacker.post("/api/checkpoint-approval", json=body))
    assert [snapshot(await state(victim, r)) for r in (seed_id, default_id)] == before
    assert (await attacker.get("/api/runs")).json() == []


async def test_a_guessed_conversation_resumes_only_the_guessers_own_run(
    victim: httpx.AsyncClient, attacker: httpx.AsyncClient
) -> None:
    """Same conversation name in two sessions: each reconnect finds its own run."""
    victim_run = await seed_run(victim, CONVERSATION)
    mine = await seed_run_as(attacker, CONVERSATION)
    assert mine != victim_run
    url = f"/api/execute-plan?goal=x&session_id={CONVERSATION}"
    async with attacker.stream("GET", url, headers={"Last-Event-ID": "0"}) as r:
        assert r.status_code == 200
        async for line in r.aiter_lines():
            if line.startswith("data:"):
                assert f'"run_id":"{mine}"' in line and victim_run not in line
                break
    r = await attacker.post(
        "/api/checkpoint-approval", json={"session_id": CONVERSATION, "checkpoint": 1}
    )
    assert r.status_code == 200 and r.json()["run_id"] == mine
    view = await state(victim, victim_run)
    assert view["status"] == "awaiting_approval" and view["pending_checkpoint"] == 1


async def seed_run_as(client: httpx.AsyncClient, conversation: str) -> str:
    url = (
        "/api/execute-plan?goal=Attacker+plan&max_iterations=4&checkpoint_interval=2"
        f"&session_id={conversation}"
    )
    async with client.stream("GET", url) as r:
        assert r.status_code == 200
        async for line in r.aiter_lines():
            if '"type":"checkpoint_reached"' in line:
                break
    runs = (await client.get("/api/runs")).json()
    run_id: str = next(x["run_id"] for x in runs if x["goal"] == "Attacker plan")
    return run_id


async def test_agui_resume_of_someone_elses_interrupt_is_404(
    victim: httpx.AsyncClient, attacker: httpx.AsyncClient
) -> None:
    run_id = await parked_run(victim)
    before = snapshot(await state(victim, run_id))
    body = {
        "threadId": "t",
        "runId": "r2",
        "messages": [],
        "resume": [
            {
                "interruptId": f"checkpoint:{run_id}:1",
                "status": "resolved",
                "payload": {"decision": "approve"},
            }
        ],
    }
    r = await attacker.post("/api/agui", json=body, headers={"Accept": "text/event-stream"})
    assert_404(r)
    assert snapshot(await state(victim, run_id)) == before


@pytest.mark.parametrize(
    "cookie",
    [
        "planloop_session=" + "A" * 43,  # well-formed, guessed: a brand-new session
        "planloop_session=../../../etc/passwd",
        "planloop_session=" + "x" * 500,
        'planloop_session="; other=1',
        "planloop_session=",
    ],
)
async def test_forged_cookies_reach_no_one_elses_runs(
    server: ServerProcess, victim: httpx.AsyncClient, cookie: str
) -> None:
    run_id = await parked_run(victim)
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as forger:
        r = await forger.get(f"/api/runs/{run_id}", headers={"Cookie": cookie})
        assert_404(r)
        r = await forger.post(
            f"/api/runs/{run_id}/checkpoints/1",
            json={"decision": "approve"},
            headers={"Cookie": cookie},
        )
        assert_404(r)
    assert (await state(victim, run_id))["status"] == "awaiting_approval"
