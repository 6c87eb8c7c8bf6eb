"""The checkpoint is a real review (issue 16): the plan and its changes at a checkpoint,
every iteration's plan, approve / revise / edit / reject, saves, forks and deadlines that do
not end the run. In-process; run with ``--backend=postgres`` for PostgreSQL."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from planloop import plan_sections
from tests.api.review_steps import (
    checkpoint,
    decide,
    ended,
    parked,
    plan,
    wait_state,
    waiting,
)
from tests.inprocess import InProcessApp, finished_events, run_state

pytestmark = [pytest.mark.timeout(60), pytest.mark.in_process]


def kinds(log: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in log]


async def test_every_iterations_plan_is_kept_and_readable(client: httpx.AsyncClient) -> None:
    run_id, state = await parked(client)
    latest = await plan(client, run_id)
    assert latest == {
        **latest,
        "run_id": run_id,
        "iteration": 2,
        "revision": 1,
        "status": "awaiting_approval",
        "partial": True,
    }
    assert latest["plan_markdown"] == state["plan"]
    first = await plan(client, run_id, iteration=1)
    assert first["iteration"] == 1 and first["plan_markdown"].strip()
    assert first["plan_markdown"] != latest["plan_markdown"]
    missing = await client.get(f"/api/runs/{run_id}/plan", params={"iteration": 3})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "iteration_not_found"
    for bad in ("0", "-1", "x", "1.5"):
        r = await client.get(f"/api/runs/{run_id}/plan", params={"iteration": bad})
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request", bad
    assert (await decide(client, run_id, 1, decision="approve")).status_code == 200
    done = await ended(client, run_id)
    final = await plan(client, run_id)
    assert final["iteration"] == 4 and final["partial"] is False
    assert final["plan_markdown"] == done["plan"]
    assert (await plan(client, run_id, iteration=2))["plan_markdown"] == latest["plan_markdown"]


async def test_a_checkpoint_a_run_never_had_is_said_as_such(client: httpx.AsyncClient) -> None:
    """A new user's trial: checkpoint 2 of a completed run that had only checkpoint 1 was
    "has not reached checkpoint 2", as if it still might. A run that waits has not reached
    it yet; one that ended has no checkpoint 2, and says how many it has."""
    run_id, _ = await parked(client, max_iterations=3, checkpoint_interval=1)
    ahead = await client.get(f"/api/runs/{run_id}/checkpoints/2")
    assert ahead.status_code == 404
    assert ahead.json()["error"] == {
        "code": "checkpoint_not_found",
        "message": f"run {run_id} has not reached checkpoint 2 yet: it is awaiting_approval"
        " after iteration 1",
    }
    never = await client.get(f"/api/runs/{run_id}/checkpoints/3")
    assert never.json()["error"]["message"] == (
        f"run {run_id} has no checkpoint 3: it has 2 (one every 1 of its 3 iterations)"
    )
    assert (await decide(client, run_id, 1, decision="reject")).status_code == 200
    await ended(client, run_id)
    gone = await client.get(f"/api/runs/{run_id}/checkpoints/2")
    assert gone.status_code == 404
    assert gone.json()["error"] == {
        "code": "checkpoint_not_found",
        "message": f"run {run_id} has no checkpoint 2: it has 1, and it has ended (rejected)",
    }
    # the trial's own: two iterations, checkpoint 1 approved, the run completed
    run_id, _ = await parked(client, max_iterations=2, checkpoint_interval=1)
    assert (await decide(client, run_id, 1, decision="approve")).status_code == 200
    assert (await ended(client, run_id))["status"] == "completed"
    done = await client.get(f"/api/runs/{run_id}/checkpoints/2")
    assert done.json()["error"]["message"] == (
        f"run {run_id} has no checkpoint 2: it has 1, and it has ended (completed)"
    )


async def test_a_checkpoint_shows_its_plan_and_what_changed(client: httpx.AsyncClient) -> None:
    run_id, state = await parked(client, max_iterations=6)
    cp1 = await checkpoint(client, run_id, 1)
    assert cp1 == {
        **cp1,
        "number": 1,
        "iteration": 2,
        "revision": 1,
        "latest_revision": 1,
        "status": "waiting",
        "decision": None,
    }
    assert cp1["plan_markdown"] == state["plan"]
    # The first checkpoint: every section is new since the start.
    titles = [s.title for s in plan_sections.parse(state["plan"]) if s.text.strip()]
    assert [s["title"] for s in cp1["changes"]["added"]] == titles
    assert cp1["changes"]["counts"] == {"added": len(titles), "changed": 0, "removed": 0}
    assert cp1["changes"]["diff"].startswith("--- before\n+++ after\n")
    assert cp1["deadline"] == state["checkpoints"][0]["expires_at"]
    # The plan at the checkpoint comes with its checks (issue 17, item 4): those of the
    # iteration that parked it, as the run state and the plan_checked event have them.
    assert cp1["checks"] == state["checks"] and cp1["checks"]
    assert {c["status"] for c in cp1["checks"]} <= {"pass", "flag"}
    missing = await client.get(f"/api/runs/{run_id}/checkpoints/2")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "checkpoint_not_found"

    r = await decide(client, run_id, 1, decision="approve", feedback="Mind the rent.")
    assert r.status_code == 200 and r.json()["revision"] == 1
    state = await wait_state(
        client, run_id, lambda s: s["pending_checkpoint"] == 2, "at checkpoint 2"
    )
    cp2 = await checkpoint(client, run_id, 2)
    before = plan_sections.by_title(cp1["plan_markdown"])
    after = plan_sections.by_title(cp2["plan_markdown"])
    assert {s["title"] for s in cp2["changes"]["added"]} == set(after) - set(before)
    assert {s["title"] for s in cp2["changes"]["changed"]} == {
        t for t in set(after) & set(before) if after[t].body != before[t].body
    }
    assert cp2["changes"]["counts"]["changed"] >= 1
    decided = await checkpoint(client, run_id, 1)
    assert decided["status"] == "approved"
    assert decided["decision"]["kind"] == "approve"
    assert decided["decision"]["feedback"] == "Mind the rent."

    await decide(client, run_id, 2, decision="approve")
    log = await finished_events(client, run_id)
    reached = [e for e in log if e["type"] == "checkpoint_reached"]
    for event, cp in zip(reached, (cp1, cp2), strict=True):
        summary = event["changes"]
        assert "diff" not in summary and "revision" not in event  # small; revision 1
        assert summary["counts"] == cp["changes"]["counts"]
        assert summary["added"] == cp["changes"]["added"]


async def test_revise_twice_runs_the_stretch_again_with_the_feedback(
    client: httpx.AsyncClient,
) -> None:
    run_id, first_state = await parked(client)
    first = "Add a section about leasing an espresso machine."
    r = await decide(client, run_id, 1, decision="revise", feedback=first)
    assert r.status_code == 200, r.text
    assert r.json() == {**r.json(), "decision": "revise", "revision": 1, "status": "running"}
    # The same decision again (the person's retry) is answered as the first was.
    again = await decide(client, run_id, 1, decision="revise", feedback=first, revision=1)
    assert again.status_code == 200 and again.json()["revision"] == 1
    await wait_state(
        client, run_id, lambda s: s["pending_checkpoint"] == 1 and s["iteration"] == 2, "back"
    )
    cp = await checkpoint(client, run_id, 1)
    assert cp["revision"] == cp["latest_revision"] == 2 and cp["status"] == "waiting"
    assert "espresso machine" in cp["plan_markdown"]
    # What the request changed, against the revision the person reviewed (found in a user
    # trial: revision 2 showed every section as new, its diff "@@ -0,0 +1,135 @@").
    since = plan_sections.compare(first_state["plan"], cp["plan_markdown"])
    assert cp["changes"]["counts"] == since.counts.model_dump()
    assert [c["title"] for c in cp["changes"]["added"]] == [c.title for c in since.added]
    assert cp["changes"]["diff"] == since.diff and "@@ -0,0 " not in cp["changes"]["diff"]
    assert cp["changes"]["counts"]["added"] < len(plan_sections.parse(cp["plan_markdown"]))
    second = "Also price a second-hand oven."
    r = await decide(client, run_id, 1, decision="revise", feedback=second, revision=2)
    assert r.status_code == 200 and r.json()["revision"] == 2
    await wait_state(client, run_id, lambda s: s["pending_checkpoint"] == 1, "back again")
    cp = await wait_state(client, run_id, lambda s: s["iteration"] == 2, "iteration 2")
    cp = await checkpoint(client, run_id, 1)
    assert cp["revision"] == 3 and "second-hand oven" in cp["plan_markdown"]
    assert [r["status"] for r in cp["revisions"]] == ["changes_requested"] * 2 + ["waiting"]
    assert [r["decision"]["feedback"] for r in cp["revisions"][:2]] == [first, second]
    shown = await checkpoint(client, run_id, 1, revision=1)
    assert shown["revision"] == 1 and shown["plan_markdown"] == first_state["plan"]
    assert shown["decision"]["kind"] == "revise" and shown["latest_revision"] == 3
    assert (await plan(client, run_id, iteration=2))["revision"] == 3
    too_far = await client.get(f"/api/runs/{run_id}/checkpoints/1", params={"revision": 4})
    assert too_far.status_code == 404
    # A decision meant for a revision that was decided otherwise is refused.
    stale = await decide(client, run_id, 1, decision="approve", revision=1)
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "checkpoint_already_decided"

    assert (await decide(client, run_id, 1, decision="approve", revision=3)).status_code == 200
    log = await finished_events(client, run_id)
    assert kinds(log).count("checkpoint_changes_requested") == 2
    requested = [e for e in log if e["type"] == "checkpoint_changes_requested"]
    assert [(e["revision"], e["iteration"], e["feedback"]) for e in requested] == [
        (2, 0, first),
        (3, 0, second),
    ]
    reached = [e for e in log if e["type"] == "checkpoint_reached"]
    assert [e.get("revision", 1) for e in reached] == [1, 2, 3]
    assert [e["checkpoint_number"] for e in reached] == [1, 1, 1]
    done = [e["iteration"] for e in log if e["type"] == "iteration_completed"]
    assert done == [1, 2, 1, 2, 1, 2, 3, 4]
    assert log[-1]["status"] == "completed"


def _edited(plan_text: str) -> tuple[str, str, str]:
    """The plan with its second section rewritten and a section of the person's own added:
    (the new plan, the rewritten section's title, its new text)."""
    sections = [s for s in plan_sections.parse(plan_text) if s.text.strip()]
    target = sections[2]
    mine = f"## {target.title}\n\nWritten by the person: keep the oven in the back room.\n\n"
    out = "".join(mine if s is target else s.text for s in sections)
    out += "\n## Person's notes\n\nOpen on Sundays only in summer.\n"
    return out, target.title, mine


async def test_a_revisions_summary_counts_what_changed_since_the_review(
    client: httpx.AsyncClient,
) -> None:
    """Found as a user: after "request changes", the revision's summary said "Since the last
    review: 4 frameworks added", all of them in the plan the person had just reviewed."""
    run_id, _ = await parked(client, max_iterations=4)
    r = await decide(client, run_id, 1, decision="revise", feedback="Keep rent under €2,000.")
    assert r.status_code == 200, r.text
    await wait_state(
        client, run_id, lambda s: s["pending_checkpoint"] == 1 and s["iteration"] == 2, "back"
    )
    await waiting(client, run_id)
    assert (await decide(client, run_id, 1, decision="approve")).status_code == 200
    log = await finished_events(client, run_id)
    first, revised = [e["summary"] for e in log if e["type"] == "checkpoint_reached"]
    assert "Since the last review: 4 frameworks added" in first  # everything is new
    # the frameworks were in the plan reviewed; what the feedback brought is new
    assert "Since the last review: 2 data points gained." in revised, revised


async def test_edit_makes_the_plan_the_persons_and_keeps_their_sections(
    client: httpx.AsyncClient,
) -> None:
    run_id, state = await parked(client, max_iterations=6)
    edited, title, mine = _edited(state["plan"])
    r = await decide(client, run_id, 1, decision="edit", plan_markdown=edited, feedback="")
    assert r.status_code == 200, r.text
    assert r.json()["decision"] == "edit"
    after_edit = await plan(client, run_id, iteration=2)
    assert after_edit["plan_markdown"] == edited and after_edit["revision"] == 2
    cp1 = await checkpoint(client, run_id, 1)
    assert cp1["status"] == "edited" and cp1["decision"]["plan_markdown"] == edited
    assert cp1["plan_markdown"] == state["plan"]  # what the planner showed is kept too

    # Two iterations later the planner has rewritten the plan; the person's text is there.
    state = await wait_state(client, run_id, lambda s: s["pending_checkpoint"] == 2, "cp 2")
    assert mine.strip() in state["plan"]
    assert "Open on Sundays only in summer." in state["plan"]
    # ... and after a revise of the next stretch, with feedback that names neither.
    r = await decide(client, run_id, 2, decision="revise", feedback="More on suppliers.")
    assert r.status_code == 200
    await wait_state(
        client,
        run_id,
        lambda s: s["pending_checkpoint"] == 2 and s["iteration"] == 4,
        "cp 2 again",
    )
    cp2 = await checkpoint(client, run_id, 2)
    assert cp2["revision"] == 2 and mine.strip() in cp2["plan_markdown"]
    assert "Open on Sundays only in summer." in cp2["plan_markdown"]
    # Feedback after the edit that names a section gives it back to the planner.
    r = await decide(client, run_id, 2, decision="approve", feedback=f"Redo {title} please.")
    assert r.status_code == 200
    done = await ended(client, run_id)
    assert mine.strip() not in done["plan"]
    assert "Open on Sundays only in summer." in done["plan"]
    log = await finished_events(client, run_id)
    edits = [e for e in log if e["type"] == "plan_edited"]
    assert len(edits) == 1 and set(edits[0]["sections"]) == {title, "Person's notes"}


async def test_an_edit_that_retitles_and_removes_stays_as_the_person_left_it(
    client: httpx.AsyncClient,
) -> None:
    """Found in a user trial: a section the person deleted came back at the next
    iteration, and their new title went to the bottom of the plan under the planner's own
    "# Plan: …" (two H1 headings)."""
    run_id, state = await parked(client, max_iterations=4)
    sections = [s for s in plan_sections.parse(state["plan"]) if s.text.strip()]
    assert sections[0].title.startswith("Plan: ")
    gone = sections[-1].title  # the last section, taken out whole
    edited = "# Birthday party plan for Mia\n\n" + "".join(s.text for s in sections[1:-1])
    r = await decide(client, run_id, 1, decision="edit", plan_markdown=edited)
    assert r.status_code == 200, r.text
    done = await ended(client, run_id)
    final = plan_sections.parse(done["plan"])
    titles = [t.title for t in final if t.text.strip()]
    assert titles[0] == "Birthday party plan for Mia"
    assert not [t for t in titles if t.startswith("Plan: ")]
    assert gone not in titles
    assert done["plan"].count("\n# ") + done["plan"].startswith("# ") == 1  # one H1


async def test_reject_ends_the_run_keeps_feedback_and_the_plan_can_be_saved(
    client: httpx.AsyncClient,
) -> None:
    run_id, state = await parked(client)
    r = await decide(client, run_id, 1, decision="reject", feedback="Wrong city.")
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    cp = await checkpoint(client, run_id, 1)
    assert cp["status"] == "rejected" and cp["decision"]["feedback"] == "Wrong city."
    partial = await plan(client, run_id)
    assert partial["partial"] is True and partial["plan_markdown"] == state["plan"]
    saved = await client.post(f"/api/runs/{run_id}/save")
    assert saved.status_code == 200, saved.text
    entity = saved.json()["memory_entity"]
    assert saved.json() == {"run_id": run_id, "memory_entity": entity, "iteration": 2}
    again = await client.post(f"/api/runs/{run_id}/save")
    assert again.json()["memory_entity"] == entity
    names = [e["name"] for e in (await client.get("/api/entities")).json()]
    assert names.count(entity) == 1
    view = await run_state(client, run_id)
    assert view["memory_entity"] == entity and view["status"] == "rejected"
    log = await finished_events(client, run_id)
    assert kinds(log)[-2:] == ["checkpoint_rejected", "complete"]  # nothing after complete


async def test_fork_and_fork_of_a_fork_leave_the_parent_untouched(
    app_server: InProcessApp, client: httpx.AsyncClient
) -> None:
    parent, before = await parked(client, max_iterations=6)
    r = await client.post(
        f"/api/runs/{parent}/fork", json={"from_iteration": 1, "feedback": "Try Porto instead."}
    )
    assert r.status_code == 201, r.text
    child = r.json()["run_id"]
    assert r.json() == {**r.json(), "parent_run_id": parent, "from_iteration": 1}
    state = await waiting(client, child)
    assert state["iteration"] == 2 and state["parent_run_id"] == parent
    assert [i["iteration"] for i in state["iterations"]] == [1, 2]
    assert (await plan(client, child, iteration=1))["plan_markdown"] == (
        await plan(client, parent, iteration=1)
    )["plan_markdown"]
    assert "Porto" in state["plan"]
    assert await run_state(client, parent) == {**before, "queued": False}

    r = await client.post(
        f"/api/runs/{child}/fork",
        json={"from_iteration": 2, "feedback": "And a food truck.", "max_iterations": 4},
    )
    assert r.status_code == 201, r.text
    grandchild = r.json()["run_id"]
    await decide(client, grandchild, 2, decision="approve")
    done = await ended(client, grandchild)
    assert done["status"] == "completed" and done["iteration"] == 4
    assert done["parent_run_id"] == child and done["from_iteration"] == 2
    listed = {r["run_id"]: r for r in (await client.get("/api/runs")).json()}
    assert listed[child]["parent_run_id"] == parent and listed[parent]["parent_run_id"] is None
    log = await finished_events(client, grandchild)
    assert log[0] == {**log[0], "type": "planning_started", "parent_run_id": child}
    assert [e["iteration"] for e in log if e["type"] == "iteration_completed"] == [3, 4]

    # Bad forks create nothing.
    count = len(listed)
    for body, status, code in (
        ({"from_iteration": 5}, 404, "iteration_not_found"),
        ({"from_iteration": 0}, 422, "invalid_request"),
        ({"from_iteration": 2, "max_iterations": 2}, 422, "invalid_max_iterations"),
        ({"feedback": "no iteration"}, 422, "invalid_request"),
    ):
        r = await client.post(f"/api/runs/{parent}/fork", json=body)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), body
    async with app_server.client() as stranger:
        r = await stranger.post(f"/api/runs/{parent}/fork", json={"from_iteration": 1})
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
        assert (await stranger.get("/api/runs")).json() == []
    assert len((await client.get("/api/runs")).json()) == count


