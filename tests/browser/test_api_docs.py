"""/docs: the API reference renders from local files under the page's CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect as pw_expect
from tests.browser.conftest import Watch
from tests.server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.timeout(60)]


def test_docs_render_every_endpoint_offline(
    page: Page, server: ServerProcess, watch: Watch
) -> None:
    response = page.goto(f"{server.url}/docs")
    assert (
        response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    )
    # a path with two methods (decide and read a checkpoint) is listed once per method
    pw_expect(
        page.get_by_text("/api/runs/{run_id}/checkpoints/{number}", exact=True)
    ).to_have_count(2)
    pw_expect(page.get_by_text("/api/runs/{run_id}/fork", exact=True)).to_be_visible()
    pw_expect(page.get_by_text("/api/execute-plan")).to_be_visible()
    assert all(url.startswith(server.url) for url in watch.requests), watch.requests
    watch.check()  # no CSP violation, no script error
