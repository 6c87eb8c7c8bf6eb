"""Items 12-14: safe rendering under a strict CSP, keyboard and screen reader, phone and desktop."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import DESKTOP, PHONE, Watch, new_page, pump_until
from tests.browser.flow import (
    button,
    checkpoint_dialog,
    in_viewport,
    no_horizontal_overflow,
    proposal_dialog,
    propose,
    run_state,
    says,
    start,
    transcript,
)
from tests.server import ServerProcess

from planloop.api.headers import CSP

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

HOSTILE = (
    '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    "[x](javascript:alert(1)) ![r](http://127.0.0.1:9/x.png) plan a bakery with $40,000"
)


def test_item12_hostile_text_runs_nothing_and_fetches_nothing(
    page: Page, watch: Watch, server: ServerProcess
) -> None:
    response = page.goto("/")
    assert response is not None
    headers = response.headers
    assert headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    # a chat message and a whole run with the hostile goal
    box = page.get_by_label("Message or goal")
    box.fill(HOSTILE)
    box.press("Enter")
    expect(transcript(page).locator(".msg-assistant")).to_have_count(1)
    expect(transcript(page).locator(".msg-assistant")).not_to_contain_text("Thinking…")
    dialog = propose(page, HOSTILE)
    expect(dialog.locator("#proposal-approach")).to_contain_text("<img src=x")
    dialog.get_by_label("Max iterations").fill("2")
    dialog.get_by_label("Checkpoint every").fill("2")
    button(dialog, "Approve").click()
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    plan = transcript(page).locator(".plan")
    expect(plan.locator("h1")).to_contain_text("<img src=x")  # shown as text
    expect(says(page, f"🎯 {HOSTILE}")).to_have_count(1)
    runs = page.get_by_role("list", name="Earlier runs")
    expect(runs.get_by_role("button").first).to_contain_text("<script>window.__pwned=2</script>")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1  # app.js only
    assert page.locator("a[href^='javascript'], [onerror], [onclick], [style]").count() == 0
    for link in page.locator(".markdown a[href]").all():
        assert re.match(r"^(https?:|mailto:)", link.get_attribute("href") or ""), link
        assert link.get_attribute("rel") == "noopener noreferrer nofollow"
    # The page's own links beside a plan: its downloads and its contents, nothing else.
    for link in page.locator("a[href]:not(.markdown a)").all():
        href = link.get_attribute("href") or ""
        assert re.match(r"^/api/runs/[0-9a-f]+/plan\?format=[a-z]+$|^#plan-[0-9a-f]{8}-", href), (
            href
        )
    assert [u for u in watch.requests if not u.startswith(server.url)] == []
    assert [u for u in watch.requests if ":9/" in u] == []
    # and if markup ever got through, the policy would still refuse to run or load it
    watch.check()
    page.evaluate(
        """() => { const t = document.createElement('div');
        t.setAttribute('id', 'probe');
        t.append(document.createRange().createContextualFragment(
          '<img src="http://127.0.0.1:9/y.png" onerror="window.__pwned=3">' +
          '<script>window.__pwned=4</scr' + 'ipt>'));
        document.body.append(t); }"""
    )
    # the browser reports both refusals once it has tried: then nothing ran
    pump_until(
        page,
        lambda: all(s in " ".join(watch.console_errors) for s in ("img-src", "script-src")),
        "the CSP refusals of the probe",
    )
    assert page.evaluate("window.__pwned") is None
    blocked = " ".join(watch.console_errors)
    assert "img-src 'self'" in blocked and "script-src 'self'" in blocked, blocked
    assert all("Content Security Policy" in m for m in watch.console_errors)
    watch.console_errors.clear()


def test_item13_keyboard_and_screen_reader(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("log", name="Transcript")).to_have_attribute("aria-live", "polite")
    for name in ("Plan", "Send"):
        expect(button(page, name)).to_have_count(1)
    # Enter sends, Shift+Enter is a new line
    box = page.get_by_label("Message or goal")
    box.fill("first line")
    box.press("Shift+Enter")
    expect(box).to_have_value("first line\n")
    box.press("Enter")
    expect(says(page, "first line")).to_have_count(1)
    # the keyboard reaches Plan; the dialog takes the focus; Escape closes it, nothing starts
    box.fill("Open a bakery in Lisbon with a budget of $40,000 within 6 months")
    box.press("Tab")
    expect(button(page, "Send")).to_be_focused()
    page.keyboard.press("Tab")
    expect(button(page, "Plan")).to_be_focused()
    page.keyboard.press("Enter")
    dialog = proposal_dialog(page)
    expect(dialog).to_be_visible()
    expect(dialog).to_have_attribute("role", "dialog")
    expect(dialog).to_have_attribute("aria-modal", "true")
    assert page.evaluate("document.activeElement.closest('dialog')?.id") == "proposal-dialog"
    expect(button(dialog, "Approve")).to_be_enabled()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.request.get("/api/runs").json() == []
    expect(button(page, "Plan")).to_be_focused()  # focus returns to where it was
    # approve with the keyboard
    dialog = propose(page)
    dialog.get_by_label("Max iterations").fill("4")
    dialog.get_by_label("Checkpoint every").fill("2")
    button(dialog, "Approve").focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    for name in ("Pause", "Resume", "Stop"):
        expect(button(page, name)).to_have_count(1)
    # Escape never decides a checkpoint: it puts its dialog aside as "Review later" does,
    # and Enter on "Review checkpoint", where the keyboard then is, brings it back
    cp = checkpoint_dialog(page, 1)
    expect(cp).to_be_visible()
    expect(cp).to_have_attribute("role", "dialog")
    for name in ("Approve", "Reject"):
        expect(button(cp, name)).to_have_count(1)
    run_id = page.url.split("#run=", 1)[1]
    page.keyboard.press("Escape")
    expect(cp).to_be_hidden()
    expect(button(page, "Review checkpoint")).to_be_focused()
    state = run_state(page, run_id)
    assert state["status"] == "awaiting_approval" and state["pending_checkpoint"] == 1
    expect(says(page, "Checkpoint approved")).to_have_count(0)
    page.keyboard.press("Enter")
    expect(cp).to_be_visible()
    assert page.evaluate("document.activeElement.closest('dialog')?.id") == "checkpoint-dialog"
    expect(button(cp, "Approve")).to_be_enabled()
    button(cp, "Approve").focus()
    page.keyboard.press("Space")
    expect(cp).to_be_hidden()
    expect(says(page, "✅ Checkpoint approved! Continuing iterations...")).to_have_count(1)
    expect(says(page, "✅ Planning completed!")).to_have_count(1)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_item14_phone_and_desktop_layouts(
    browser: Browser, server: ServerProcess, watch: Watch, viewport: dict[str, int]
) -> None:
    width = viewport["width"]
    context = browser.new_context(viewport=viewport, base_url=server.url)  # type: ignore[arg-type]
    try:
        page = new_page(context, watch)
        page.goto("/")
        no_horizontal_overflow(page, width)
        for name in ("Plan", "Send"):
            in_viewport(page, button(page, name))
        in_viewport(page, page.get_by_label("Message or goal"))
        dialog = propose(page)
        in_viewport(page, button(dialog, "Approve"))
        in_viewport(page, dialog.get_by_label("Max iterations"))
        no_horizontal_overflow(page, width)
        dialog.get_by_label("Max iterations").fill("4")
        dialog.get_by_label("Checkpoint every").fill("2")
        button(dialog, "Approve").click()
        expect(says(page, "iteration 1 of 4")).to_have_count(1)
        # On a phone the page scrolls and follows the run down; a person reaching for the
        # run's controls scrolls up to them, and they stay there while the run goes on.
        if viewport is PHONE:
            # Up only once it has been followed down: while the run still fits the screen,
            # the top is its end too and following it on is right (this raced: scrolled
            # "up" at 0, the page went on following as the run grew).
            page.wait_for_function("() => window.scrollY > 0")
        page.evaluate("() => window.scrollTo(0, 0)")
        for name in ("Pause", "Resume", "Stop"):
            in_viewport(page, button(page, name))
        expect(says(page, "iteration 2 of 4")).to_have_count(1)
        assert page.evaluate("() => window.scrollY") == 0  # not pulled down meanwhile
        cp = checkpoint_dialog(page, 1)
        expect(cp).to_be_visible()
        for name in ("Approve", "Reject"):
            in_viewport(page, button(cp, name))
        in_viewport(page, cp.get_by_role("heading", name="✋ Checkpoint 1 - Approve to Continue?"))
        no_horizontal_overflow(page, width)
        button(cp, "Approve").click()
        expect(says(page, "✅ Planning completed!")).to_have_count(1)
        expect(transcript(page).locator(".plan table").first).to_be_visible()
        no_horizontal_overflow(page, width)
        in_viewport(page, button(page, "Plan"))
        watch.check()
    finally:
        context.close()


def test_item14_start_from_scratch_on_a_phone(
    browser: Browser, server: ServerProcess, watch: Watch
) -> None:
    """The runs panel folds away on a phone, leaving the transcript room."""
    context = browser.new_context(viewport=PHONE, base_url=server.url)  # type: ignore[arg-type]
    try:
        page = new_page(context, watch)
        page.goto("/")
        expect(page.locator("#runs-panel")).not_to_have_attribute("open", "")
        run_id = start(page, iterations=1, interval=1)
        expect(says(page, "✅ Planning completed!")).to_have_count(1)
        page.locator("#runs-panel summary").click()
        expect(page.get_by_role("list", name="Earlier runs").get_by_role("button")).to_have_count(1)
        assert run_id in page.url
        no_horizontal_overflow(page, PHONE["width"])
        watch.check()
    finally:
        context.close()
