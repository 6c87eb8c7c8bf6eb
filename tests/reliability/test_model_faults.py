"""Item 3: model faults through the whole server — bounded attempts, a clear error, retryable.

A real planloop server (PLANLOOP_PLANNER=openai, the real ``openai`` SDK) talks to a
scripted OpenAI-compatible server that misbehaves in every way a model endpoint does:
rate limits (429), server errors (500), no answer at all (a timeout before the headers),
a stream that goes silent mid-answer, a stream that stops without a finish reason
(cleanly or by dropping the connection), an answer that is not the JSON asked for, and a
stream event that is not JSON. Each time the run fails after a bounded number of model
calls with one ``error`` event and ``complete(failed)``, nothing keeps executing, and
``POST /api/runs/{id}/retry`` — once the model behaves — finishes the run from the
iteration that failed, keeping the ones before it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response

from tests.api.test_model_runs import PROPOSAL, iteration
from tests.fakes.openai_server import Answer, Cut, Fail, ScriptedServer, Stall
from tests.reliability.common import NO_LIMITS, check_log, eventually, health, read_log, state
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(90)

TIMEOUT_S = 1  # the model's read timeout in these servers
RETRIES = 1  # the SDK's retries: two attempts per call at most


@dataclass(frozen=True)
class Hang:
    """Take the request and answer nothing, not even the headers, until the client leaves."""


@dataclass(frozen=True)
class Garbage:
    """A 200 event stream whose event is not JSON."""

    body: str = 'data: {"id": "chatcmpl-1", "choices": [{"delta": {"content": "x"\n\n'


class FaultyModel(ScriptedServer):
    """The scripted server, plus two replies it lacks: Hang and Garbage."""

    async def _chat(self, request: Request) -> Response:
        with self._lock:
            head = self._queue[0] if self._queue else self._default
        if not isinstance(head, Hang | Garbage):
            return await super()._chat(request)
        body = await request.json()
        self._record(request, body)
        self._next()
        if isinstance(head, Garbage):
            return Response(head.body, media_type="text/event-stream")
        while not await request.is_disconnected():
            await asyncio.sleep(0.05)
        self.disconnected.set()
        return Response(status_code=499)


@pytest.fixture(scope="module")
def llm() -> Iterator[FaultyModel]:
    server = FaultyModel().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def model_server(
    llm: FaultyModel, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    env = {
        "PLANLOOP_PLANNER": "openai",
        "OPENAI_BASE_URL": llm.url,
        "PLANLOOP_MODEL": "test-model",
        "PLANLOOP_MODEL_STAGES": "draft,revise",
        "PLANLOOP_MODEL_TIMEOUT_S": str(TIMEOUT_S),
        "PLANLOOP_MODEL_MAX_RETRIES": str(RETRIES),
        **NO_LIMITS,
    }
    proc = ServerProcess(tmp_path_factory.mktemp("faults"), **env).start()
    yield proc
    proc.stop()


@pytest.fixture
async def mc(model_server: ServerProcess, llm: FaultyModel) -> AsyncIterator[httpx.AsyncClient]:
    llm.reset()
    async with httpx.AsyncClient(base_url=model_server.url, timeout=30) as c:
        yield c
    llm.reset()


# fault, the model calls it may take (bounded), the error message's telling words
FAULTS: dict[str, tuple[Any, int, str, str]] = {
    "429": (Fail(429, "rate limited"), RETRIES + 1, "model_unavailable", "HTTP 429"),
    "500": (Fail(500, "boom"), RETRIES + 1, "model_unavailable", "HTTP 500"),
    "timeout": (Hang(), RETRIES + 1, "model_unavailable", "did not answer within"),
    "stalls-mid-stream": (Stall('{"plan": "## Sco'), 1, "model_unavailable", "stopped sending"),
    "stops-mid-stream": (Cut('{"plan": "## Sco'), 1, "model_unavailable", "before it was"),
    "connection-drops-mid-stream": (
        Cut('{"plan": "## Sco', abrupt=True),
        1,
        "model_unavailable",
        "mid-answer",
    ),
    "invalid-json": (Answer("this is not json"), 2, "model_output_invalid", "usable output"),
    "stream-event-not-json": (Garbage(), 1, "model_unavailable", "malformed"),
}


async def finish(c: httpx.AsyncClient, run_id: str, after: int = 0) -> list[dict[str, Any]]:
    """Read to ``complete``; a hang fails here instead of waiting for the test timeout."""
    async with asyncio.timeout(45):
        return await read_log(c, run_id, after=after)


@pytest.mark.parametrize("fault", list(FAULTS))
async def test_a_model_fault_fails_the_run_cleanly_and_retry_finishes_it(
    mc: httpx.AsyncClient, llm: FaultyModel, model_server: ServerProcess, fault: str
) -> None:
    reply, attempts, code, words = FAULTS[fault]
    good = Answer(iteration(1))
    llm.script(good, good)  # iteration 1: draft and revise go well
    llm.always(reply)  # iteration 2: the fault, every time
    run_id = await start(mc)
    log = await finish(mc, run_id)
    errors = [e for e in log if e["type"] == "error"]
    assert len(errors) == 1, errors
    error = errors[0]
    assert error["code"] == code, error
    assert words in error["message"] and error["error"] == error["message"], error["message"]
    assert log[-1] == {**log[-1], "type": "complete", "status": "failed"}
    assert [e["iteration"] for e in log if e["type"] == "iteration_completed"] == [1]
    # bounded: iteration 1's two calls, then at most `attempts` for the failing one
    assert len(llm.chats) == 2 + attempts, [r.path for r in llm.chats]
    view = await state(mc, run_id)
    assert view["status"] == "failed" and view["error"]["code"] == code
    assert view["iteration"] == 1

    async def idle() -> bool:
        return (await health(model_server.url))["executing"] == 0

    assert await eventually(idle, timeout=10), "a failed run is still executing"
    # the model behaves again: retry continues at iteration 2, iteration 1 kept
    llm.reset()
    llm.always(Answer(iteration(2)))
    r = await mc.post(f"/api/runs/{run_id}/retry")
    assert r.status_code == 200, r.text
    rest = await finish(mc, run_id, after=log[-1]["seq"])
    assert rest[0]["type"] == "run_resumed" and rest[0]["iteration"] == 1
    assert [e["iteration"] for e in rest if e["type"] == "iteration_completed"] == [2]
    assert rest[-1]["status"] == "completed"
    assert len(llm.chats) == 2  # draft and revise of iteration 2, nothing repeated
    full = await read_log(mc, run_id, until_seq=rest[-1]["seq"])
    check_log(full)
    assert [e["type"] for e in full].count("complete") == 2  # failed, then completed
    view = await state(mc, run_id)
    assert view["status"] == "completed" and view["error"] is None
    assert [i["iteration"] for i in view["iterations"]] == [1, 2]
    assert (await mc.post(f"/api/runs/{run_id}/retry")).status_code == 409


@pytest.mark.parametrize(
    ("fault", "status"),
    [("429", 503), ("500", 503), ("timeout", 503)],
)
async def test_a_model_fault_during_a_proposal_is_a_json_error_with_retry_after(
    mc: httpx.AsyncClient, llm: FaultyModel, fault: str, status: int
) -> None:
    reply, attempts, code, _ = FAULTS[fault]
    llm.always(reply)
    async with asyncio.timeout(30):
        r = await mc.post("/api/proposals", json={"goal": "Open a bakery in Lisbon"})
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code and r.json()["error"]["message"]
    assert "retry-after" in r.headers
    assert len(llm.chats) == attempts
    # and nothing was started by the failed proposal
    assert (await mc.get("/api/runs")).json() == []


async def test_a_proposal_the_model_cannot_make_is_the_offline_planners_labelled(
    mc: httpx.AsyncClient, llm: FaultyModel
) -> None:
    """Invalid twice (one repair) is not an outage: the person still gets a proposal."""
    llm.always(Answer("this is not json"))
    async with asyncio.timeout(30):
        r = await mc.post("/api/proposals", json={"goal": "Open a bakery in Lisbon"})
    assert r.status_code == 200, r.text
    assert r.json()["approach"].startswith("Fallback proposal: the model")
    assert r.json()["frameworks"] and len(llm.chats) == 2
    assert (await mc.get("/api/runs")).json() == []


async def test_a_run_that_keeps_failing_can_be_retried_again(
    mc: httpx.AsyncClient, llm: FaultyModel
) -> None:
    """Retry while the model is still down: a second clean failure, then success."""
    llm.always(Fail(500))
    run_id = await start(mc)
    first = await finish(mc, run_id)
    assert first[-1]["status"] == "failed"
    assert (await mc.post(f"/api/runs/{run_id}/retry")).status_code == 200
    second = await finish(mc, run_id, after=first[-1]["seq"])
    kinds = [e["type"] for e in second]
    assert kinds[:2] == ["run_resumed", "iteration_started"] and kinds[-2:] == ["error", "complete"]
    assert second[-1]["status"] == "failed"
    llm.reset()
    llm.always(Answer(iteration(3)))
    assert (await mc.post(f"/api/runs/{run_id}/retry")).status_code == 200
    third = await finish(mc, run_id, after=second[-1]["seq"])
    assert third[-1]["status"] == "completed"
    full = await read_log(mc, run_id, until_seq=third[-1]["seq"])
    check_log(full)
    assert [e["iteration"] for e in full if e["type"] == "iteration_completed"] == [1, 2]


async def start(c: httpx.AsyncClient) -> str:
    body = {"goal": "Open a bakery in Lisbon", "proposal": PROPOSAL}
    r = await c.post("/api/runs", json={**body, "max_iterations": 2, "checkpoint_interval": 2})
    assert r.status_code == 201, r.text
    run_id: str = r.json()["run_id"]
    return run_id


async def test_a_fresh_stream_of_a_retried_run_reaches_its_real_end(
    mc: httpx.AsyncClient, llm: FaultyModel
) -> None:
    """Found by this battery: after ``POST /retry`` the failed run's ``complete`` is no
    longer its last event (GUIDE §2: ``complete`` is the last event of every run), yet a
    stream read from the start still ends there. A page reloaded on a retried run — which
    reads its events from seq 0 and closes at ``complete`` — shows it as failed forever,
    although it went on and completed."""
    llm.always(Fail(500))
    run_id = await start(mc)
    first = await finish(mc, run_id)
    assert first[-1]["status"] == "failed"
    llm.reset()
    llm.always(Answer(iteration(2)))
    assert (await mc.post(f"/api/runs/{run_id}/retry")).status_code == 200
    rest = await finish(mc, run_id, after=first[-1]["seq"])
    assert rest[-1]["status"] == "completed"
    fresh = await finish(mc, run_id)  # what EventSource reads after a reload
    assert (fresh[-1]["seq"], fresh[-1]["status"]) == (rest[-1]["seq"], "completed"), (
        f"a fresh stream ends at seq {fresh[-1]['seq']} ({fresh[-1].get('status')}); "
        f"the run's last event is seq {rest[-1]['seq']} (completed)"
    )