async def test_bad_decisions_change_nothing(client: httpx.AsyncClient) -> None:
    run_id, state = await parked(client)
    url = f"/api/runs/{run_id}/checkpoints/1"
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"decision": "revise"}, 422, "feedback_required"),
        ({"decision": "revise", "feedback": "   "}, 422, "feedback_required"),
        ({"decision": "edit"}, 422, "plan_required"),
        ({"decision": "edit", "plan_markdown": " \n"}, 422, "plan_required"),
        ({"decision": "edit", "plan_markdown": "x" * 200_001}, 422, "plan_too_long"),
        # text with no section would replace every section, and be lost itself
        ({"decision": "edit", "plan_markdown": "just some text"}, 422, "plan_without_sections"),
        (
            {"decision": "edit", "plan_markdown": "# My plan\n\nno sections"},
            422,
            "plan_without_sections",
        ),
        ({"decision": "edit", "plan_markdown": "x" * 5_000_000}, 413, "body_too_large"),
        ({"decision": "approve", "plan_markdown": "# Mine"}, 422, "plan_not_expected"),
        ({"decision": "approve", "revision": 2}, 409, "checkpoint_revision_mismatch"),
        ({"decision": "approve", "revision": 0}, 422, "invalid_request"),
    ]
    for body, status, code in cases:
        r = await client.post(url, json=body)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), str(body)[:80]
    after = await run_state(client, run_id)
    assert after["last_seq"] == state["last_seq"] and after["plan"] == state["plan"]
    assert after["checkpoints"] == state["checkpoints"] and after["feedback"] == []


