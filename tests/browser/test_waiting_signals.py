"""Issue 16, items 3 and 8: the person is told a checkpoint waits, and may put it aside.

The checkpoint dialog can be dismissed ("Review later") to read the page behind it and
reopened from the persistent waiting bar; the tab's title and favicon say "waiting for
you"; a browser notification comes for a checkpoint in a run the person is not looking at
(another run, or a hidden tab) — only after they allowed it with the 🔔 button, never on load.

Chromium's Notification is replaced by a recorder (the page sees the standard API): a
headless browser shows no notifications, and the test must see exactly what was sent.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from tests.browser.conftest import pump_until
from tests.browser.flow import (
    button,
    checkpoint_dialog,
    create_run,
    run_state,
    says,
    transcript,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

FAKE_NOTIFICATIONS = """(() => {
  window.__asked = 0;
  window.__notes = [];
  window.__hidden = false;
  class FakeNotification {
    constructor(title, options = {}) {
      window.__notes.push({ title, body: options.body, tag: options.tag });
    }
    close() {}
  }
  // like a browser, it remembers the person's answer for the site
  FakeNotification.permission = sessionStorage.getItem('fake-permission') || 'default';
  FakeNotification.requestPermission = async () => {
    window.__asked += 1;
    sessionStorage.setItem('fake-permission', 'granted');
    FakeNotification.permission = 'granted';
    return 'granted';
  };
  window.Notification = FakeNotification;
  Object.defineProperty(Document.prototype, 'hidden', { get: () => window.__hidden });
})()"""


def icon(page: Page) -> str:
    href: str = page.evaluate("document.querySelector('link[rel=icon]').getAttribute('href')")
    return href


def notes(page: Page) -> list[dict[str, str]]:
    found: list[dict[str, str]] = page.evaluate("window.__notes")
    return found


def test_dismiss_reopen_and_the_tab_says_waiting(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_title("planloop")
    assert icon(page) == "favicon.svg"
    run_id = create_run(page, max_iterations=2, checkpoint_interval=1)
    page.goto(f"/#run={run_id}")
    cp = checkpoint_dialog(page, 1)
    expect(cp).to_be_visible()
    expect(page).to_have_title("✋ Waiting for you · planloop")
    assert icon(page) == "favicon-waiting.svg"
    bar = page.get_by_role("region", name="Waiting for you")
    expect(bar).to_be_hidden()  # the dialog is open: the bar waits behind it
    button(cp, "Review later").click()
    expect(cp).to_be_hidden()
    expect(bar).to_be_visible()
    expect(bar).to_contain_text("✋ Checkpoint 1 is waiting for you")
    # the page behind is usable: scroll the transcript, fold the runs list
    expect(says(page, "⏹️ CHECKPOINT REACHED (Iteration 1)")).to_be_visible()
    page.locator("#runs-panel summary").click()
    expect(page).to_have_title("✋ Waiting for you · planloop")  # still waiting
    page.wait_for_timeout(300)
    expect(cp).to_be_hidden()  # it does not pop back by itself
    button(bar, "Review checkpoint").click()
    expect(cp).to_be_visible()
    expect(bar).to_be_hidden()
    button(cp, "Review later").click()
    # a reload brings the waiting run back with its dialog
    page.reload()
    expect(cp).to_be_visible()
    button(cp, "Approve").click()
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    expect(page).to_have_title("planloop")
    assert icon(page) == "favicon.svg"
    expect(bar).to_be_hidden()


def test_escape_puts_the_checkpoint_aside_as_review_later_does(page: Page) -> None:
    """Found by a new user's trial: Escape did nothing in the checkpoint dialog. It puts the
    checkpoint aside as "Review later" does: nothing is decided, the run keeps waiting, what
    was typed stays, and the keyboard is on "Review checkpoint", which brings it back."""
    page.goto("/")
    run_id = create_run(page, max_iterations=2, checkpoint_interval=1)
    page.goto(f"/#run={run_id}")
    cp = checkpoint_dialog(page, 1)
    expect(cp).to_be_visible()
    feedback = cp.get_by_label("Feedback (steers the next iterations)")
    feedback.fill("Keep rent under $2,500")
    page.keyboard.press("Escape")
    expect(cp).to_be_hidden()
    bar = page.get_by_role("region", name="Waiting for you")
    expect(bar).to_contain_text("✋ Checkpoint 1 is waiting for you")
    review = button(bar, "Review checkpoint")
    expect(review).to_be_focused()
    state = run_state(page, run_id)
    assert state["status"] == "awaiting_approval" and state["pending_checkpoint"] == 1
    expect(says(page, "Checkpoint approved")).to_have_count(0)
    page.keyboard.press("Enter")
    expect(cp).to_be_visible()
    expect(feedback).to_have_value("Keep rent under $2,500")
    button(cp, "Review later").click()
    expect(review).to_be_focused()  # the same way back from "Review later"
    review.click()
    button(cp, "Approve").click()
    expect(transcript(page).get_by_text("💬 Feedback: Keep rent under $2,500")).to_have_count(1)
    expect(says(page, "✅ Planning completed!")).to_have_count(1)


def test_notifications_only_after_the_person_allows_them(page: Page) -> None:
    page.add_init_script(FAKE_NOTIFICATIONS)
    page.goto("/")
    notify = button(page, "🔔 Notify me")
    expect(notify).to_be_visible()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__asked") == 0  # never asked on load
    # a run that already waited when the page opened changes the title but is not news
    early = create_run(page, max_iterations=2, checkpoint_interval=1)
    pump_until(page, lambda: run_state(page, early)["status"] == "awaiting_approval", "a wait")
    page.reload()
    expect(page).to_have_title("✋ Waiting for you · planloop")
    notify = button(page, "🔔 Notify me")
    notify.click()
    expect(notify).to_be_hidden()
    assert page.evaluate("window.__asked") == 1
    assert notes(page) == []
    # another run reaches a checkpoint while the page shows none: one notification
    goal = "Open a flower shop in Porto"
    other = create_run(page, goal=goal, max_iterations=2, checkpoint_interval=1)
    pump_until(page, lambda: len(notes(page)) >= 1, "a notification for the other run", 20)
    page.wait_for_timeout(500)
    assert [n["body"] for n in notes(page)] == [goal], notes(page)
    assert notes(page)[0]["title"] == "planloop: a checkpoint is waiting for you"
    # looking at a run: its checkpoint does not notify while the tab is visible
    page.goto("/")  # a fresh page: the recorder starts empty
    expect(button(page, "🔔 Notify me")).to_be_hidden()  # allowed already: no button
    page.goto(f"/#run={other}")
    expect(checkpoint_dialog(page, 1)).to_be_visible()
    button(checkpoint_dialog(page, 1), "Approve").click()
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    assert notes(page) == []
    # the tab is hidden: the open run's checkpoint notifies
    page.evaluate("window.__hidden = true")
    hidden_goal = "Open a bike repair shop in Braga"
    seen = create_run(page, goal=hidden_goal, max_iterations=2, checkpoint_interval=1)
    page.evaluate(f"window.location.hash = 'run={seen}'")
    expect(says(page, "⏹️ CHECKPOINT REACHED (Iteration 1)")).to_have_count(1)
    pump_until(page, lambda: len(notes(page)) >= 1, "a notification in a hidden tab", 20)
    page.wait_for_timeout(500)
    assert [n["body"] for n in notes(page)] == [hidden_goal], notes(page)
    assert transcript(page).is_visible()
    for run_id in (early, seen):
        r = page.request.post(f"/api/runs/{run_id}/cancel")
        assert r.ok, r.text()
