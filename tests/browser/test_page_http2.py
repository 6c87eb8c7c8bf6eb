"""The page over HTTP/2: `planloop serve --http2` with TLS, in Chromium, from the goal to
the saved plan, every request on h2 (the browser negotiates it by ALPN)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import pytest
import trustme
from playwright.sync_api import Browser, Page, expect
from tests.api.test_http2 import pkcs8
from tests.browser.conftest import DESKTOP, STEP_DELAY_S, Watch, new_page
from tests.browser.flow import button, checkpoint_dialog, run_state, says, start, transcript
from tests.server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("h2page")
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1")
    cert, key = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(b"".join(b.bytes() for b in leaf.cert_chain_pems))
    key.write_bytes(pkcs8(leaf.private_key_pem.bytes()))
    proc = ServerProcess(folder, PLANLOOP_OFFLINE_STEP_DELAY_S=STEP_DELAY_S)
    proc.extra_args = ["--http2", "--tls-cert", str(cert), "--tls-key", str(key)]
    proc.scheme = "https"
    with ca.cert_pem.tempfile() as ca_file:
        proc.verify = ssl.create_default_context(cafile=ca_file)
        proc.start()
    yield proc
    proc.stop()


@pytest.fixture
def h2_page(browser: Browser, tls_server: ServerProcess, watch: Watch) -> Iterator[Page]:
    # The test's own CA is not in Chromium's store: its certificate errors are waived.
    ctx = browser.new_context(viewport=DESKTOP, base_url=tls_server.url, ignore_https_errors=True)
    page = new_page(ctx, watch)
    yield page
    watch.check()
    ctx.close()


def protocols(page: Page) -> set[str]:
    """The protocol of the page's navigation and of every request it has made so far."""
    found: list[str] = page.evaluate(
        """() => [
            ...performance.getEntriesByType("navigation"),
            ...performance.getEntriesByType("resource"),
        ].map((e) => e.nextHopProtocol)"""
    )
    return set(found)


def test_a_plan_through_a_checkpoint_over_http2(h2_page: Page) -> None:
    page = h2_page
    page.goto("/")
    run_id = start(page, "Plan a street party for 80 neighbours in June", 2, 1)
    cp = checkpoint_dialog(page, 1)
    expect(cp).to_be_visible()
    button(cp, "Approve").click()
    expect(cp).to_be_hidden()
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    expect(transcript(page).locator(".plan h1")).to_contain_text("street party")
    assert run_state(page, run_id)["status"] == "completed"
    assert protocols(page) == {"h2"}
