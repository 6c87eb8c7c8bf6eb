"""The AG-UI endpoint on a real server: start, interrupt at a checkpoint, resume, end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.agui_rules import check_stream
from tests.server import ServerProcess
from tests.sse import frames

pytestmark = pytest.mark.timeout(60)


def start_input(goal: str = "Open a bakery in Lisbon", **props: Any) -> dict[str, Any]:
    return {
        "threadId": "thread-1",
        "runId": "agui-run-1",
        "messages": [{"id": "m1", "role": "user", "content": goal}],
        "forwardedProps": {"max_iterations": 4, "checkpoint_interval": 2, **props},
    }


def resume_input(interrupt: dict[str, Any], payload: Any, status: str = "resolved") -> dict:
    return {
        "threadId": "thread-1",
        "runId": "agui-run-2",
        "messages": [],
        "resume": [{"interruptId": interrupt["id"], "status": status, "payload": payload}],
    }


async def agui(client: httpx.AsyncClient, body: dict[str, Any]) -> list[dict[str, Any]]:
    """POST the input and read the whole AG-UI stream (it ends after the run closes)."""
    headers = {"Accept": "text/event-stream"}
    async with client.stream("POST", "/api/agui", json=body, headers=headers) as response:
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        out = []
        async for frame in frames(response):
            if frame.data_lines:
                assert frame.event in (None, "message") and len(frame.data_lines) == 1
                out.append(json.loads(frame.data))
    return out


def kinds(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


async def test_a_run_interrupts_at_its_checkpoint_and_resumes_to_success(
    client: httpx.AsyncClient,
) -> None:
    first = await agui(client, start_input())
    check_stream(first)
    assert first[0]["type"] == "RUN_STARTED" and first[0]["runId"] == "agui-run-1"
    assert first[0]["threadId"] == "thread-1"
    assert kinds(first)[-2:] == ["STATE_SNAPSHOT", "RUN_FINISHED"]
    assert kinds(first).count("STEP_STARTED") == 2
    assert any(e["type"] == "ACTIVITY_SNAPSHOT" for e in first)
    (interrupt,) = first[-1]["outcome"]["interrupts"]
    assert first[-1]["outcome"]["type"] == "interrupt"
    run_id = first[-2]["snapshot"]["run_id"]
    state = (await client.get(f"/api/runs/{run_id}")).json()
    assert state["status"] == "awaiting_approval" and state["pending_checkpoint"] == 1

    second = await agui(client, resume_input(interrupt, {"decision": "approve", "feedback": "x"}))
    check_stream(second)
    assert second[0]["type"] == "RUN_STARTED" and second[0]["runId"] == "agui-run-2"
    assert [e["stepName"] for e in second if e["type"] == "STEP_STARTED"] == [
        "iteration 3",
        "iteration 4",
    ]
    done = second[-1]
    assert done["type"] == "RUN_FINISHED" and done["outcome"] == {"type": "success"}
    assert done["result"]["plan"].startswith("# Plan")
    # The final state carries the plan as data too (issue 18, item 5).
    final = next(e for e in reversed(second) if e["type"] == "STATE_SNAPSHOT")["snapshot"]
    structured = final["structured_plan"]
    assert structured["goal"] == "Open a bakery in Lisbon" and structured["partial"] is False
    assert structured["sections"][0]["title"].startswith("Plan")
    assert structured["milestones"] and all(m["due"] for m in structured["milestones"])
    assert structured["started"] == state["created_at"][:10]
    assert "TEXT_MESSAGE_CONTENT" in kinds(second)
    state = (await client.get(f"/api/runs/{run_id}")).json()
    assert state["status"] == "completed"
    assert state["feedback"] == [{"checkpoint": 1, "text": "x"}]


async def test_reject_ends_the_resumed_run_as_cancelled(client: httpx.AsyncClient) -> None:
    first = await agui(client, start_input(max_iterations=2, checkpoint_interval=1))
    (interrupt,) = first[-1]["outcome"]["interrupts"]
    second = await agui(client, resume_input(interrupt, {"decision": "reject"}))
    check_stream(second)
    assert kinds(second) == ["RUN_STARTED", "CUSTOM", "RUN_FINISHED"]
    assert second[-1]["outcome"] == {"type": "cancelled"}


async def test_an_abandoned_interrupt_stops_the_run(client: httpx.AsyncClient) -> None:
    first = await agui(client, start_input(max_iterations=2, checkpoint_interval=1))
    (interrupt,) = first[-1]["outcome"]["interrupts"]
    second = await agui(client, resume_input(interrupt, None, status="cancelled"))
    check_stream(second)
    assert second[-1]["outcome"] == {"type": "cancelled"}


async def test_input_that_cannot_start_or_resume_is_refused_before_any_stream(
    client: httpx.AsyncClient,
) -> None:
    no_goal = {**start_input(), "messages": []}
    bad_option = start_input(max_iterations="many")
    foreign = {**start_input(), "resume": [{"interruptId": "int-1", "status": "resolved"}]}
    unknown = resume_input({"id": "checkpoint:" + "0" * 32 + ":1"}, {"decision": "approve"})
    for body, status in ((no_goal, 422), (bad_option, 422), (foreign, 422), (unknown, 404)):
        r = await client.post("/api/agui", json=body)
        assert r.status_code == status, (body, r.text)
        assert set(r.json()["error"]) == {"code", "message"}
    first = await agui(client, start_input(max_iterations=2, checkpoint_interval=1))
    (interrupt,) = first[-1]["outcome"]["interrupts"]
    r = await client.post("/api/agui", json=resume_input(interrupt, {"decision": "maybe"}))
    assert r.status_code == 422
    await agui(client, resume_input(interrupt, {"decision": "approve"}))
    r = await client.post("/api/agui", json=resume_input(interrupt, {"decision": "reject"}))
    assert r.status_code == 409 and r.json()["error"]["code"] == "checkpoint_already_decided"


@pytest.fixture(scope="module")
def failing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """Every run fails in its first iteration: its execution-time cap is tiny."""
    proc = ServerProcess(
        tmp_path_factory.mktemp("failing"),
        PLANLOOP_MAX_RUN_SECONDS="0.05",
        PLANLOOP_OFFLINE_STEP_DELAY_S="0.2",
    ).start()
    yield proc
    proc.stop()


async def test_a_failed_run_ends_with_run_error(failing_server: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=failing_server.url, timeout=10) as c:
        out = await agui(c, start_input())
    check_stream(out)
    assert out[-1]["type"] == "RUN_ERROR"
    assert out[-1]["code"] == "time_budget_exceeded"
    assert kinds(out)[-2] == "STEP_FINISHED"


async def test_interrupt_ids_take_ascii_digits_only_and_bad_ones_change_nothing(
    client: httpx.AsyncClient,
) -> None:
    """Issue 15 item 12: "²" was a 500 (str.isdigit() yes, int() no) and "\\u0661" (Arabic-Indic
    one) approved checkpoint 1; every other spelling of 1 is refused too."""
    first = await agui(client, start_input(max_iterations=2, checkpoint_interval=1))
    (interrupt,) = first[-1]["outcome"]["interrupts"]
    run_id = first[-2]["snapshot"]["run_id"]
    base = interrupt["id"].rpartition(":")[0]
    assert interrupt["id"] == f"{base}:1"
    for number in ("²", "١", "𝟏", "01", "+1", " 1", "1 ", "1_0", "1.0", "", "9" * 40):
        bad = {"id": f"{base}:{number}"}
        r = await client.post("/api/agui", json=resume_input(bad, {"decision": "approve"}))
        assert r.status_code == 422, (number, r.status_code, r.text)
        error = r.json()["error"]
        assert error["code"] == "invalid_input" and "ASCII digits" in error["message"], error
    state = (await client.get(f"/api/runs/{run_id}")).json()
    assert state["status"] == "awaiting_approval" and state["pending_checkpoint"] == 1
    second = await agui(client, resume_input(interrupt, {"decision": "approve"}))
    assert second[-1]["outcome"] == {"type": "success"}
