"""The page, items 1-6, 10 and 11 of the web page issue: chat, propose, run, checkpoint, end."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import DESKTOP, Watch, new_page, start_server
from tests.browser.flow import (
    GOAL,
    button,
    checkpoint_dialog,
    create_run,
    proposal_dialog,
    propose,
    run_state,
    says,
    start,
    texts,
    transcript,
)
from tests.server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

FEEDBACK = "Hire 3 bakers and keep rent under $2,500 a month"


def _save_entity(page: Page) -> str:
    r = page.request.post(
        "/api/save-entity",
        data={"goal": "Lisbon bakery notes", "plan_content": "- rent: $2,100 a month in Lisbon"},
    )
    assert r.ok, r.text()
    name: str = r.json()["entity_name"]
    return name


def test_item1_chat_answers_from_memory_and_plan_shows_a_proposal(page: Page) -> None:
    page.goto("/")
    entity = _save_entity(page)
    # chat: Enter sends; the answer quotes the memory entity
    box = page.get_by_label("Message or goal")
    box.fill("What do I know about rent in Lisbon?")
    box.press("Enter")
    expect(says(page, "What do I know about rent in Lisbon?")).to_have_count(1)
    reply = transcript(page).locator(".msg-assistant").last
    expect(reply.get_by_role("link", name="Lisbon bakery notes").first).to_be_visible()
    expect(box).to_have_value("")
    # Plan with the goal in the box: approach, frameworks, memory, editable numbers
    dialog = propose(page)
    expect(dialog.get_by_label("Goal")).to_have_value(GOAL)
    expect(dialog.locator("#proposal-approach")).to_contain_text("frameworks")
    expect(dialog.locator("#proposal-frameworks li").first).to_be_visible()
    assert dialog.locator("#proposal-frameworks li").count() >= 3
    # memory grounding: the saved note matches the goal, so the proposal already uses it
    # (the note is listed by its title, the goal it was saved with, not by its file name)
    expect(dialog.locator("#proposal-memory")).to_contain_text("Lisbon bakery notes")
    dialog.locator(f'input[value="{entity}"]').check()
    expect(dialog.locator("#proposal-memory")).to_contain_text("Lisbon bakery notes")
    iterations = dialog.get_by_label("Max iterations")
    interval = dialog.get_by_label("Checkpoint every")
    expect(iterations).to_be_editable()
    expect(interval).to_be_editable()
    assert int(iterations.input_value()) >= 1 and int(interval.input_value()) >= 1
    button(dialog, "Cancel").click()
    expect(dialog).to_be_hidden()
    # Plan with an empty box: the dialog asks for the goal; Enter proposes
    box.fill("")
    button(page, "Plan").click()
    expect(dialog).to_be_visible()
    expect(dialog.locator("#proposal-details")).to_be_hidden()
    expect(button(dialog, "Approve")).to_be_disabled()
    dialog.get_by_label("Goal").fill("Write a cookbook of Lisbon pastries in 3 months")
    dialog.get_by_label("Goal").press("Enter")
    expect(dialog.locator("#proposal-details")).to_be_visible()
    expect(button(dialog, "Approve")).to_be_enabled()


def test_items2_to_6_run_with_checkpoint_feedback_and_final_plan(
    page: Page, watch: Watch, server: ServerProcess
) -> None:
    page.goto("/")
    # The first iteration is held after its first progress (tests/held_server.py): the
    # page must show that progress while the iteration is still running.
    hold = server.workdir / "hold"
    hold.touch()
    dialog = propose(page)
    dialog.get_by_label("Max iterations").fill("4")
    dialog.get_by_label("Checkpoint every").fill("2")
    button(dialog, "Approve").click()
    # item 2: the dialog goes at once; the stream connects; the start is announced
    expect(dialog).to_be_hidden(timeout=500)
    expect(says(page, "🚀 Starting planning with 4 iterations...")).to_have_count(1)
    run_id = page.url.split("#run=", 1)[1]
    assert re.fullmatch(r"[0-9a-f]{32}", run_id)
    # item 3: each iteration announced, live progress inside it, then its duration
    block1 = transcript(page).locator('[data-iteration="1"]')
    try:
        expect(block1.locator(".progress-line").first).to_be_visible()
        expect(block1.locator(".iteration-done")).to_have_count(0)  # still running
    finally:
        hold.unlink()
    for i in (1, 2):
        expect(says(page, f"iteration {i} of 4")).to_have_count(1)
        block = transcript(page).locator(f'[data-iteration="{i}"]')
        expect(block.locator(".iteration-done")).to_have_text(
            re.compile(rf"✓ Iteration {i} done in \d+\.\ds")
        )
    expect(block1.locator(".progress-line", has_text="Applying")).not_to_have_count(0)
    expect(block1.locator(".progress-line", has_text="framework").first).to_be_visible()
    expect(block1.locator(".datapoints li", has_text="(goal)").first).to_be_visible()
    assert any(r.endswith(f"/api/runs/{run_id}/events") for r in watch.requests)
    # item 4: the checkpoint, in the transcript and in a dialog
    expect(says(page, "⏹️ CHECKPOINT REACHED (Iteration 2)")).to_have_count(1)
    cp = checkpoint_dialog(page, 1)
    expect(cp).to_be_visible()
    expect(cp.locator("#checkpoint-summary")).to_contain_text("After iteration 2 of 4")
    expect(cp.locator("#checkpoint-improvements")).to_contain_text("Data points gained")
    expect(cp.locator("#checkpoint-frameworks li").first).to_be_visible()
    expect(cp.locator("#checkpoint-datapoints li", has_text="$40,000").first).to_be_visible()
    timeline = page.get_by_role("list", name="Timeline of iterations and checkpoints")
    expect(timeline.locator(".tl-checkpoint.tl-waiting")).to_have_count(1)
    # item 5: approve with feedback; later iterations use it
    cp.get_by_label("Feedback (steers the next iterations)").fill(FEEDBACK)
    button(cp, "Approve").click()
    expect(cp).to_be_hidden(timeout=500)
    expect(says(page, "✅ Checkpoint approved! Continuing iterations...")).to_have_count(1)
    expect(transcript(page).locator(".feedback", has_text=FEEDBACK)).to_have_count(1)
    block3 = transcript(page).locator('[data-iteration="3"]')
    expect(block3.locator(".progress-line", has_text="Read checkpoint 1 feedback")).to_have_count(1)
    expect(block3.locator(".datapoints li", has_text="3 bakers (feedback:1)")).to_have_count(1)
    # item 6: the end
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    plan = transcript(page).locator(".plan")
    expect(plan.locator("h1")).to_contain_text("Plan: Open a bakery in Lisbon")
    expect(plan.locator("h2").first).to_be_visible()
    expect(plan.locator("table").first).to_be_visible()
    expect(plan.locator("li").first).to_be_visible()
    expect(plan).to_contain_text("Hire 3 bakers")
    metrics = transcript(page).locator("dl.metrics")
    for label, value in [("Iterations", "4"), ("Checkpoints", "1"), ("Frameworks", r"[1-9]\d*")]:
        expect(metrics.locator("dt", has_text=label)).to_have_count(1)
        expect(metrics.locator(f"dt:text-is('{label}') + dd")).to_have_text(re.compile(value))
    expect(metrics.locator("dt:text-is('Data points') + dd")).to_have_text(re.compile(r"[1-9]\d*"))
    expect(metrics.locator("dt:text-is('Total time') + dd")).to_have_text(re.compile(r"\d"))
    state = run_state(page, run_id)
    assert state["status"] == "completed" and state["memory_entity"]
    # the saved note by its goal, not its file name, and a way to open it (a new user's
    # trial: "Plan saved to memory as entity: plan_organise_a_40th_…")
    saved = says(page, f"💾 Saved to memory as “{GOAL}”.")
    expect(saved).to_have_count(1)
    expect(transcript(page)).not_to_contain_text("as entity:")
    note = transcript(page).locator(".msg", has_text="💾 Saved to memory as")
    note.get_by_role("button", name="Open the note").click()
    expect(page.locator("#memory-entity-title")).to_have_text(GOAL)
    # a finished iteration is named as done, no longer "Starting iteration … ..." (the same)
    expect(says(page, "🔄 Starting iteration")).to_have_count(0)
    for i in range(1, 5):
        expect(says(page, f"Iteration {i} of 4")).to_have_count(1)
    # the timeline at a glance: 4 iterations with durations, an approved checkpoint, the end
    expect(timeline.locator(".tl-done")).to_have_count(4)
    expect(timeline.locator(".tl-done").first).to_have_text(re.compile(r"1 · \d+\.\ds"))
    expect(timeline.locator(".tl-checkpoint.tl-approved")).to_have_text(
        re.compile(r"✅ CP 1 · \d+\.\ds")  # with how long the review took
    )
    expect(page.locator("#run-progress")).to_have_attribute("value", "4")
    # nothing twice
    all_texts = texts(page)
    assert len(all_texts) == len(set(all_texts)), all_texts


def test_item5_reject_stops_and_keeps_the_partial_plan(page: Page) -> None:
    page.goto("/")
    start(page, iterations=4, interval=2)
    cp = checkpoint_dialog(page, 1)
    expect(cp).to_be_visible()
    cp.get_by_label("Feedback (steers the next iterations)").fill("Not this way")
    button(cp, "Reject").click()
    # one press asks first: Reject ends the run for good
    expect(cp).to_contain_text("Rejecting ends the run for good")
    page.wait_for_timeout(300)
    expect(cp).to_be_visible()
    button(cp, "Yes, reject").click()
    expect(cp).to_be_hidden(timeout=500)
    expect(says(page, "⛔ Checkpoint 1 rejected.")).to_have_count(1)
    expect(says(page, "🛑 Planning stopped: the checkpoint was rejected.")).to_have_count(1)
    expect(says(page, "📄 Partial plan")).to_have_count(1)
    partial = transcript(page).locator(".plan")
    expect(partial.locator("h1")).to_contain_text("Plan: Open a bakery")
    expect(partial.locator("table").first).to_be_visible()
    expect(says(page, "Starting iteration 3")).to_have_count(0)
    for name in ("Pause", "Resume", "Stop"):
        expect(button(page, name)).to_be_disabled()
    expect(page.locator("#run-title")).to_contain_text("rejected")


@pytest.fixture
def slow_page(browser: Browser, tmp_path: Path, watch: Watch) -> Iterator[Page]:
    """A page on a server of its own whose runs step 4 times slower than the module's: the
    pause, resume and stop below must each land while the 12 iterations still run, and on
    a loaded machine the module server's runs finished all 12 between two clicks."""
    proc = start_server(tmp_path, PLANLOOP_OFFLINE_STEP_DELAY_S="0.4")
    ctx = browser.new_context(viewport=DESKTOP, base_url=proc.url, service_workers="block")
    ctx.set_default_timeout(15_000)
    try:
        page = new_page(ctx, watch)
        yield page
        watch.check()
    finally:
        ctx.close()
        proc.stop()


