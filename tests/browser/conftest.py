"""Playwright (sync API) driving Debian's Chromium against a real planloop server.

One browser and one server per test module; a fresh browser context (so a fresh session
cookie) per test. Every page is watched: an uncaught script error or a Content-Security-
Policy violation fails the test that caused it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright
from playwright.sync_api import expect as pw_expect
from tests.server import ServerProcess

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
# The offline planner waits this long per step, so a run can be watched while it runs.
STEP_DELAY_S = "0.1"

pw_expect.set_options(timeout=15_000)


def start_server(workdir: Path, **env: str) -> ServerProcess:
    """The server for page tests: its offline planner can be held mid-iteration by
    creating ``<workdir>/hold`` (tests/held_server.py)."""
    proc = ServerProcess(
        workdir,
        **{
            "PLANLOOP_OFFLINE_STEP_DELAY_S": STEP_DELAY_S,
            "PLANLOOP_TEST_HOLD": str(workdir / "hold"),
            **env,
        },
    )
    proc.module = "tests.held_server"
    return proc.start()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = start_server(tmp_path_factory.mktemp("web"))
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system-deps.sh (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Watch:
    """What a page said that it should not have: script errors, CSP violations."""

    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    # Set by tests that break the connection on purpose (the browser logs those).
    allow_network_errors: bool = False

    def console(self, msg: ConsoleMessage) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def check(self) -> None:
        assert self.page_errors == [], self.page_errors
        csp = [m for m in self.console_errors if "Content Security Policy" in m]
        assert csp == [], csp
        if not self.allow_network_errors:
            assert self.console_errors == [], self.console_errors


def pump_until(page: Page, condition: Callable[[], object], what: str, timeout: float = 15) -> None:
    """Wait until ``condition`` holds for something the page reports through events
    (requests, console messages): Playwright's sync API delivers them only while it is
    called, so this waits in short page waits, with a deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        page.wait_for_timeout(50)


@pytest.fixture
def watch() -> Watch:
    return Watch()


def new_page(context: BrowserContext, watch: Watch) -> Page:
    page = context.new_page()
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("console", watch.console)
    page.on("request", lambda req: watch.requests.append(req.url))
    return page


@pytest.fixture
def context(browser: Browser, server: ServerProcess) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport=DESKTOP, base_url=server.url, service_workers="block")
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext, watch: Watch) -> Iterator[Page]:
    p = new_page(context, watch)
    yield p
    watch.check()
