"""Steps the browser tests share: find things the way a person (or a screen reader) does."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page, expect
from tests.factories import GOAL


def button(scope: Page | Locator, name: str) -> Locator:
    return scope.get_by_role("button", name=name, exact=True)


def proposal_dialog(page: Page) -> Locator:
    return page.get_by_role("dialog", name="📋 Proposed approach")


def checkpoint_dialog(page: Page, number: int) -> Locator:
    return page.get_by_role("dialog", name=f"✋ Checkpoint {number} - Approve to Continue?")


def transcript(page: Page) -> Locator:
    return page.get_by_role("log", name="Transcript")


def says(page: Page, text: str) -> Locator:
    """Transcript messages (their headline) containing ``text``."""
    return transcript(page).locator(".msg-text", has_text=text)


def texts(page: Page) -> list[str]:
    return transcript(page).locator(".msg-text").all_inner_texts()


def propose(page: Page, goal: str = GOAL) -> Locator:
    page.get_by_label("Message or goal").fill(goal)
    button(page, "Plan").click()
    dialog = proposal_dialog(page)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Approach", exact=True)).to_be_visible()
    expect(button(dialog, "Approve")).to_be_enabled()
    return dialog


def start(page: Page, goal: str = GOAL, iterations: int = 4, interval: int = 2) -> str:
    """Plan through the page, approve the proposal; returns the run id from the URL."""
    dialog = propose(page, goal)
    dialog.get_by_label("Max iterations").fill(str(iterations))
    dialog.get_by_label("Checkpoint every").fill(str(interval))
    button(dialog, "Approve").click()
    expect(dialog).to_be_hidden()
    page.wait_for_url("**/#run=*")
    return page.url.split("#run=", 1)[1]


def create_run(page: Page, **body: Any) -> str:
    """Start a run through the API with the page's own session cookie."""
    payload = {"goal": GOAL, "max_iterations": 4, "checkpoint_interval": 2, **body}
    r = page.request.post("/api/runs", data=payload)
    assert r.status == 201, r.text()
    run_id: str = r.json()["run_id"]
    return run_id


def run_state(page: Page, run_id: str) -> dict[str, Any]:
    r = page.request.get(f"/api/runs/{run_id}")
    assert r.ok, r.text()
    state: dict[str, Any] = r.json()
    return state


def open_run(page: Page, base_url: str, run_id: str) -> None:
    page.goto(f"{base_url}/#run={run_id}")
    expect(says(page, "🚀 Starting planning with")).to_have_count(1)


def no_horizontal_overflow(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    body_width = page.evaluate("document.body.scrollWidth")
    assert scroll_width <= width and body_width <= width, (scroll_width, body_width)


def in_viewport(page: Page, locator: Locator) -> None:
    """Visible and, once scrolled to (as a person would), wholly inside the viewport."""
    expect(locator).to_be_visible()
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 0.5, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"] + 0.5, box
