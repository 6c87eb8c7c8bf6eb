"""Items 7-9: errors, a dropped connection, reloads and two tabs on one run."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect
from tests.browser.conftest import Watch, new_page, pump_until, start_server
from tests.browser.flow import (
    button,
    checkpoint_dialog,
    create_run,
    open_run,
    run_state,
    says,
    start,
    texts,
    transcript,
)
from tests.server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]


def _each_once(page: Page, iterations: int) -> None:
    """Every message about every iteration is there exactly once; nothing is duplicated."""
    for i in range(1, iterations + 1):
        expect(says(page, f"iteration {i} of {iterations}")).to_have_count(1)
        expect(transcript(page).locator(f'[data-iteration="{i}"] .iteration-done')).to_have_count(1)
    counts = Counter(texts(page))
    assert [t for t, n in counts.items() if n > 1] == [], counts


def test_item7_a_checkpoint_past_its_deadline_still_waits_and_can_be_decided(page: Page) -> None:
    """Issue 16 item 6: a deadline is not death — the page says the checkpoint is past its
    deadline, keeps it open for a decision, and the run goes on when it is approved."""
    page.goto("/")
    run_id = create_run(page, max_iterations=2, checkpoint_interval=1, checkpoint_timeout_s=1)
    open_run(page, "", run_id)
    expect(says(page, "⌛ Checkpoint 1 passed its deadline: it still waits")).to_have_count(1)
    cp = checkpoint_dialog(page, 1)
    expect(cp).to_be_visible()
    expect(cp.locator("#checkpoint-meta")).to_contain_text("past its deadline")
    assert run_state(page, run_id)["status"] == "awaiting_approval"
    button(cp, "+1 hour").click()
    expect(says(page, "⏳ Checkpoint 1 now waits until")).to_have_count(1)
    expect(cp.locator("#checkpoint-meta")).to_contain_text("decide before")
    button(cp, "Approve").click()
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    expect(button(page, "Stop")).to_be_disabled()


def test_one_hour_more_is_an_hour_past_the_deadline_shown(page: Page) -> None:
    """A page trial's "+1 hour" on a checkpoint due in an hour moved its deadline by one
    second: the API's deadline counts from now. The page counts from the deadline shown."""
    page.goto("/")
    run_id = create_run(page, max_iterations=2, checkpoint_interval=1, checkpoint_timeout_s=7200)
    open_run(page, "", run_id)
    cp = checkpoint_dialog(page, 1)
    expect(cp).to_be_visible()
    before = page.request.get(f"/api/runs/{run_id}/checkpoints/1").json()["deadline"]
    button(cp, "+1 hour").click()
    expect(says(page, "⏳ Checkpoint 1 now waits until")).to_have_count(1)
    after = page.request.get(f"/api/runs/{run_id}/checkpoints/1").json()["deadline"]
    moved = datetime.fromisoformat(after) - datetime.fromisoformat(before)
    assert timedelta(minutes=59) < moved < timedelta(minutes=61), (before, after)


def test_item7_a_dropped_connection_reconnects_with_the_last_event_id(
    browser: Browser, tmp_path: Path, watch: Watch
) -> None:
    """The run parks at a checkpoint (interval 2 of 4), so after the restart the stream
    stays open until the test approves: "● Live" is the page's settled state then, not a
    moment between the reconnect's replay and the run's end (which a fast restart could
    skip: the restarted server finished the run before the browser's 2 s retry, the
    replay ran to ``complete`` and the page closed the stream — 5 failures in 7)."""
    proc = start_server(tmp_path, PLANLOOP_OFFLINE_STEP_DELAY_S="0.25")
    context = browser.new_context(base_url=proc.url)
    streams: list[Request] = []
    refused: list[Request] = []

    def failed(req: Request) -> None:
        if "/events" in req.url and "ERR_CONNECTION_REFUSED" in (req.failure or ""):
            refused.append(req)

    try:
        page = new_page(context, watch)
        watch.allow_network_errors = True  # the browser logs the refused reconnects
        page.on("request", lambda req: streams.append(req) if "/events" in req.url else None)
        page.on("requestfailed", failed)
        page.goto("/")
        start(page, iterations=4, interval=2)
        expect(transcript(page).locator('[data-iteration="1"] .iteration-done')).to_have_count(1)
        proc.kill()
        expect(says(page, "❌ Connection error during planning")).to_have_count(1)
        # Retries fail meanwhile (each one refused): still one message per outage.
        pump_until(page, lambda: len(refused) >= 2, "two refused reconnects")
        expect(says(page, "❌ Connection error during planning")).to_have_count(1)
        expect(page.locator("#connection")).to_have_text("Reconnecting…")
        proc.start()  # same port
        expect(says(page, "🟢 Live again")).to_have_count(1)
        cp = checkpoint_dialog(page, 1)
        expect(cp).to_be_visible()  # parked: the stream stays open until the decision
        expect(page.locator("#connection")).to_have_text("● Live")
        button(cp, "Approve").click()
        expect(says(page, "✅ Planning completed!")).to_have_count(1, timeout=30_000)
        _each_once(page, 4)
        expect(says(page, "❌ Connection error during planning")).to_have_count(1)
        # the first request starts from 0; the reconnect that got through (the last one)
        # resumed after the last event seen. Refused attempts in between report no headers.
        resumed = [
            r.all_headers().get("last-event-id") or r.url.partition("last_event_id=")[2]
            for r in streams
        ]
        assert len(resumed) >= 2 and resumed[0] == "", resumed
        assert re.fullmatch(r"[1-9]\d*", resumed[-1]), resumed
        watch.check()
    finally:
        context.close()
        proc.stop()


