"""The proposal says when the plan will be reviewed, and a goal box says when it is full
(found in a user trial: 6 iterations with a checkpoint every 9 ran with no checkpoint and
nothing said so; a pasted 5,400-character goal was cut to 4,000 silently and planned)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from tests.browser.flow import propose

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
