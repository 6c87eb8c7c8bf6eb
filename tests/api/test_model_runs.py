"""Runs planned by a language model: the real server, the real `openai` SDK, a scripted model."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fakes.openai_server import Answer, Fail, ScriptedServer, Stall
from tests.helpers import run_until, start_run
from tests.server import ServerProcess, free_port
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(60)

PROPOSAL = {
    "approach": "Budget first, then location.",
    "frameworks": [{"id": "swot", "title": "SWOT"}, {"id": "kpis", "title": "KPIs"}],
    "max_iterations": 4,
    "checkpoint_interval": 2,
}


def iteration(n: int = 1, **override: Any) -> str:
    data: dict[str, Any] = {
        "frameworks_applied": [{"id": "swot", "title": "SWOT"}],
        "data_points": [{"label": f"Cost {n}", "value": f"EUR {n},000", "source": "model"}],
        "plan": f"## Scope\nA bakery.\n\n## Budget v{n}\n- Oven: EUR 12,000\n",
        "summary": f"Revision {n}.",
        "key_finding": f"Finding number {n}.",
    }
    data.update(override)
    return json.dumps(data)


@pytest.fixture(scope="module")
def llm() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    yield server
    server.stop()


def model_env(llm: ScriptedServer, **extra: str) -> dict[str, str]:
    return {
        "PLANLOOP_PLANNER": "openai",
        "OPENAI_BASE_URL": llm.url,
        "PLANLOOP_MODEL": "test-model",
        "PLANLOOP_MODEL_STAGES": "draft,revise",
        "PLANLOOP_MODEL_TIMEOUT_S": "2",
        "PLANLOOP_MODEL_MAX_RETRIES": "1",
        **extra,
    }


@pytest.fixture(scope="module")
def model_server(
    llm: ScriptedServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path_factory.mktemp("model"), **model_env(llm)).start()
    yield proc
    proc.stop()


@pytest.fixture
async def mc(model_server: ServerProcess, llm: ScriptedServer) -> Any:
    llm.reset()
    async with httpx.AsyncClient(base_url=model_server.url, timeout=10) as c:
        yield c


async def test_model_run_streams_stages_usage_and_feedback(
    mc: httpx.AsyncClient, llm: ScriptedServer
) -> None:
    llm.always(Answer(iteration(1), chunks=40, prompt_tokens=100, completion_tokens=40))
    run_id = await start_run(mc, proposal=PROPOSAL)
    first = await run_until(mc, run_id, "checkpoint_reached")
    stages = {e.get("stage") for e in first if e["type"] == "iteration_progress"}
    assert {"draft", "revise"} <= stages
    deltas = [e for e in first if e["type"] == "iteration_progress" and e.get("delta")]
    assert deltas and all(isinstance(e["tokens"], int) for e in deltas)
    done = [e for e in first if e["type"] == "iteration_completed"]
    assert [e["usage"] for e in done] == [{"prompt_tokens": 200, "completion_tokens": 80}] * 2
    assert first[-1]["improvements"]["key_discovery"] == "Finding number 1."
    llm.reset()
    llm.always(Answer(iteration(2), prompt_tokens=100, completion_tokens=40))
    await mc.post(
        f"/api/runs/{run_id}/checkpoints/1",
        json={"decision": "approve", "feedback": "Prefer a <b>Lisbon</b> shop"},
    )
    rest = await run_until(mc, run_id, "complete", after=first[-1]["seq"])
    final = next(e for e in rest if e["type"] == "final_plan")
    assert final["usage"] == {"prompt_tokens": 800, "completion_tokens": 320}
    # the feedback reached the model as delimited data in the user message, never as system
    user = llm.chats[0].content("user")
    assert "Lisbon" in user and "feedback" in user
    assert "Lisbon" not in llm.chats[0].content("system")


async def test_a_run_that_states_its_approach_asks_the_model_for_no_proposal(
    mc: httpx.AsyncClient, llm: ScriptedServer
) -> None:
    llm.always(Answer(iteration(1)))
    text = "Bake first, then sell: a weekly market stall before the shop."
    run_id = await start_run(mc, proposal=text, max_iterations=1, checkpoint_interval=1)
    log = await run_until(mc, run_id, "complete")
    assert log[-1]["status"] == "completed"
    assert len(llm.chats) == 2  # the iteration's draft and revision, no proposal call
    assert all("propose how to plan" not in r.content("system") for r in llm.chats)
    assert "weekly market stall" in llm.chats[0].content("user")
    state = (await mc.get(f"/api/runs/{run_id}")).json()
    assert state["proposal"]["approach"].startswith("Stated with the run")


async def test_invalid_output_fails_the_iteration_then_retry_continues(
    mc: httpx.AsyncClient, llm: ScriptedServer
) -> None:
    good = Answer(iteration(1))
    llm.script(good, good, Answer("not json at all"), Answer("{still not json"))
    run_id = await start_run(mc, proposal=PROPOSAL, max_iterations=2, checkpoint_interval=2)
    log = await run_until(mc, run_id, "complete")
    error = next(e for e in log if e["type"] == "error")
    assert error["code"] == "model_output_invalid" and log[-1]["status"] == "failed"
    state = (await mc.get(f"/api/runs/{run_id}")).json()
    assert state["status"] == "failed" and state["iteration"] == 1
    assert state["error"]["code"] == "model_output_invalid"
    llm.always(Answer(iteration(2)))
    r = await mc.post(f"/api/runs/{run_id}/retry")
    assert r.status_code == 200, r.text
    rest = await run_until(mc, run_id, "complete", after=log[-1]["seq"])
    assert rest[0]["type"] == "run_resumed" and rest[0]["iteration"] == 1
    assert [e["iteration"] for e in rest if e["type"] == "iteration_completed"] == [2]
    assert rest[-1]["status"] == "completed"
    state = (await mc.get(f"/api/runs/{run_id}")).json()
    assert [i["iteration"] for i in state["iterations"]] == [1, 2]  # nothing lost
    assert (await mc.post(f"/api/runs/{run_id}/retry")).status_code == 409


async def test_model_down_fails_cleanly_and_proposals_say_503(
    mc: httpx.AsyncClient, llm: ScriptedServer
) -> None:
    llm.always(Fail(500))
    run_id = await start_run(mc, proposal=PROPOSAL)
    log = await run_until(mc, run_id, "complete")
    error = next(e for e in log if e["type"] == "error")
    assert error["code"] == "model_unavailable" and "500" in error["message"]
    assert len(llm.chats) == 2  # one SDK retry (max_retries=1), no second retry layer
    r = await mc.post("/api/proposals", json={"goal": "Open a bakery"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "model_unavailable"
    assert "retry-after" in r.headers


async def test_cancel_aborts_the_model_call_in_flight(
    mc: httpx.AsyncClient, llm: ScriptedServer
) -> None:
    llm.script(Stall("partial answer"))
    run_id = await start_run(mc, proposal=PROPOSAL)
    await run_until(mc, run_id, "iteration_started")
    await wait_for(lambda: llm.chats)  # the model call is in flight (streaming, then silent)
    assert (await mc.post(f"/api/runs/{run_id}/cancel")).status_code == 200
    assert await asyncio.to_thread(llm.disconnected.wait, 5)
    log = await run_until(mc, run_id, "complete")
    assert log[-1]["status"] == "cancelled"


async def test_token_cap_stops_the_run(llm: ScriptedServer, tmp_path: Path) -> None:
    llm.reset()
    llm.always(Answer(iteration(1), prompt_tokens=100, completion_tokens=20))
    proc = ServerProcess(tmp_path, **model_env(llm, PLANLOOP_MAX_RUN_TOKENS="300")).start()
    try:
        async with httpx.AsyncClient(base_url=proc.url, timeout=10) as c:
            run_id = await start_run(c, proposal=PROPOSAL, max_iterations=4, checkpoint_interval=4)
            log = await run_until(c, run_id, "complete")
        error = next(e for e in log if e["type"] == "error")
        assert error["code"] == "token_budget_exceeded"
        assert [e["iteration"] for e in log if e["type"] == "iteration_completed"] == [1, 2]
    finally:
        proc.stop()


async def test_unreachable_model_is_reported_at_start(tmp_path: Path) -> None:
    env = {
        "PLANLOOP_PLANNER": "openai",
        "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",
        "PLANLOOP_MODEL": "test-model",
    }
    proc = ServerProcess(tmp_path, **env).start()
    try:
        health = httpx.get(f"{proc.url}/api/health").json()
        assert health["status"] == "degraded" and health["planner"]["ok"] is False
        assert health["planner"]["detail"]
        assert "not ready" in proc.log_path.read_text()
    finally:
        proc.stop()


def test_openai_planner_without_a_model_refuses_to_start(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "planloop", "serve", "--planner", "openai"],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert out.returncode == 2
    assert "PLANLOOP_MODEL is required" in out.stderr