def test_item10_pause_resume_stop_and_timeline(slow_page: Page) -> None:
    page = slow_page
    page.goto("/")
    start(page, iterations=12, interval=12)
    pause, resume, stop = (button(page, n) for n in ("Pause", "Resume", "Stop"))
    expect(says(page, "iteration 1 of 12")).to_have_count(1)
    expect(pause).to_be_enabled()
    expect(resume).to_be_disabled()
    expect(stop).to_be_enabled()
    pause.click()
    expect(says(page, "⏸️ Paused after iteration")).to_have_count(1)
    expect(pause).to_be_disabled()
    expect(resume).to_be_enabled()
    blocks = transcript(page).locator("[data-iteration]")
    iterations_while_paused = blocks.count()
    # paused on the server, not just in the page: nothing more starts until resumed
    assert run_state(page, page.url.split("#run=", 1)[1])["status"] == "paused"
    assert blocks.count() == iterations_while_paused
    resume.click()
    expect(says(page, "▶️ Resumed.")).to_have_count(1)
    expect(says(page, f"iteration {iterations_while_paused + 1} of 12")).to_have_count(1)
    expect(pause).to_be_enabled()
    stop.click()
    button(page, "Yes, stop").click()  # Stop asks once more (tests/browser/test_run_status.py)
    expect(says(page, "⏹️ Planning stopped.")).to_have_count(1)
    expect(says(page, "📄 Partial plan")).to_have_count(1)
    for b in (pause, resume, stop):
        expect(b).to_be_disabled()
    timeline = page.get_by_role("list", name="Timeline of iterations and checkpoints")
    expect(timeline.locator(".tl-done").first).to_have_text(re.compile(r"1 · \d+\.\ds"))
    expect(timeline.locator(".tl-end")).to_have_text(re.compile("stopped"))
    done = timeline.locator(".tl-done").count()
    assert 1 <= done < 12
    expect(page.locator("#run-progress")).to_have_attribute("value", str(done))
    expect(page.locator("#run-progress")).to_have_attribute("max", "12")
    expect(page.locator("#progress-label")).to_contain_text(f"Iterations {done} of 12 done")


