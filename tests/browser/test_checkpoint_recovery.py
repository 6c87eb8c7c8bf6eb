"""A checkpoint whose plan could not be loaded recovers, and cannot be decided unseen.

Found by a new user's trial with two windows on one run: the first went offline, the
second approved checkpoint 1, the first came back online. It then showed checkpoint 2 with
"The plan could not be loaded." and checkpoint 1's checks, still after 10 s and after
"Review later" → "Review checkpoint", and its Reject still worked on the plan nobody saw.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Route, expect
from tests.browser.conftest import Watch, new_page, pump_until
from tests.browser.flow import button, checkpoint_dialog, create_run, open_run, run_state, says
from tests.server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

DECISIONS = ("Approve", "Request changes", "Edit plan", "Reject")


def plan_view(cp: Locator) -> Locator:
    return cp.get_by_role("region", name="Plan at this checkpoint", exact=True)


def checks_of(page: Page, run_id: str, number: int) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = page.request.get(
        f"/api/runs/{run_id}/checkpoints/{number}"
    ).json()["checks"]
    assert checks
    return checks


def cannot_decide(cp: Locator) -> None:
    expect(plan_view(cp)).to_contain_text("The plan at this checkpoint could not be loaded")
    expect(button(cp, "Try again")).to_be_visible()
    expect(cp.locator("#checkpoint-hold")).to_have_text(
        "The plan is not shown, so this checkpoint cannot be decided yet."
    )
    for name in DECISIONS:
        expect(button(cp, name)).to_be_disabled()


def can_decide(cp: Locator) -> None:
    expect(plan_view(cp).locator("h1")).to_contain_text("Plan: Open a bakery")
    expect(cp.locator("#checkpoint-hold")).to_be_empty()
    for name in DECISIONS:
        expect(button(cp, name)).to_be_enabled()


def test_a_window_back_online_shows_the_checkpoint_another_window_moved_to(
    browser: Browser, server: ServerProcess, context: BrowserContext, page: Page, watch: Watch
) -> None:
    """The second window shares the first's session (one person, two windows)."""
    watch.allow_network_errors = True  # the offline window's failed requests
    page.goto("/")
    run_id = create_run(page, max_iterations=6, checkpoint_interval=2)
    open_run(page, "", run_id)
    cp1 = checkpoint_dialog(page, 1)
    can_decide(cp1)
    expect(cp1.get_by_role("list", name="Plan checks")).to_be_visible()
    other = browser.new_context(base_url=server.url, storage_state=context.storage_state())
    try:
        second = new_page(other, watch)
        open_run(second, "", run_id)
        context.set_offline(True)
        button(checkpoint_dialog(second, 1), "Approve").click()
        cp2_there = checkpoint_dialog(second, 2)
        can_decide(cp2_there)
        # offline, the first window hears of checkpoint 2 but cannot load its plan: it says
        # so, keeps nothing of checkpoint 1's, and takes no decision
        cp2 = checkpoint_dialog(page, 2)
        expect(cp2).to_be_visible()
        cannot_decide(cp2)
        expect(cp2.locator("#checkpoint-checks")).to_be_empty()
        # back online: it loads checkpoint 2's plan and checks by itself
        context.set_offline(False)
        can_decide(cp2)
        expect(plan_view(cp2)).to_have_text(plan_view(cp2_there).inner_text())
        expect(cp2.get_by_role("list", name="Plan checks").get_by_role("listitem")).to_have_count(
            len(checks_of(page, run_id, 2))
        )
        button(cp2, "Approve").click()
        expect(says(page, "✅ Planning completed!")).to_have_count(1)
    finally:
        other.close()


def test_try_again_and_review_checkpoint_load_a_plan_that_failed(page: Page, watch: Watch) -> None:
    watch.allow_network_errors = True  # the refused requests below
    tries: list[str] = []

    def refuse(route: Route) -> None:
        tries.append(route.request.url)
        route.fulfill(
            status=503,
            content_type="application/json",
            body='{"error": {"code": "unavailable", "message": "the server is restarting"}}',
        )

    checkpoint = re.compile(r"/api/runs/[^/]+/checkpoints/1$")
    page.route(checkpoint, refuse)
    page.goto("/")
    run_id = create_run(page, max_iterations=2, checkpoint_interval=1)
    open_run(page, "", run_id)
    cp = checkpoint_dialog(page, 1)
    cannot_decide(cp)
    expect(plan_view(cp)).to_contain_text("could not be loaded: the server is restarting.")
    seen = len(tries)
    button(cp, "Try again").click()
    pump_until(page, lambda: len(tries) > seen, "Try again asks again")
    cannot_decide(cp)
    assert run_state(page, run_id)["status"] == "awaiting_approval"
    page.unroute(checkpoint)
    button(cp, "Review later").click()
    button(page, "Review checkpoint").click()
    can_decide(cp)
    button(cp, "Approve").click()
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
