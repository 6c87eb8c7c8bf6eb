"""The page says when the planner is not ready, before anyone presses Plan (issue 15, #21)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import Watch, new_page, start_server
from tests.reliability.test_health_truth import unreachable_model_env
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = start_server(tmp_path_factory.mktemp("unready"), **unreachable_model_env())
    yield proc
    proc.stop()


def test_a_banner_shows_while_the_planner_is_not_ready(page: Page) -> None:
    page.goto("/")
    banner = page.locator("#planner-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("planner is not ready")
    expect(banner).to_contain_text("cannot reach")
    expect(banner).to_have_attribute("role", "alert")


def test_no_banner_with_a_ready_planner(browser: Browser, tmp_path: Path, watch: Watch) -> None:
    ready = start_server(tmp_path)
    context = browser.new_context(base_url=ready.url, service_workers="block")
    try:
        page = new_page(context, watch)
        with page.expect_response(lambda r: r.url.endswith("/api/health")) as answered:
            page.goto("/")
        assert answered.value.json()["ready"] is True
        expect(page.locator("#planner-banner")).to_be_hidden()
        watch.check()
    finally:
        context.close()
        ready.stop()