def test_item8_reload_mid_run_and_while_a_checkpoint_waits(page: Page) -> None:
    page.goto("/")
    run_id = start(page, iterations=4, interval=2)
    expect(says(page, "iteration 2 of 4")).to_have_count(1)
    page.reload()
    expect(page).to_have_url(re.compile(f"#run={run_id}$"))
    expect(says(page, "🚀 Starting planning with 4 iterations...")).to_have_count(1)
    expect(says(page, "iteration 1 of 4")).to_have_count(1)
    # still live: the checkpoint arrives after the reload
    cp = checkpoint_dialog(page, 1)
    expect(cp).to_be_visible()
    page.reload()
    expect(cp).to_be_visible()
    expect(says(page, "⏹️ CHECKPOINT REACHED (Iteration 2)")).to_have_count(1)
    expect(cp.locator("#checkpoint-summary")).to_contain_text("After iteration 2 of 4")
    button(cp, "Approve").click()
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    _each_once(page, 4)
    page.reload()
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    expect(cp).to_be_hidden()
    _each_once(page, 4)


def test_item9_two_tabs_stay_live_and_one_decision_closes_both_dialogs(
    context: BrowserContext, watch: Watch
) -> None:
    first = new_page(context, watch)
    first.goto("/")
    run_id = start(first, iterations=4, interval=2)
    second = new_page(context, watch)
    second.goto(f"/#run={run_id}")
    for tab in (first, second):
        expect(says(tab, "iteration 2 of 4")).to_have_count(1)
        expect(checkpoint_dialog(tab, 1)).to_be_visible()
    cp = checkpoint_dialog(first, 1)
    cp.get_by_label("Feedback (steers the next iterations)").fill("Keep rent under $2,000")
    button(cp, "Approve").click()
    for tab in (first, second):
        expect(checkpoint_dialog(tab, 1)).to_be_hidden()
        expect(says(tab, "✅ Checkpoint approved! Continuing iterations...")).to_have_count(1)
        expect(transcript(tab).locator(".feedback")).to_have_text(
            "💬 Feedback: Keep rent under $2,000"
        )
        expect(says(tab, "✅ Planning completed!")).to_have_count(1)
        _each_once(tab, 4)
    assert texts(first) == texts(second)
    watch.check()


def test_a_run_of_another_browser_says_whose_it_is(
    page: Page, browser: Browser, server: ServerProcess
) -> None:
    """Found by a new user's page trial: a run's link opened in another browser said "Could
    not open run 8318a003…: run 8318a003… not found", the id twice and no reason."""
    page.goto("/")
    run_id = create_run(page)
    other = browser.new_context(base_url=server.url, service_workers="block")
    try:
        stranger = other.new_page()
        stranger.goto(f"/#run={run_id}")
        said = says(stranger, "No such run in this browser")
        expect(said).to_have_text(
            "❌ No such run in this browser: the link is wrong, or another browser started the"
            " run (a run belongs to the browser that started it). To show a run to someone"
            " else, use its Share button there."
        )
        expect(transcript(stranger)).not_to_contain_text(run_id)
    finally:
        other.close()
