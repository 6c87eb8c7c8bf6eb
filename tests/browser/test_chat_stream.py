"""The message box talks to the model: the answer grows in place as it streams, then settles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tests.api.test_model_runs import model_env
from tests.browser.conftest import start_server
from tests.browser.flow import transcript
from tests.fakes.openai_server import Answer, Fail, ScriptedServer
from tests.server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

REPLY = (
    "Your notes put the deck oven at EUR 12,500, so order it first: it takes the longest "
    "to arrive, and the rest of the kitchen fits around it. Then sign the lease.\n\n"
    "Sources: none"
)

# Records the text of every version of the streaming message the page shows: setting
# textContent replaces the text node, and each added node keeps the text it was added with.
OBSERVE = """() => {
  window.__grown = [];
  new MutationObserver((records) => {
    for (const record of records) {
      const target = record.target;
      if (!(target instanceof Element) || !target.classList.contains('streaming')) continue;
      for (const node of record.addedNodes) window.__grown.push(node.textContent);
    }
  }).observe(document.getElementById('transcript'), { childList: true, subtree: true });
}"""


@pytest.fixture(scope="module")
def llm() -> Iterator[ScriptedServer]:
    fake = ScriptedServer().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def server(
    llm: ScriptedServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """This module's server plans and chats with the scripted model."""
    proc = start_server(Path(tmp_path_factory.mktemp("chat-web")), **model_env(llm))
    yield proc
    proc.stop()


def ask(page: Page, message: str) -> None:
    box = page.get_by_label("Message or goal")
    box.fill(message)
    box.press("Enter")
    expect(box).to_have_value("")


def test_the_answer_grows_as_the_model_writes_then_shows_whole(
    page: Page, llm: ScriptedServer
) -> None:
    llm.reset()
    llm.always(Answer(REPLY, chunks=40, pause_s=0.05))  # ~2 s of writing
    page.goto("/")
    page.evaluate(OBSERVE)
    ask(page, "What should I buy first?")
    reply = transcript(page).locator(".msg-assistant").last
    expect(reply.locator(".markdown")).to_contain_text("Then sign the lease.", timeout=20_000)
    expect(reply).to_contain_text("Your notes put the deck oven at EUR 12,500")
    expect(reply.locator(".streaming")).to_have_count(0)  # replaced by the whole reply
    grown: list[str] = page.evaluate("window.__grown")
    assert grown and grown[-1] == REPLY  # the deltas add up to the reply
    partial = [text for text in dict.fromkeys(grown) if text != REPLY]
    assert len(partial) >= 2, grown  # seen growing, not in one lump
    assert all(REPLY.startswith(text) for text in grown)
    assert [len(t) for t in grown] == sorted(len(t) for t in grown)
    [request] = llm.chats
    assert "What should I buy first?" in request.content("user")


def test_a_model_that_is_down_shows_the_error_in_the_message(
    page: Page, llm: ScriptedServer
) -> None:
    llm.reset()
    llm.always(Fail(500))
    page.goto("/")
    ask(page, "Anyone there?")
    reply = transcript(page).locator(".msg-assistant").last
    expect(reply.locator(".error-text")).to_contain_text("❌")
    expect(reply.locator(".error-text")).to_contain_text("HTTP 500")
    expect(reply).not_to_contain_text("Thinking…")
