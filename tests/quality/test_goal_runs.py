"""Quality end to end: goals run through the in-process API with scripted feedback; the
plan checker's results arrive as ``plan_checked`` events and stay in the run's state."""

from __future__ import annotations

from datetime import date, datetime

import httpx
import pytest

from planloop.constraints.dates import after
from tests.helpers import start_run
from tests.inprocess import finished_events, wait_status

pytestmark = [pytest.mark.timeout(60), pytest.mark.in_process]


async def _run(client: httpx.AsyncClient, goal: str, feedback: str) -> tuple[dict, list[dict]]:
    run_id = await start_run(client, goal=goal, max_iterations=4, checkpoint_interval=2)
    await wait_status(client, run_id, "awaiting_approval")
    r = await client.post(
        f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve", "feedback": feedback}
    )
    assert r.status_code == 200, r.text
    events = await finished_events(client, run_id)
    state = (await client.get(f"/api/runs/{run_id}")).json()
    return state, events


def _started(state: dict) -> date:
    return datetime.fromisoformat(state["created_at"].replace("Z", "+00:00")).date()


async def test_a_marathon_run_gets_a_weekly_schedule_and_clean_checks(
    client: httpx.AsyncClient,
) -> None:
    goal = "Run my first marathon in 12 weeks; I currently run 30 km a week"
    state, events = await _run(client, goal, "No running on Mondays. Budget €300 for shoes.")
    assert state["status"] == "completed"
    checked = [e for e in events if e["type"] == "plan_checked"]
    assert [e["iteration"] for e in checked] == [1, 2, 3, 4]
    kinds = [e["type"] for e in events]
    assert kinds.index("plan_checked") == kinds.index("iteration_completed") + 1
    assert all(e["flagged"] == 0 for e in checked), checked
    assert {c["name"] for c in state["checks"]} >= {"dates_within_deadline", "budget_caps"}
    assert all(c["status"] == "pass" for c in state["checks"])
    plan = state["plan"]
    race = after(_started(state), 12, "week").isoformat()
    # run on a Monday, the deadline is a Monday and "No running on Mondays" ends the work the
    # day before it ("… to 2027-02-28, the last day for it (not Monday) by the deadline"): the
    # deadline is said either way (this failed every Monday)
    assert f"the deadline {race} (“in 12 weeks”, goal)" in plan
    assert "## Week-by-week training schedule" in plan
    assert "Rest days kept free of running: Monday" in plan
    # "Budget €300 for shoes": that line's money (a budget for several things is the total)
    assert "| Shoes and kit (cap) | €300 | at most €300 (feedback:1) |" in plan


async def test_a_growth_run_takes_the_named_team_and_drops_the_stale_gap(
    client: httpx.AsyncClient,
) -> None:
    goal = "Reduce churn by 20% within 4 months; churn is in the first 90 days"
    feedback = "We have 2 customer success managers and Marta owns onboarding. No discounts."
    state, events = await _run(client, goal, feedback)
    assert state["status"] == "completed"
    last = [e for e in events if e["type"] == "plan_checked"][-1]
    assert last["flagged"] == 0, last["checks"]
    plan = state["plan"]
    assert "no team named" not in plan.lower()
    assert "| Team | 2 customer success managers | feedback:1 |" in plan
    deadline = after(_started(state), 4, "month").isoformat()
    assert f"to the deadline {deadline}" in plan  # not "the first 90 days"


async def test_a_wedding_run_keeps_the_catering_cap_and_drops_the_band(
    client: httpx.AsyncClient,
) -> None:
    goal = "Plan our wedding for 120 guests by September 2027, catering at most 60 € a guest, " \
        "total budget €25,000"  # fmt: skip
    state, _ = await _run(client, goal, "No live band. Ana handles the invitations.")
    plan = state["plan"]
    assert "| Catering | €7,200 | cap €60 a guest × 120 guests (goal) |" in plan
    assert "| Music and entertainment |" not in plan
    assert "| Event day | 2027-09-30 | The event |" in plan
    assert all(c["status"] == "pass" for c in state["checks"]), state["checks"]
