"""The proposal says when the plan will be reviewed, and a goal box says when it is full
(found in a user trial: 6 iterations with a checkpoint every 9 ran with no checkpoint and
nothing said so; a pasted 5,400-character goal was cut to 4,000 silently and planned)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from tests.browser.flow import button, propose, run_state

from planloop.domain import MAX_ITERATIONS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(60)]


def test_the_proposal_says_when_the_plan_is_reviewed(page: Page) -> None:
    page.goto("/")
    dialog = propose(page)
    reviews = dialog.locator("#proposal-reviews")
    dialog.get_by_label("Max iterations").fill("6")
    dialog.get_by_label("Checkpoint every").fill("2")
    expect(reviews).to_have_text(
        "You review the plan after iterations 2, 4, then get the final plan."
    )
    dialog.get_by_label("Checkpoint every").fill("9")
    expect(reviews).to_have_text("No checkpoint: nobody reviews the plan before it is final.")


def test_the_numbers_are_checked_as_typed_against_the_servers_limits(page: Page) -> None:
    """Found by a new user's trial: "Max iterations" took 9999 with a checkpoint every 2, the
    dialog printed "You review the plan after iterations 2, 4, 6, … 9998" (59,000
    characters) and Approve stayed enabled; only the browser's bubble said anything, on a
    field that could be scrolled out of sight."""
    page.goto("/")
    dialog = propose(page)
    runs = dialog.get_by_label("Max iterations")
    every = dialog.get_by_label("Checkpoint every")
    runs_note = dialog.locator("#max-iterations-error")
    every_note = dialog.locator("#checkpoint-interval-error")
    approve = button(dialog, "Approve")
    reviews = dialog.locator("#proposal-reviews")
    limits = f"a whole number from 1 to {MAX_ITERATIONS}"  # the server's (planloop.domain)
    every.fill("2")
    runs.fill("9999")
    expect(runs_note).to_have_text(f"Max iterations must be {limits}; 9999 is too many.")
    expect(runs).to_have_attribute("aria-invalid", "true")
    expect(runs).to_have_attribute("aria-describedby", "max-iterations-error")
    expect(approve).to_be_disabled()
    expect(reviews).to_be_empty()
    field, note = runs.bounding_box(), runs_note.bounding_box()
    assert field is not None and note is not None
    assert 0 <= note["y"] - (field["y"] + field["height"]) < 40, (field, note)  # right by it
    runs.press("Enter")  # nothing starts
    expect(dialog).to_be_visible()
    for typed, message in [
        ("0", f"Max iterations must be {limits}; 0 is too few."),
        ("2.5", f"Max iterations must be {limits}; 2.5 is not whole."),
        ("", f"Max iterations is needed: {limits}."),
    ]:
        runs.fill(typed)
        expect(runs_note).to_have_text(message)
        expect(approve).to_be_disabled()
    runs.fill(str(MAX_ITERATIONS))
    expect(runs_note).to_be_empty()
    expect(runs).not_to_have_attribute("aria-invalid", "true")
    every.fill(str(MAX_ITERATIONS + 1))
    expect(every_note).to_have_text(
        f"Checkpoint every must be {limits}; {MAX_ITERATIONS + 1} is too many."
    )
    expect(approve).to_be_disabled()
    assert page.request.get("/api/runs").json() == []
    # the most checkpoints the server allows: a summary, not a flood
    every.fill("1")
    expect(every_note).to_be_empty()
    expect(approve).to_be_enabled()
    expect(reviews).to_have_text(
        "You review the plan after iterations 1, 2, 3, … 49 (49 checkpoints),"
        " then get the final plan."
    )
    runs.fill("12")
    every.fill("2")
    expect(reviews).to_have_text(
        "You review the plan after iterations 2, 4, 6, 8, 10, then get the final plan."
    )
    approve.click()
    expect(dialog).to_be_hidden()
    page.wait_for_url("**/#run=*")
    run_id = page.url.split("#run=", 1)[1]
    state = run_state(page, run_id)
    assert (state["max_iterations"], state["checkpoint_interval"]) == (12, 2)
    assert page.request.post(f"/api/runs/{run_id}/cancel").ok


def test_a_goal_at_its_length_limit_says_so(page: Page) -> None:
    page.goto("/")
    box = page.get_by_label("Message or goal")
    box.fill("a" * 3999)
    note = page.locator("#message + .limit-note")
    expect(note).to_be_hidden()
    box.fill("b" * 5400)  # the browser keeps 4,000 of them
    expect(note).to_be_visible()
    expect(note).to_have_text("At the 4,000-character limit: anything past it is not kept.")
    assert len(box.input_value()) == 4000


def test_a_full_goal_carried_into_the_proposal_says_so_there(page: Page) -> None:
    """The composer's notice is behind the modal dialog; the dialog's goal box says it."""
    page.goto("/")
    page.get_by_label("Message or goal").fill("c" * 5400)
    page.get_by_role("button", name="Plan", exact=True).click()
    note = page.locator("#proposal-goal + .limit-note")
    expect(note).to_be_visible()
    expect(note).to_have_text("At the 4,000-character limit: anything past it is not kept.")
    assert len(page.locator("#proposal-goal").input_value()) == 4000
