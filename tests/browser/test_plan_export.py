"""The plan leaves the page (issue 18, item 2), in Chromium: copy as Markdown, each
download (read back by an independent reader), a table of contents, the iteration blocks
folded once the run is complete, and a printed PDF with no sidebar and no buttons."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from tests.browser.conftest import DESKTOP, Watch, new_page
from tests.browser.flow import (
    button,
    checkpoint_dialog,
    create_run,
    open_run,
    run_state,
    says,
    transcript,
)
from tests.calendars import check_calendar, check_csv
from tests.factories import GOAL
from tests.server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]


@pytest.fixture
def context(browser: Browser, server: ServerProcess) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        viewport=DESKTOP,
        base_url=server.url,
        service_workers="block",
        permissions=["clipboard-read", "clipboard-write"],
        accept_downloads=True,
    )
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext, watch: Watch) -> Iterator[Page]:
    p = new_page(context, watch)
    yield p
    watch.check()


def finished_plan(page: Page, server: ServerProcess) -> str:
    run_id = create_run(page, max_iterations=2, checkpoint_interval=2)
    open_run(page, server.url, run_id)
    expect(says(page, "📄 Final plan")).to_have_count(1)
    expect(page.get_by_role("toolbar", name="Take the plan out")).to_be_visible()
    return run_id


def test_copy_markdown_puts_the_plan_on_the_clipboard(page: Page, server: ServerProcess) -> None:
    finished_plan(page, server)
    bar = page.get_by_role("toolbar", name="Take the plan out")
    button(bar, "📋 Copy Markdown").click()
    expect(bar.get_by_role("status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"> **Goal:** {GOAL}\\\n> **Status:** final plan, after iteration 2")
    assert "\n## " in copied


def test_each_download_is_a_file_named_after_the_goal(
    page: Page, server: ServerProcess, tmp_path: Path
) -> None:
    finished_plan(page, server)
    bar = page.get_by_role("toolbar", name="Take the plan out")
    saved: dict[str, str] = {}
    for fmt, label in [
        ("md", "Markdown"),
        ("html", "Web page"),
        ("ics", "Calendar"),
        ("csv", "Tasks (CSV)"),
        ("json", "JSON"),
    ]:
        bar.get_by_text("⬇ Download").click()
        with page.expect_download() as info:
            bar.get_by_role("link", name=label, exact=True).click()
        download = info.value
        assert download.suggested_filename.endswith(f".{fmt}")
        assert download.suggested_filename.startswith("open-a-bakery-in-lisbon")
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        saved[fmt] = target.read_text(encoding="utf-8")
    body = json.loads(saved["json"])
    assert body["goal"] == GOAL and body["partial"] is False
    check_calendar(saved["ics"], body)
    check_csv(saved["csv"], body)
    assert saved["md"].startswith("> **Goal:**") and saved["html"].startswith("<!doctype html>")


def test_contents_link_to_sections_and_iterations_fold(page: Page, server: ServerProcess) -> None:
    finished_plan(page, server)
    toc = page.get_by_role("navigation", name="Plan contents")
    links = toc.get_by_role("link")
    expect(links.first).to_be_visible()
    titles = links.all_inner_texts()
    assert len(titles) >= 4
    links.nth(len(titles) - 1).click()
    heading = transcript(page).get_by_role("heading", name=titles[-1], exact=True)
    expect(heading).to_be_in_viewport()
    assert page.url.endswith("#run=" + page.url.split("#run=", 1)[1])  # the hash stays
    folded = transcript(page).locator(".msg-iteration.collapsed")
    expect(folded).to_have_count(2)
    expect(folded.first.locator(".iteration-body")).to_be_hidden()
    folded.first.get_by_role("button", name="Show steps").click()
    first = transcript(page).locator(".msg-iteration").first
    expect(first.locator(".iteration-body")).to_be_visible()
    expect(first.get_by_role("button", name="Hide steps")).to_be_visible()


def test_a_printed_plan_has_no_sidebar_and_no_buttons(
    page: Page, server: ServerProcess, tmp_path: Path
) -> None:
    finished_plan(page, server)
    pdf = tmp_path / "plan.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Milestones" in text and "Risk" in text
    for chrome in ("Earlier runs", "Memory", "Copy Markdown", "Download", "Pause", "Send"):
        assert chrome not in text, chrome
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(next(line for line in pages.splitlines() if line.startswith("Pages:")).split()[1])
    # sections follow on, not a page each (a page trial: 20 pages for a care plan)
    sections = page.locator(".msg-plan .markdown h2").count()
    assert 2 <= count < sections, (count, sections)


def test_the_plan_checks_are_shown_with_the_plan(page: Page, server: ServerProcess) -> None:
    run_id = finished_plan(page, server)
    checks = run_state(page, run_id)["checks"]
    assert checks  # the offline planner's plan was checked after every iteration
    summary = transcript(page).locator(".msg-text", has_text="🔎 Checks:")
    expect(summary).to_have_count(1)
    items = (
        summary.locator("xpath=..").get_by_role("list", name="Plan checks").get_by_role("listitem")
    )
    expect(items).to_have_count(len(checks))
    flagged = [c for c in checks if c["status"] != "pass"]
    expected = (
        f"🔎 Checks: {len(flagged)} flagged" if flagged else f"🔎 Checks: all {len(checks)} passed"
    )
    expect(summary).to_have_text(expected)
    shown = items.all_inner_texts()
    # Flags first (with the sections concerned), then what passed.
    partly = ("not read, so not checked", "Nothing to check was read")
    expected_lines = [f"⚑ {c['message']}" for c in flagged] + [
        f"{'◐' if any(p in c['message'] for p in partly) else '✓'} {c['message']}"
        for c in checks
        if c["status"] == "pass"
    ]
    assert [line.split(" (", 1)[0] if line.startswith("⚑") else line for line in shown] == [
        line.split(" (", 1)[0] if line.startswith("⚑") else line for line in expected_lines
    ]


def test_a_check_that_could_not_read_all_the_feedback_is_no_plain_tick(page: Page) -> None:
    """Three new users' trials took the ✓ beside "… as far as it was read; not read, so not
    checked: …" for "all applied": such a pass shows ◐, not ✓."""
    page.goto("/")
    run_id = create_run(page, max_iterations=2, checkpoint_interval=1)
    open_run(page, "", run_id)
    expect(checkpoint_dialog(page, 1)).to_be_visible()
    said = {"decision": "approve", "feedback": "Keep it cheerful and a bit more relaxed please."}
    decided = page.request.post(f"/api/runs/{run_id}/checkpoints/1", data=said)
    assert decided.ok, decided.text()
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    reflected = next(
        c for c in run_state(page, run_id)["checks"] if c["name"] == "feedback_reflected"
    )
    partly = re.compile("not read, so not checked|Nothing to check was read")
    assert reflected["status"] == "pass" and partly.search(reflected["message"])
    items = transcript(page).get_by_role("list", name="Plan checks").last.get_by_role("listitem")
    expect(items.filter(has_text=partly)).to_have_text([f"◐ {reflected['message']}"])
