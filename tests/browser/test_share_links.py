"""Share links in the page (issue 18, item 4): the owner makes and revokes links from the
run view; a link opened in a fresh browser (no session of the owner's) shows the run
live — read-only for a viewer, with the checkpoint dialog for an approver, whose decision
records the link; a revoked link closes its open stream in the page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from tests.browser.conftest import DESKTOP, Watch, new_page, pump_until
from tests.browser.flow import button, checkpoint_dialog, create_run, open_run, run_state, says
from tests.server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]


@pytest.fixture
def stranger(browser: Browser, server: ServerProcess) -> Iterator[BrowserContext]:
    """Another browser: no cookie, no session, nothing of the owner's."""
    ctx = browser.new_context(viewport=DESKTOP, base_url=server.url, service_workers="block")
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


def _share(page: Page, run_id: str, role: str) -> dict[str, Any]:
    r = page.request.post(f"/api/runs/{run_id}/shares", data={"role": role})
    assert r.status == 201, r.text()
    made: dict[str, Any] = r.json()
    return made


def _parked(page: Page) -> str:
    page.goto("/")
    run_id = create_run(page)
    pump_until(
        page,
        lambda: run_state(page, run_id)["status"] == "awaiting_approval",
        "the run waits at checkpoint 1",
    )
    return run_id


def _banner(page: Page) -> Any:
    return page.locator("#share-banner")


def _owners_calls(watch: Watch) -> list[str]:
    """Requests a shared page made outside its link's door (rendering Markdown, which reads
    and changes nothing of anyone's, aside)."""
    return [
        u
        for u in watch.requests
        if "/api/" in u and "/api/shares/" not in u and not u.endswith("/api/render")
    ]


def test_a_viewer_link_watches_live_and_cannot_decide(page: Page, stranger: BrowserContext) -> None:
    run_id = _parked(page)
    made = _share(page, run_id, "viewer")
    seen = Watch()
    visitor = new_page(stranger, seen)
    visitor.goto(made["url"])
    expect(_banner(visitor)).to_contain_text("Shared view (viewer)")
    expect(says(visitor, "🚀 Starting planning with")).to_have_count(1)
    expect(says(visitor, "CHECKPOINT REACHED")).to_have_count(1)
    expect(_banner(visitor)).to_contain_text("waiting for the owner")
    # no decision, no goal form, no memory, no runs list, no controls
    expect(checkpoint_dialog(visitor, 1)).to_be_hidden()
    for gone in ("#composer", "#memory-panel", "#runs-panel", "#pause-btn", "#share-btn"):
        expect(visitor.locator(gone)).to_have_count(0)
    r = visitor.request.post(
        f"/api/shares/{made['url'].rsplit('/s/', 1)[1]}/checkpoints/1", data={"decision": "approve"}
    )
    assert r.status == 403
    assert visitor.request.get(f"/api/runs/{run_id}").status == 404
    # the owner decides: the viewer sees the run go on, live, to its end
    r = page.request.post(f"/api/runs/{run_id}/checkpoints/1", data={"decision": "approve"})
    assert r.ok, r.text()
    expect(says(visitor, "Checkpoint approved")).to_have_count(1)
    expect(says(visitor, "Planning completed")).to_have_count(1, timeout=30_000)
    expect(visitor.locator(".plan").last).to_contain_text("Revision log")
    assert _owners_calls(seen) == []
    assert run_state(page, run_id)["checkpoints"][0]["decided_by"] is None
    seen.check()


def test_an_approver_link_decides_and_is_recorded(page: Page, stranger: BrowserContext) -> None:
    run_id = _parked(page)
    made = _share(page, run_id, "approver")
    seen = Watch()
    visitor = new_page(stranger, seen)
    visitor.goto(made["url"])
    expect(_banner(visitor)).to_contain_text("Shared view (approver)")
    dialog = checkpoint_dialog(visitor, 1)
    expect(dialog).to_be_visible()
    # the plan under review is rendered, as the owner sees it (it was raw Markdown in a
    # <pre>: the shared page's calls were refused all but the link's own)
    expect(dialog.locator("#checkpoint-plan h2").first).to_be_visible()
    expect(dialog.locator("#checkpoint-plan pre.plain-plan")).to_have_count(0)
    dialog.get_by_label("Feedback").fill("Keep rent under $2,500")
    button(dialog, "Approve").click()
    expect(says(visitor, "Checkpoint approved")).to_have_count(1)
    pump_until(
        page,
        lambda: run_state(page, run_id)["checkpoints"][0]["status"] == "approved",
        "the decision is recorded",
    )
    cp = run_state(page, run_id)["checkpoints"][0]
    assert cp["decided_by"] == f"share:{made['token_id']}"
    assert cp["feedback"] == "Keep rent under $2,500"
    assert _owners_calls(seen) == []
    seen.check()


def test_the_owner_shares_from_the_run_view_and_a_revoked_link_closes_its_stream(
    page: Page, stranger: BrowserContext, server: ServerProcess
) -> None:
    run_id = _parked(page)
    open_run(page, server.url, run_id)
    # the owner makes a viewer link from the run bar
    # (the checkpoint dialog is modal: the owner reads the run behind it first)
    expect(checkpoint_dialog(page, 1)).to_be_visible()
    page.evaluate("document.getElementById('share-btn').click()")
    sharing = page.get_by_role("dialog", name="🔗 Share this run")
    expect(sharing).to_be_visible()
    sharing.get_by_label("Access").select_option("viewer")
    button(sharing, "Create link").click()
    link = sharing.get_by_label("Share link")
    expect(link).not_to_have_value("")
    url = link.input_value()
    assert url.startswith(f"{server.url}/s/")
    expect(sharing.locator("#share-list li")).to_have_count(1)
    expect(sharing.locator("#share-list li")).to_contain_text("viewer · active")
    # someone opens it and watches
    seen = Watch(allow_network_errors=True)  # the closed link's 410s are logged
    visitor = new_page(stranger, seen)
    visitor.goto(url)
    expect(says(visitor, "CHECKPOINT REACHED")).to_have_count(1)
    expect(visitor.locator("#connection")).to_have_text("● Live")
    # the owner revokes it: the open stream closes, the run is no longer shown
    button(sharing, "Revoke").click()
    expect(sharing.locator("#share-list li")).to_contain_text("viewer · revoked")
    expect(_banner(visitor)).to_contain_text("revoked")
    expect(visitor.locator("#transcript .msg-text")).to_have_count(0)
    expect(visitor.locator("#connection")).to_have_text("")
    assert visitor.request.get(f"/api/shares/{url.rsplit('/s/', 1)[1]}").status == 410
    reopened = new_page(stranger, seen)
    reopened.goto(url)
    expect(reopened.locator("body")).to_contain_text("revoked")
    assert _owners_calls(seen) == []
    assert seen.page_errors == []
