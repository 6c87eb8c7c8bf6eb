"""The original page's endpoints, spoken exactly as its EventSource client spoke them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.sse import Frame, frames

pytestmark = pytest.mark.timeout(60)

GOAL = "Open a <b>bakery</b> in Lisbon with a budget of $40,000 within 6 months"


class OriginalPage:
    """What the original page did: unnamed events only, switch on data.type, close on the end."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.messages: list[dict[str, Any]] = []
        self.ignored_named = 0

    async def approve_approach(self, session_id: str = "null", **params: Any) -> None:
        query = {
            "goal": GOAL,
            "proposal": "proposal text",
            "max_iterations": "4",
            "checkpoint_interval": "2",
            "session_id": session_id,
            **params,
        }
        async with self.client.stream("GET", "/api/execute-plan", params=query) as r:
            assert r.status_code == 200, await r.aread()
            async for frame in frames(r):
                if not frame.data_lines:
                    continue
                if not frame.unnamed:
                    self.ignored_named += 1
                    continue
                data = frame.json
                self.messages.append(data)
                if data["type"] == "checkpoint_reached":
                    await self._approve(frame, data)
                if data["type"] in ("final_plan", "error", "complete"):
                    break  # eventSource.close()

    async def _approve(self, frame: Frame, data: dict[str, Any]) -> None:
        r = await self.client.post(
            "/api/checkpoint-approval",
            json={"session_id": None, "checkpoint": data["checkpoint_number"]},
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["status"] == "approved" and body["checkpoint"] == data["checkpoint_number"]
        assert isinstance(body["message"], str) and body["message"]


async def test_original_page_flow_end_to_end(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/api/generate-proposal",
        json={
            "goal": GOAL,
            "selected_entities": [],
            "selected_agents": ["planner"],
            "session_id": None,
        },
    )
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["status"] == "success" and p["proposal"]
    assert "<b>" not in p["proposal"]  # the page inserts it as HTML
    assert isinstance(p["entity_names"], list) and isinstance(p["agents_to_use"], list)
    for key in (
        "entity_count",
        "memory_coverage_percent",
        "research_coverage_percent",
        "max_iterations",
        "checkpoint_interval",
        "session_id",
    ):
        assert key in p

    page = OriginalPage(client)
    await page.approve_approach()
    types = [m["type"] for m in page.messages]
    assert types[0] == "planning_started"
    assert "iteration_started" in types and "checkpoint_reached" in types
    assert "checkpoint_approved" in types and types[-1] == "final_plan"
    started = page.messages[0]
    assert started["max_iterations"] == 4 and started["checkpoint_interval"] == 2
    it = next(m for m in page.messages if m["type"] == "iteration_started")
    assert it["max"] == 4 and it["iteration"] == 1
    cp = next(m for m in page.messages if m["type"] == "checkpoint_reached")
    assert cp["iteration"] == 2 and cp["checkpoint_number"] == 1
    assert all(isinstance(f, str) for f in cp["frameworks_so_far"]) and cp["frameworks_so_far"]
    assert isinstance(cp["data_points_so_far"], int) and cp["data_points_so_far"] > 0
    imp = cp["improvements"]
    assert imp["is_first_checkpoint"] is True
    assert set(imp["improvements"]) >= {
        "research_improvements",
        "frameworks_applied",
        "use_cases_found",
        "analytical_improvements",
        "key_discovery",
    }
    assert set(imp["comparison"]) >= {"frameworks_added", "data_points_gained", "depth_score"}
    assert isinstance(cp["summary"], str)
    approved = next(m for m in page.messages if m["type"] == "checkpoint_approved")
    assert approved["checkpoint"] == 1
    final = page.messages[-1]
    assert all(isinstance(f, str) for f in final["frameworks"])
    assert isinstance(final["data_points"], int)
    assert final["iterations"] == 4 and final["checkpoints"] == 1 and final["plan"]
    assert "<b>" not in final["plan"]  # strings the page may render as HTML are escaped
    assert page.ignored_named == 0  # nothing was sent as a named event on this stream

    # the page then saves the plan: one plan, one entity
    r = await client.post(
        "/api/save-entity",
        json={"goal": GOAL, "plan_content": final["plan"], "session_id": None},
    )
    assert r.status_code == 200 and r.json()["status"] == "success"
    entity = r.json()["entity_name"]
    assert entity == final["memory_entity"]
    again = await client.post("/api/save-entity", json={"goal": GOAL, "plan_content": "x"})
    assert again.json()["entity_name"] == entity
    names = [e["name"] for e in (await client.get("/api/entities")).json()]
    assert names.count(entity) == 1


async def test_approval_with_approved_false_rejects(client: httpx.AsyncClient) -> None:
    async with client.stream(
        "GET",
        "/api/execute-plan",
        params={
            "goal": GOAL,
            "max_iterations": "4",
            "checkpoint_interval": "2",
            "session_id": "c2",
        },
    ) as r:
        seen: list[dict[str, Any]] = []
        async for frame in frames(r):
            if not frame.data_lines:
                continue
            seen.append(frame.json)
            if frame.json["type"] == "checkpoint_reached":
                resp = await client.post(
                    "/api/checkpoint-approval",
                    json={"session_id": "c2", "checkpoint": 1, "approved": False, "feedback": "no"},
                )
                assert resp.json()["status"] == "rejected"
            if frame.json["type"] == "complete":
                break
    assert [s["type"] for s in seen][-2:] == ["checkpoint_rejected", "complete"]


async def test_eventsource_reconnect_resumes_instead_of_starting_again(
    client: httpx.AsyncClient,
) -> None:
    params = {"goal": GOAL, "max_iterations": "4", "checkpoint_interval": "2", "session_id": "c3"}
    first: list[dict[str, Any]] = []
    async with client.stream("GET", "/api/execute-plan", params=params) as r:
        async for frame in frames(r):
            if frame.data_lines:
                first.append(frame.json)
                if frame.json["type"] == "iteration_started":
                    break
    runs_before = len((await client.get("/api/runs")).json())
    rest: list[dict[str, Any]] = []
    async with client.stream(
        "GET", "/api/execute-plan", params=params, headers={"Last-Event-ID": str(first[-1]["seq"])}
    ) as r:
        async for frame in frames(r):
            if frame.data_lines:
                rest.append(frame.json)
                if frame.json["type"] == "checkpoint_reached":
                    break
    assert len((await client.get("/api/runs")).json()) == runs_before
    assert rest[0]["seq"] == first[-1]["seq"] + 1
    assert {e["run_id"] for e in first + rest} == {first[0]["run_id"]}


async def test_chat_status_health_entities(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/chat", json={"message": "what do you know?", "session_id": "null"})
    body = r.json()
    assert body["status"] == "success" and body["reply"] == body["response"] and body["reply"]
    assert body["session_id"] == "default" and body["timestamp"]
    s = (await client.get("/api/status")).json()
    assert s["status"] == "ready" and s["agent_available"] is True
    assert s["orchestrator_available"] is True and isinstance(s["sessions_active"], int)
    assert (await client.get("/health")).json()["status"] == "healthy"
    ents = (await client.get("/api/entities")).json()
    assert isinstance(ents, list)
    assert all(set(e) == {"name", "description"} for e in ents)
