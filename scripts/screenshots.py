"""Take the README's screenshots of the web page: python scripts/screenshots.py [OUT_DIR].

Starts a planloop server (offline planner, a temporary database and memory folder) on a
free loopback port, drives Debian's Chromium with Playwright through one plan, and writes
docs/screenshots/{proposal,iteration,checkpoint,checkpoint-diff,checkpoint-edit,waiting,
final-plan,memory,phone}.png. Colour emoji need
the fonts-noto-color-emoji package; without it they show as boxes.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Locator, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"
FEEDBACK = "Hire 3 bakers and keep rent under $2,500 a month"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--hide-scrollbars",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(workdir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PLANLOOP_DATABASE_URL": f"sqlite:///{workdir / 'planloop.db'}",
        "PLANLOOP_MEMORY_DIR": str(workdir / "memory"),
        "PLANLOOP_OFFLINE_STEP_DELAY_S": "0.6",
    }
    cmd = [sys.executable, "-m", "planloop", "serve", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, cwd=workdir)  # noqa: S603 (our own fixed command)
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=0.5).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def shoot(page: Page, name: str) -> None:
    page.wait_for_timeout(250)  # let the transcript settle its scroll position
    page.screenshot(path=str(OUT / f"{name}.png"))
    print(f"wrote {OUT / name}.png")


def plan(page: Page, base: str) -> None:
    page.request.post(
        f"{base}/api/save-entity",
        data={"goal": "Lisbon bakery research", "plan_content": "- rent: $2,100 a month in Lisbon"},
    )
    page.goto(base)
    page.get_by_label("Message or goal").fill("What do I know about rent in Lisbon?")
    page.get_by_label("Message or goal").press("Enter")
    expect(page.locator(".msg-assistant .markdown")).to_have_count(1)
    page.get_by_label("Message or goal").fill(GOAL)
    page.get_by_role("button", name="Plan", exact=True).click()
    dialog = page.get_by_role("dialog", name="📋 Proposed approach")
    expect(dialog.get_by_role("button", name="Approve", exact=True)).to_be_enabled()
    dialog.locator("#entity-options input").first.check()
    expect(dialog.locator("#proposal-memory")).to_contain_text("coverage")
    dialog.evaluate("(d) => { d.scrollTop = 0; }")


def review(page: Page, cp: Locator) -> None:
    """The checkpoint's review: the diff, the editor, and the waiting bar behind the dialog."""
    plan_view = cp.get_by_role("region", name="Plan at this checkpoint", exact=True)
    expect(plan_view.locator(".section-added").first).to_be_visible()
    cp.get_by_role("button", name="Show diff", exact=True).click()
    expect(cp.locator(".diff-add").first).to_be_visible()
    cp.locator("#checkpoint-review").scroll_into_view_if_needed()
    shoot(page, "checkpoint-diff")
    cp.get_by_role("button", name="Show plan", exact=True).click()
    cp.get_by_role("button", name="Edit plan", exact=True).click()
    editor = cp.get_by_label("Your version of the plan (Markdown)")
    expect(editor).to_be_visible()
    editor.evaluate("(e) => { e.scrollIntoView({block: 'center'}); }")
    shoot(page, "checkpoint-edit")
    cp.get_by_role("button", name="Discard my edits", exact=True).click()
    cp.get_by_role("button", name="Review later", exact=True).click()
    bar = page.get_by_role("region", name="Waiting for you")
    expect(bar).to_be_visible()
    shoot(page, "waiting")
    bar.get_by_role("button", name="Review checkpoint", exact=True).click()
    expect(cp).to_be_visible()
    cp.evaluate("(d) => { d.scrollTop = 0; }")


def memory(page: Page, base: str) -> None:
    """The memory panel: a search, a note selected for the next plan, the finished plan open."""
    run_id = page.url.split("#run=", 1)[1]
    plan_entity = page.request.get(f"{base}/api/runs/{run_id}").json()["memory_entity"]
    note = "Lisbon rents"
    page.request.post(
        f"{base}/api/memory/entities",
        data={
            "name": note,
            "type": "research",
            "observations": ["Alfama: $2,100 a month for 60 m2", "Baixa: $2,800 a month"],
        },
    )
    panel = page.get_by_role("region", name="Memory")
    panel.get_by_role("searchbox", name="Search memory").fill("Lisbon")
    results = panel.get_by_role("list", name="Memory entities")
    expect(results.get_by_role("button", name=plan_entity, exact=True)).to_be_visible()
    panel.get_by_role("checkbox", name=f"Use {note} in the next plan").check()
    results.get_by_role("button", name=plan_entity, exact=True).click()
    article = panel.get_by_role("article", name=plan_entity)
    expect(article.get_by_role("button", name="Plan again", exact=True)).to_be_visible()
    panel.evaluate("(p) => { p.scrollTop = 0; }")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = serve(Path(tmp), port)
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 860})
            page = context.new_page()
            plan(page, base)
            shoot(page, "proposal")
            dialog = page.get_by_role("dialog", name="📋 Proposed approach")
            dialog.get_by_role("button", name="Approve", exact=True).click()
            cp = page.get_by_role("dialog", name="✋ Checkpoint 1 - Approve to Continue?")
            expect(cp).to_be_visible(timeout=30_000)
            review(page, cp)
            cp.get_by_label("Feedback (steers the next iterations)").fill(FEEDBACK)
            cp.evaluate("(d) => { d.scrollTop = 0; }")
            shoot(page, "checkpoint")
            cp.get_by_role("button", name="Approve", exact=True).click()
            block = page.locator('[data-iteration="3"]')
            expect(block.locator(".progress-line", has_text="Revising")).not_to_have_count(0)
            shoot(page, "iteration")
            expect(page.get_by_text("💾 Plan saved to memory")).to_be_visible(timeout=30_000)
            page.locator(".plan").scroll_into_view_if_needed()
            page.evaluate("document.querySelector('.plan').scrollIntoView({block: 'start'})")
            shoot(page, "final-plan")
            memory(page, base)
            shoot(page, "memory")
            phone = context.new_page()  # same session cookie, phone-sized
            phone.set_viewport_size({"width": 375, "height": 740})
            phone.goto(page.url)
            expect(phone.get_by_text("✅ Planning completed!")).to_be_visible()
            expect(phone.locator(".plan h2").first).to_be_attached()  # the plan loads after
            phone.evaluate("document.querySelector('.plan h2').scrollIntoView({block: 'center'})")
            shoot(phone, "phone")
        finally:
            browser.close()
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