async def test_an_expired_checkpoint_waits_takes_a_new_deadline_and_a_revise(
    client: httpx.AsyncClient,
) -> None:
    run_id, state = await parked(client, checkpoint_timeout_s=1)
    assert state["on_timeout"] == "expire"
    state = await wait_state(
        client, run_id, lambda s: s["checkpoints"][0]["status"] == "expired", "expired"
    )
    assert state["status"] == "awaiting_approval" and state["pending_checkpoint"] == 1
    url = f"/api/runs/{run_id}/checkpoints/1/extend"
    for seconds in (-5, 0, 31 * 24 * 3600, "soon"):
        r = await client.post(url, json={"seconds": seconds})
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request", seconds
    assert await run_state(client, run_id) == {**state, "queued": False}
    r = await client.post(url, json={"seconds": 600})
    assert r.status_code == 200, r.text
    extended = r.json()
    assert (
        extended["status"] == "waiting"
        and extended["deadline"] > state["checkpoints"][0]["expires_at"]
    )
    r = await decide(client, run_id, 1, decision="revise", feedback="Cheaper rent, please.")
    assert r.status_code == 200
    await wait_state(
        client, run_id, lambda s: s["pending_checkpoint"] == 1 and s["iteration"] == 2, "back"
    )
    assert (await decide(client, run_id, 1, decision="approve", revision=2)).status_code == 200
    log = await finished_events(client, run_id)
    middle = [
        t for t in kinds(log) if t.startswith("checkpoint_") and t not in ("checkpoint_reached",)
    ]
    assert middle == [
        "checkpoint_expired",
        "checkpoint_extended",
        "checkpoint_changes_requested",
        "checkpoint_approved",
    ]
    # Decided, a checkpoint takes no new deadline.
    r = await client.post(url, json={"seconds": 60})
    assert r.status_code == 409 and r.json()["error"]["code"] == "checkpoint_not_waiting"


