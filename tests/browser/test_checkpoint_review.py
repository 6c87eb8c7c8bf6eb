"""Issue 16, items 3 and 5 in the page: at a checkpoint the plan is there to read (rendered,
its changed sections marked, or the plain diff); the dialog requests changes, takes an
edited plan, approves or rejects; any iteration's plan opens from the timeline, and
"Continue from here" starts a new run from it (the run itself stays as it is)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from tests.browser.conftest import DESKTOP, PHONE, Watch, new_page
from tests.browser.flow import (
    button,
    checkpoint_dialog,
    create_run,
    in_viewport,
    no_horizontal_overflow,
    open_run,
    run_state,
    says,
)
from tests.server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

HOSTILE_EDIT = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def plan_view(cp: Locator) -> Locator:
    return cp.get_by_role("region", name="Plan at this checkpoint", exact=True)


def test_the_plan_and_its_changes_at_a_checkpoint_then_request_changes(page: Page) -> None:
    page.goto("/")
    run_id = create_run(page, max_iterations=4, checkpoint_interval=2)
    open_run(page, "", run_id)
    cp = checkpoint_dialog(page, 1)
    expect(cp).to_be_visible()
    plan = plan_view(cp)
    expect(plan.locator("h1")).to_contain_text("Plan: Open a bakery in Lisbon")
    expect(plan.locator("table").first).to_be_visible()
    # the dialog opens on the plan, not on "+1 hour": Enter or Space there extends no
    # deadline (found as a user)
    expect(plan).to_be_focused()
    due = page.request.get(f"/api/runs/{run_id}/checkpoints/1").json().get("expires_at")
    page.keyboard.press("Enter")
    page.keyboard.press(" ")
    expect(plan).to_be_focused()
    assert page.request.get(f"/api/runs/{run_id}/checkpoints/1").json().get("expires_at") == due
    # the first checkpoint: every section is new since the start, and marked so
    changes = cp.get_by_role("list", name="Changes since the last review")
    expect(changes).to_contain_text("Added")
    expect(plan.locator(".section-added").first).to_be_visible()
    expect(plan.locator(".change-badge").first).to_have_text("new")
    assert plan.evaluate("(p) => p.scrollHeight > p.clientHeight")  # it scrolls, not the page
    # the plan's checks are part of the review (issue 17, item 4)
    checks = page.request.get(f"/api/runs/{run_id}/checkpoints/1").json()["checks"]
    assert checks
    expect(cp.get_by_role("list", name="Plan checks").get_by_role("listitem")).to_have_count(
        len(checks)
    )
    # the toggle shows the plain unified diff, and back
    toggle = button(cp, "Show diff")
    toggle.click()
    diff = cp.get_by_role("region", name="Unified diff since the last review")
    expect(diff).to_be_visible()
    expect(plan).to_be_hidden()
    expect(diff.locator(".diff-add").first).to_be_visible()
    expect(button(cp, "Show plan")).to_have_attribute("aria-pressed", "true")
    button(cp, "Show plan").click()
    expect(plan).to_be_visible()
    # request changes needs feedback
    button(cp, "Request changes").click()
    expect(cp.locator("#checkpoint-error")).to_contain_text("Say what should change")
    assert run_state(page, run_id)["status"] == "awaiting_approval"
    cp.get_by_label("Feedback (steers the next iterations)").fill("Hire 3 bakers")
    button(cp, "Request changes").click()
    expect(says(page, "↩️ Changes requested at checkpoint 1")).to_have_count(1)
    expect(says(page, "Revising iteration 1 of 4 with your feedback")).to_have_count(1)
    # back at checkpoint 1, revision 2: what changed since the last review is marked
    expect(cp).to_be_visible()
    expect(cp.locator("#checkpoint-meta")).to_contain_text("revision 2")
    expect(changes).to_contain_text(re.compile("Changed|Added"))
    expect(plan_view(cp)).to_contain_text("3 bakers")
    # every revision stays readable: the first one's plan, then back to the current
    revisions = cp.get_by_role("group", name="Revisions of this checkpoint")
    button(revisions, "Revision 1").click()
    expect(button(revisions, "Revision 1")).to_have_attribute("aria-pressed", "true")
    expect(plan_view(cp)).not_to_contain_text("3 bakers")
    button(revisions, "Revision 2 (now)").click()
    expect(plan_view(cp)).to_contain_text("3 bakers")
    button(cp, "Approve").click()
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    detail = page.request.get(f"/api/runs/{run_id}/checkpoints/1").json()
    assert detail["revision"] == 2 and detail["status"] == "approved"


def test_edit_the_plan_in_the_dialog(page: Page, watch: Watch) -> None:
    page.goto("/")
    run_id = create_run(page, max_iterations=2, checkpoint_interval=1)
    open_run(page, "", run_id)
    cp = checkpoint_dialog(page, 1)
    expect(plan_view(cp).locator("h1")).to_be_visible()
    button(cp, "Edit plan").click()
    editor = cp.get_by_label("Your version of the plan (Markdown)")
    expect(editor).to_be_visible()
    text = editor.input_value()
    assert text.startswith("# Plan: Open a bakery")
    mine = f"{text}\n\n## Our own opening party\n\nInvite the neighbours. {HOSTILE_EDIT}\n"
    editor.fill(mine)
    button(cp, "Save my plan").click()
    expect(says(page, "📝 Your edited plan was accepted at checkpoint 1")).to_have_count(1)
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    final = page.locator(".plan")
    expect(final.get_by_role("heading", name="Our own opening party")).to_be_visible()
    assert page.evaluate("window.__pwned") is None
    state = run_state(page, run_id)
    assert "Our own opening party" in state["plan"]
    watch.check()


def test_open_an_iterations_plan_and_continue_from_here(page: Page) -> None:
    page.goto("/")
    run_id = create_run(page, max_iterations=3, checkpoint_interval=5)
    open_run(page, "", run_id)
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    timeline = page.get_by_role("list", name="Timeline of iterations and checkpoints")
    button(timeline, "Plan after iteration 1").click()
    dialog = page.get_by_role("dialog", name="📄 Plan after iteration 1")
    expect(dialog).to_be_visible()
    body = dialog.get_by_role("region", name="Plan after this iteration")
    expect(body.locator("h1")).to_contain_text("Plan: Open a bakery")
    dialog.get_by_text("Continue from here").first.click()  # the <summary>
    dialog.get_by_label("What the new run should do differently").fill("Focus on a food truck")
    button(dialog, "Continue from here").click()
    expect(dialog).to_be_hidden()
    expect(page).not_to_have_url(re.compile(f"#run={run_id}$"))
    child = page.url.split("#run=", 1)[1]
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    state = run_state(page, child)
    assert state["parent_run_id"] == run_id
    assert run_state(page, run_id)["status"] == "completed"  # the parent is untouched
    runs = page.get_by_role("list", name="Earlier runs")
    # in words a person knows: the iteration and the parent's goal (a page trial's bare id)
    parent_goal = run_state(page, run_id)["goal"]
    said = f"↳ continued from iteration 1 of “{parent_goal[:40]}"
    expect(runs.get_by_text(said)).to_have_count(1)


def test_the_review_dialog_on_a_phone(
    browser: Browser, server: ServerProcess, watch: Watch
) -> None:
    width = PHONE["width"]
    context = browser.new_context(viewport=PHONE, base_url=server.url)  # type: ignore[arg-type]
    try:
        page = new_page(context, watch)
        page.goto("/")
        run_id = create_run(page, max_iterations=2, checkpoint_interval=1)
        page.goto(f"/#run={run_id}")
        cp = checkpoint_dialog(page, 1)
        expect(plan_view(cp).locator("table").first).to_be_visible()
        for name in ("Approve", "Request changes", "Edit plan", "Reject", "Review later"):
            in_viewport(page, button(cp, name))
        sizes = cp.evaluate("(d) => [d.scrollWidth, d.clientWidth]")
        assert sizes[0] <= sizes[1], sizes
        button(cp, "Edit plan").click()
        in_viewport(page, button(cp, "Save my plan"))
        no_horizontal_overflow(page, width)
        button(cp, "Discard my edits").click()
        button(cp, "Approve").click()
        expect(says(page, "✅ Planning completed!")).to_have_count(1)
        watch.check()
    finally:
        context.close()


def test_on_a_laptop_the_plan_at_a_checkpoint_gets_room_to_read(
    browser: Browser, server: ServerProcess, watch: Watch
) -> None:
    """Found by a page trial: the plan sat in a 350 px pane of a 670 px dialog on a
    1280 px screen, and a repayment table's last columns were cut off."""
    context = browser.new_context(viewport=DESKTOP, base_url=server.url)  # type: ignore[arg-type]
    page = new_page(context, watch)
    try:
        page.goto("/")
        run_id = create_run(page, max_iterations=4, checkpoint_interval=2)
        open_run(page, "", run_id)
        cp = checkpoint_dialog(page, 1)
        expect(cp).to_be_visible()
        expect(plan_view(cp).locator("table").first).to_be_visible()
        box = cp.bounding_box()
        assert box is not None and box["width"] >= 1000, box
        height = plan_view(cp).evaluate("(p) => p.clientHeight")
        assert height >= 420, height
        no_horizontal_overflow(page, 1280)
    finally:
        context.close()
