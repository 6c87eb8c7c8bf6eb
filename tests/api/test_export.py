"""A run's plan downloaded in every format (issue 18, item 1), in-process: the content
type, the file name from the goal, the partial mark of a rejected or running run's plan,
an earlier iteration's plan, and bad input that is refused with nothing changed."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.api.review_steps import decide, ended, parked
from tests.calendars import check_calendar, check_csv
from tests.helpers import start_run
from tests.inprocess import InProcessApp

pytestmark = [pytest.mark.timeout(60), pytest.mark.in_process]
GOAL = 'Open "Café Lua", a bakery in Lisbon, within 6 months 🥐'


async def download(client: httpx.AsyncClient, run_id: str, **params: object) -> httpx.Response:
    r = await client.get(f"/api/runs/{run_id}/plan", params=params)
    assert r.status_code == 200, r.text
    return r


async def test_every_format_downloads_with_its_type_and_a_name_from_the_goal(
    client: httpx.AsyncClient,
) -> None:
    run_id = await start_run(client, goal=GOAL, max_iterations=2, checkpoint_interval=2)
    await ended(client, run_id)
    types = {
        "md": "text/markdown; charset=utf-8",
        "html": "text/html; charset=utf-8",
        "json": "application/json",
        "ics": "text/calendar; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
    }
    for fmt, media_type in types.items():
        r = await download(client, run_id, format=fmt)
        assert r.headers["content-type"] == media_type
        assert r.headers["content-disposition"] == (
            f'attachment; filename="open-cafe-lua-a-bakery-in-lisbon-within-6-months.{fmt}"'
        )
    md = (await download(client, run_id, format="md")).text
    assert md.startswith(f"> **Goal:** {GOAL}\\\n> **Status:** final plan, after iteration 2")
    body = (await download(client, run_id, format="json")).json()
    assert body["goal"] == GOAL and body["partial"] is False and body["milestones"]
    assert body["deadline"] is not None  # "within 6 months", from the run's start
    check_calendar((await download(client, run_id, format="ics")).text, body)
    check_csv((await download(client, run_id, format="csv")).text, body)


async def test_an_earlier_iteration_and_a_rejected_runs_plan_are_marked_partial(
    client: httpx.AsyncClient,
) -> None:
    run_id, _ = await parked(client, goal=GOAL, max_iterations=4, checkpoint_interval=2)
    r = await decide(client, run_id, 1, decision="reject", feedback="not now")
    assert r.status_code == 200, r.text
    await ended(client, run_id)
    first = await download(client, run_id, format="json", iteration=1)
    assert json.loads(first.text)["iteration"] == 1
    assert first.headers["content-disposition"].endswith('-iteration-1.json"')
    latest = json.loads((await download(client, run_id, format="json")).text)
    assert latest["partial"] is True and latest["status"] == "rejected"
    html = (await download(client, run_id, format="html")).text
    assert "This is a partial plan: the run is rejected" in html


async def test_a_running_runs_plan_is_partial(client: httpx.AsyncClient) -> None:
    run_id, _ = await parked(client, goal=GOAL, max_iterations=4, checkpoint_interval=2)
    md = (await download(client, run_id, format="md")).text
    assert "partial plan (awaiting approval), after iteration 2" in md


async def test_bad_formats_and_iterations_are_refused(
    client: httpx.AsyncClient, app_server: InProcessApp
) -> None:
    run_id, _ = await parked(client, goal=GOAL, max_iterations=4, checkpoint_interval=2)
    r = await client.get(f"/api/runs/{run_id}/plan", params={"format": "pdf"})
    assert r.status_code == 422, r.text
    assert "format" in r.text
    r = await client.get(f"/api/runs/{run_id}/plan", params={"format": "md", "iteration": 3})
    assert r.status_code == 404 and r.json()["error"]["code"] == "iteration_not_found"
    async with app_server.client() as other:
        r = await other.get(f"/api/runs/{run_id}/plan", params={"format": "md"})
    assert r.status_code == 404  # someone else's run does not exist for them
