"""One word for one status everywhere on the page, and the runs list as current as the run
bar (found by a new user's trial: the list said "stopped" and the run bar "cancelled" for
one run; the list said "0/20 · running" while the run bar said "Iterations 8 of 20 done").

The planner is held (tests/held_server.py) in the run's first iteration, so the list has
shown the run at 0 before it moves on: no clock decides what either shows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, Route, expect
from tests.browser.flow import checkpoint_dialog, create_run, open_run, run_state
from tests.server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]


@pytest.fixture
def hold(server: ServerProcess) -> Iterator[Path]:
    """While this file exists a run's iteration waits after its first progress."""
    path = server.workdir / "hold"
    path.touch()
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def listed(page: Page, goal: str) -> Locator:
    return page.get_by_role("list", name="Earlier runs").get_by_role(
        "button", name=re.compile(re.escape(goal))
    )


def freeze_the_list(page: Page) -> None:
    """From now on the runs list's poll gets the list as it is now: the list is as stale as a
    hidden tab's (which does not poll) or as one between two polls."""
    body = json.dumps(page.request.get("/api/runs?limit=50").json())

    def stale(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=body)

    page.route(re.compile(r"/api/runs\?limit="), stale)


def test_the_list_keeps_up_with_the_run_bar_and_says_its_words(page: Page, hold: Path) -> None:
    page.goto("/")
    goal = "Open a bakery in Porto with a budget of $30,000 within 5 months"
    run_id = create_run(page, goal=goal, max_iterations=20, checkpoint_interval=3)
    open_run(page, "", run_id)
    item = listed(page, goal)
    expect(item).to_contain_text("0/20")
    expect(item.locator(".badge")).to_have_text("running")
    freeze_the_list(page)
    hold.unlink()  # the run goes on to its first checkpoint, after iteration 3
    expect(checkpoint_dialog(page, 1)).to_be_visible()
    assert run_state(page, run_id)["status"] == "awaiting_approval"
    expect(page.locator("#progress-label")).to_have_text(
        "Iterations 3 of 20 done — waiting for approval"
    )
    expect(page.locator("#run-title")).to_have_text(f"{goal} · waiting for approval")
    expect(item.locator(".badge")).to_have_text("waiting for approval")
    expect(item).to_contain_text("3/20")


def test_a_stopped_run_is_stopped_in_the_list_the_run_bar_and_the_timeline(
    page: Page, hold: Path
) -> None:
    page.goto("/")
    goal = "Open a bakery in Braga with a budget of $20,000 within 4 months"
    run_id = create_run(page, goal=goal, max_iterations=20, checkpoint_interval=20)
    open_run(page, "", run_id)
    item = listed(page, goal)
    expect(item.locator(".badge")).to_have_text("running")
    assert page.request.post(f"/api/runs/{run_id}/cancel").ok
    hold.unlink()
    expect(page.locator("#run-title")).to_have_text(f"{goal} · stopped")
    assert run_state(page, run_id)["status"] == "cancelled"  # the API's name for it
    expect(page.locator("#progress-label")).to_contain_text("— stopped")
    expect(page.locator("#timeline .tl-end")).to_have_text("⏹️ stopped")
    expect(item.locator(".badge")).to_have_text("stopped")
    expect(page.locator("#run-bar")).not_to_contain_text("cancelled")


def test_stop_asks_once_more_before_it_ends_the_run(page: Page, hold: Path) -> None:
    """Found by a new user's trial: Stop ended a run for good with one click, while Reject
    asks "Yes, reject" first. Stop asks the same way."""
    page.goto("/")
    run_id = create_run(page, max_iterations=6, checkpoint_interval=6)
    open_run(page, "", run_id)
    stop = page.get_by_role("button", name="Stop", exact=True)
    stop.click()
    confirm = page.get_by_role("button", name="Yes, stop", exact=True)
    expect(confirm).to_be_visible()
    expect(
        page.get_by_role("alert").filter(has_text="Stopping ends the run for good")
    ).to_be_visible()
    assert run_state(page, run_id)["status"] == "running"  # nothing was sent
    expect(page.locator("#run-title")).to_contain_text("· running")
    confirm.click()
    expect(page.locator("#run-title")).to_contain_text("· stopped")
    hold.unlink()
    assert run_state(page, run_id)["status"] == "cancelled"
    expect(stop).to_be_disabled()  # its own label again, and nothing left to stop
    expect(page.locator("#stop-confirm")).to_be_empty()
