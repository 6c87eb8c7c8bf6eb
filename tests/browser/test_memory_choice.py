"""The page: a "No memory" choice in the proposal dialog, and the chat's [[links]] that open
notes, kept across a reload (real Chromium against a real server)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.browser.flow import button, propose, run_state, transcript
from tests.browser.test_memory_panel import create_entity, entity_view, memory

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

GOAL = "Open a bakery in Alfama with Ana leading the opening"


def test_no_memory_is_a_clear_choice_that_sends_an_empty_selection(page: Page) -> None:
    page.goto("/")
    create_entity(page, name="Alfama", observations=["rent: EUR 2,400 a month"])
    create_entity(page, name="Ana", observations=["a baker who leads the opening"])
    sent: list[Any] = []
    page.on(
        "request",
        lambda r: (
            sent.append(r.post_data_json)
            if r.url.endswith(("/api/proposals", "/api/runs")) and r.method == "POST"
            else None
        ),
    )
    dialog = propose(page, GOAL)
    # nothing checked: automatic grounding, the field left out, the related notes used
    expect(dialog.locator("#proposal-memory")).to_contain_text("Alfama")
    assert "selected_entities" not in sent[-1]
    no_memory = dialog.get_by_role("checkbox", name="No memory")
    expect(no_memory).not_to_be_checked()
    no_memory.check()
    expect(dialog.locator("#proposal-memory")).to_have_text(
        "No memory: the plan starts from the goal alone."
    )
    assert sent[-1] == {"goal": GOAL, "selected_entities": []}
    expect(dialog.locator('input[value="Alfama"]')).to_be_disabled()
    expect(dialog.locator('input[value="Alfama"]')).not_to_be_checked()
    dialog.get_by_label("Max iterations").fill("1")
    dialog.get_by_label("Checkpoint every").fill("1")
    button(dialog, "Approve").click()
    page.wait_for_url("**/#run=*")
    assert sent[-1]["selected_entities"] == []
    state = run_state(page, page.url.split("#run=", 1)[1])
    assert state["no_memory"] is True and state["selected_entities"] == []
    # the next proposal starts automatic again
    dialog = propose(page, GOAL)
    expect(dialog.get_by_role("checkbox", name="No memory")).not_to_be_checked()
    expect(dialog.locator("#proposal-memory")).to_contain_text("Alfama")


def test_chat_links_open_notes_and_the_conversation_survives_a_reload(page: Page) -> None:
    page.goto("/")
    create_entity(
        page, name="Belem", observations=["rent: EUR 2,400 a month <img src=x onerror=alert(1)>"]
    )
    box = page.get_by_label("Message or goal")
    box.fill("What is the rent in Belem?")
    box.press("Enter")
    log = transcript(page)
    reply = log.locator(".msg-assistant").last
    link = reply.get_by_role("link", name="Belem", exact=True).first
    expect(link).to_be_visible()
    expect(reply).to_contain_text("rent: EUR 2,400 a month")
    expect(reply.locator("img")).to_have_count(0)  # the note's text stays text
    link.click()
    expect(entity_view(page, "Belem")).to_be_visible()

    page.reload()
    expect(log.locator(".msg-user .msg-text")).to_have_text(["What is the rent in Belem?"])
    kept = log.locator(".msg-assistant").last
    expect(kept).to_contain_text("rent: EUR 2,400 a month")
    expect(kept.locator("img")).to_have_count(0)
    kept.get_by_role("link", name="Belem", exact=True).first.click()
    expect(entity_view(page, "Belem")).to_be_visible()
    expect(memory(page)).to_be_visible()