@pytest.mark.parametrize(("policy", "status"), [("approve", "completed"), ("reject", "rejected")])
async def test_on_timeout_approve_or_reject_decides_by_itself(
    client: httpx.AsyncClient, policy: str, status: str
) -> None:
    r = await client.post(
        "/api/runs",
        json={
            "goal": "Open a bakery in Lisbon",
            "max_iterations": 4,
            "checkpoint_interval": 2,
            "checkpoint_timeout_s": 1,
            "on_timeout": policy,
        },
    )
    assert r.status_code == 201, r.text
    run_id = r.json()["run_id"]
    log = await finished_events(client, run_id)
    decided = [e for e in log if e["type"] == f"checkpoint_{policy.rstrip('e')}ed"]
    assert len(decided) == 1 and decided[0]["by_deadline"] is True
    assert log[-1]["status"] == status
    cp = await checkpoint(client, run_id, 1)
    assert cp["decision"] == {**cp["decision"], "kind": policy, "by_deadline": True}


async def test_a_fork_sent_again_with_its_key_creates_one_run(client: httpx.AsyncClient) -> None:
    parent, _ = await parked(client)
    headers = {"Idempotency-Key": "fork-1"}
    body = {"from_iteration": 1, "feedback": "Porto"}
    first = await client.post(f"/api/runs/{parent}/fork", json=body, headers=headers)
    again = await client.post(f"/api/runs/{parent}/fork", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["run_id"] == first.json()["run_id"]
    assert len((await client.get("/api/runs")).json()) == 2


async def test_a_run_from_before_plan_history_shows_and_forks_its_latest_plan(
    app_server: InProcessApp, client: httpx.AsyncClient, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("edits the SQLite file to look like a database from before")
    import sqlite3

    run_id, state = await parked(client)
    path = app_server.settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM plan_versions WHERE run_id=?", (run_id,))
    latest = await plan(client, run_id)
    assert (latest["iteration"], latest["revision"]) == (2, 0)
    assert latest["plan_markdown"] == state["plan"]
    r = await client.get(f"/api/runs/{run_id}/plan", params={"iteration": 1})
    assert r.status_code == 404
    r = await client.post(f"/api/runs/{run_id}/fork", json={"from_iteration": 1})
    assert r.status_code == 404 and r.json()["error"]["code"] == "iteration_not_found"
    r = await client.post(f"/api/runs/{run_id}/fork", json={"from_iteration": 2})
    assert r.status_code == 201, r.text
    assert (await plan(client, r.json()["run_id"], iteration=2))["plan_markdown"] == state["plan"]


async def test_a_plan_saved_at_a_checkpoint_is_the_note_the_finish_updates(
    client: httpx.AsyncClient,
) -> None:
    run_id, _ = await parked(client)
    saved = await client.post(f"/api/runs/{run_id}/save")
    assert saved.status_code == 200, saved.text
    entity = saved.json()["memory_entity"]
    assert (await decide(client, run_id, 1, decision="approve")).status_code == 200
    log = await finished_events(client, run_id)
    order = kinds(log)
    assert order.index("plan_saved") < order.index("final_plan")
    assert log[order.index("plan_saved")]["memory_entity"] == entity
    assert log[order.index("final_plan")]["memory_entity"] == entity
    names = [e["name"] for e in (await client.get("/api/entities")).json()]
    assert names.count(entity) == 1
    r = await client.post("/api/runs/nope/save")
    assert r.status_code == 404


async def test_the_checks_read_the_plan_as_kept_with_the_persons_sections(
    client: httpx.AsyncClient,
) -> None:
    """A person's edited section stays in the plan, so the checks read it there: a budget
    the person took over the total is flagged at the next checkpoint."""
    run_id, state = await parked(client, max_iterations=4)
    assert {c["name"]: c["status"] for c in state["checks"]}["budget_within_total"] == "pass"
    budget = next(s for s in plan_sections.parse(state["plan"]) if s.title == "Budget")
    mine = (
        "## Budget\n\n| Line | Amount |\n|---|---|\n"
        "| Premises and fit-out | $60,000 |\n| Equipment | $30,000 |\n\n"
    )
    edited = state["plan"].replace(budget.text, mine)
    r = await decide(client, run_id, 1, decision="edit", plan_markdown=edited, feedback="")
    assert r.status_code == 200, r.text
    done = await ended(client, run_id)
    assert mine.strip() in done["plan"]
    flagged = {c["name"]: c for c in done["checks"]}["budget_within_total"]
    assert flagged["status"] == "flag" and "90,000" in flagged["message"], flagged


async def test_a_fork_from_a_checkpoints_iteration_replaces_its_decision(
    app_server: InProcessApp, client: httpx.AsyncClient
) -> None:
    """Found as a user: "Continue from here" after iteration 2 with "Make it a 2-day
    workshop in York instead" kept checkpoint 1's Harrogate beside it, as checkpoint 2."""
    goal = "Plan a 1-day team workshop in Leeds for 20 people on 14 May 2027"
    parent, _ = await parked(client, goal=goal, max_iterations=4, checkpoint_interval=2)
    said = "Make it a 3-day workshop in Harrogate"
    assert (await decide(client, parent, 1, decision="approve", feedback=said)).status_code == 200
    await ended(client, parent)
    york = "Make it a 2-day workshop in York instead"
    r = await client.post(f"/api/runs/{parent}/fork", json={"from_iteration": 2, "feedback": york})
    assert r.status_code == 201, r.text
    child = await ended(client, r.json()["run_id"])
    assert [(f["checkpoint"], f["text"]) for f in child["feedback"]] == [(1, york)]
    assert "Where: York (feedback:1; the goal said Leeds)." in child["plan"]
    assert "Harrogate" not in child["plan"]


async def test_a_fork_from_an_edited_checkpoint_keeps_the_persons_sections(
    client: httpx.AsyncClient,
) -> None:
    """Found as a user: an owner set by hand in the Schedule at checkpoint 1, with feedback
    beside it, was lost by a fork from iteration 2, though the fork starts from that edited
    plan (its iteration 2 as kept): the next iteration wrote the planner's owner back. With
    no feedback beside the edit, it was kept. Now the fork drops the feedback, not the edit."""
    goal = "Hire a senior backend engineer for our Lisbon team by March 2027"
    parent, state = await parked(client, goal=goal, max_iterations=4, checkpoint_interval=2)
    rows = [line for line in state["plan"].splitlines() if line.startswith("| M3 |")]
    assert rows, state["plan"]
    cells = rows[0].split(" | ")
    mine = " | ".join([*cells[:2], "Priya Shah", *cells[3:]])
    edited = state["plan"].replace(rows[0], mine)
    r = await decide(
        client, parent, 1, decision="edit", plan_markdown=edited, feedback="Keep it lean."
    )
    assert r.status_code == 200, r.text
    assert mine in (await ended(client, parent))["plan"]
    for k in (2, 3):
        r = await client.post(f"/api/runs/{parent}/fork", json={"from_iteration": k})
        assert r.status_code == 201, r.text
        child = await ended(client, r.json()["run_id"])
        assert mine in child["plan"], k
        assert [f["text"] for f in child["feedback"]] == ([] if k == 2 else ["Keep it lean."])


async def test_extend_gives_more_time_never_less(client: httpx.AsyncClient) -> None:
    """Found as a user: a checkpoint an hour from its deadline, "extended" by 60 seconds,
    then had a minute left. A deadline earlier than the one it has is refused, and nothing
    changes."""
    run_id, state = await parked(client, checkpoint_timeout_s=3600)
    url = f"/api/runs/{run_id}/checkpoints/1/extend"
    r = await client.post(url, json={"seconds": 60})
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert (
        error["code"] == "deadline_not_later" and "give more seconds than that" in error["message"]
    )
    assert await run_state(client, run_id) == {**state, "queued": False}
    r = await client.post(url, json={"seconds": 7200})
    assert r.status_code == 200, r.text
    assert r.json()["deadline"] > state["checkpoints"][0]["expires_at"]


async def test_an_export_given_back_as_an_edit_keeps_no_header(client: httpx.AsyncClient) -> None:
    """Found as a user: `planloop show RUN > f.md`, edited, then `decide RUN 1 edit
    --plan-file f.md`: the plan kept the export's header ("> **Goal:** … **Status:**
    partial plan (awaiting approval)"), shown later under a second header."""
    run_id, state = await parked(client)
    exported = await client.get(f"/api/runs/{run_id}/plan", params={"format": "md"})
    assert exported.status_code == 200 and exported.text.startswith("> **Goal:**")
    mine = exported.text + "\n## My notes\n\nAsk the landlord about the oven's extractor.\n"
    r = await decide(client, run_id, 1, decision="edit", plan_markdown=mine)
    assert r.status_code == 200, r.text
    kept = (await plan(client, run_id, iteration=2))["plan_markdown"]
    assert not kept.startswith(">") and "**Status:**" not in kept and "Exported from" not in kept
    assert kept.startswith(state["plan"].strip()[:40]) and "## My notes" in kept