def test_item11_runs_list_reopens_finished_and_waiting_runs(page: Page, watch: Watch) -> None:
    page.goto("/")
    finished = create_run(page, goal="Finished run: a garden plan", max_iterations=1)
    waiting = create_run(page, goal="Waiting run: a bakery plan", max_iterations=4)
    runs = page.get_by_role("list", name="Earlier runs")
    page.reload()
    expect(runs.get_by_role("button")).to_have_count(2)
    done_button = runs.get_by_role("button", name=re.compile("Finished run"))
    wait_button = runs.get_by_role("button", name=re.compile("Waiting run"))
    expect(done_button).to_contain_text("completed", timeout=15_000)
    expect(wait_button).to_contain_text("waiting for approval", timeout=15_000)
    done_button.click()
    expect(page).to_have_url(re.compile(f"#run={finished}$"))
    expect(says(page, "🎯 Finished run: a garden plan")).to_have_count(1)
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    expect(done_button).to_have_attribute("aria-current", "true")
    wait_button.click()
    expect(page).to_have_url(re.compile(f"#run={waiting}$"))
    expect(says(page, "🎯 Waiting run: a bakery plan")).to_have_count(1)
    expect(says(page, "Finished run")).to_have_count(0)
    expect(checkpoint_dialog(page, 1)).to_be_visible()
    # back goes to the previous run
    page.go_back()
    expect(page).to_have_url(re.compile(f"#run={finished}$"))
    expect(checkpoint_dialog(page, 1)).to_be_hidden()
    expect(says(page, "🎯 Finished run: a garden plan")).to_have_count(1)
    assert proposal_dialog(page).is_hidden()
