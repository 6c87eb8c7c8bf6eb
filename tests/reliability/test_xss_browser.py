"""Item 11: an XSS corpus in goals, feedback, chat and model output runs nothing and fetches
nothing in a real browser, and every response carries the Content-Security-Policy.

The corpus (script tags, event handlers, ``javascript:``/``data:`` URLs in HTML and in
Markdown, SVG and MathML tricks, mutation-XSS shapes, remote images, stylesheets and
objects) goes in through every door a person or a model has: run goals, checkpoint
feedback, chat messages, and — with ``PLANLOOP_PLANNER=openai`` and a scripted model —
the proposal, the streamed draft, the plan, summaries, framework titles, data points and
chat answers. Then Chromium shows it all. Every payload would set ``window.__pwned``,
open a dialog or fetch from 127.0.0.1:9 if it ran; none may, no element may carry an
event handler or a script URL, and the sanitizer must catch everything by itself: a CSP
violation in the console (the policy as the last line of defence) fails the test too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, Watch, new_page
from tests.browser.flow import button, checkpoint_dialog, propose, says, transcript
from tests.fakes.openai_server import Answer, ScriptedServer
from tests.reliability.common import NO_LIMITS
from tests.server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

R = "http://127.0.0.1:9"  # the discard port: a fetch would show as a request to it
CORPUS = [
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img-onerror'\">",
    f'<img src="{R}/img.png" srcset="{R}/img2.png 2x">',
    f"![remote image]({R}/md-image.png)",
    "![x](javascript:window.__pwned='md-image-js')",
    "[click](javascript:window.__pwned='md-link-js')",
    "[click](JaVaScRiPt:window.__pwned='md-link-case')",
    "[click](java&#x09;script:window.__pwned='md-link-entity')",
    "[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)",
    "[ref][1]\n\n[1]: javascript:window.__pwned='md-ref'",
    "<a href=\"javascript:window.__pwned='a-js'\">a</a>",
    "<a href=\"&#106;avascript:window.__pwned='a-entity'\">e</a>",
    "<a href=\"data:text/html,<script>window.__pwned='a-data'</script>\">d</a>",
    "<svg onload=\"window.__pwned='svg-onload'\"></svg>",
    "<svg><script>window.__pwned='svg-script'</script></svg>",
    "<svg><a xlink:href=\"javascript:window.__pwned='svg-xlink'\"><text y=20>x</text></a></svg>",
    "<svg><animate onbegin=\"window.__pwned='svg-animate'\" attributeName=x dur=1s></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned='mxss'\">",
    "<math href=\"javascript:window.__pwned='math-href'\">m</math>",
    "<iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__pwned='srcdoc'</script>\"></iframe>",
    f'<object data="{R}/object"></object><embed src="{R}/embed">',
    '<object data="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"></object>',
    "<details open ontoggle=\"window.__pwned='details'\">d</details>",
    "<body onload=\"window.__pwned='body'\">",
    "<input autofocus onfocus=\"window.__pwned='autofocus'\">",
    "<video><source onerror=\"window.__pwned='video'\"></video>",
    "<audio src=x onerror=\"window.__pwned='audio'\"></audio>",
    f"<style>@import '{R}/import.css'; body {{ background: url({R}/bg.png) }}</style>",
    f'<link rel=stylesheet href="{R}/link.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=\'meta\'">',
    f'<base href="{R}/">',
    "<form action=\"javascript:window.__pwned='form'\"><button>go</button></form>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__pwned='noscript'>\">",
    "<template><script>window.__pwned='template'</script></template>",
    "\"><img src=x onerror=window.__pwned='attr-break'>",
    "'><script>window.__pwned='quote-break'</script>",
    "</textarea><script>window.__pwned='textarea-break'</script>",
    f'<p style="background:url({R}/style.png)">styled</p>',
    "<scr<script>ipt>window.__pwned='nested'</scr</script>ipt>",
    "<img src=x:alert(1) onerror=eval(src)>",
    "<img src=x onerror=alert(1)>",
    "{{constructor.constructor('window.__pwned=1')()}} ${window.__pwned='literal'}",
    f"<{R}/autolink> and [plain]({R}/plain)",
]
PAYLOADS = len(CORPUS)


def chunks(limit: int = 3800) -> list[str]:
    """The corpus packed into texts that fit a goal (4,000 characters)."""
    out: list[str] = []
    current = ""
    for payload in CORPUS:
        if current and len(current) + len(payload) + 2 > limit:
            out.append(current)
            current = ""
        current += payload + "\n\n"
    return [*out, current]


# -- browser and servers --------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system-deps.sh (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def offline_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(
        tmp_path_factory.mktemp("xss"), PLANLOOP_OFFLINE_STEP_DELAY_S="0.02", **NO_LIMITS
    ).start()
    yield proc
    proc.stop()


def model_answer() -> str:
    """One JSON object that is a valid proposal, iteration and chat answer at once."""
    text = chunks(100_000)[0]
    frameworks = [{"id": f"fw-{i}", "title": p} for i, p in enumerate(CORPUS[:8])]
    return json.dumps(
        {
            "approach": text,
            "frameworks": frameworks,
            "max_iterations": 2,
            "checkpoint_interval": 1,
            "memory_used": [],
            "frameworks_applied": frameworks,
            "data_points": [
                {"label": p, "value": CORPUS[-1 - i], "source": "model"}
                for i, p in enumerate(CORPUS[:10])
            ],
            "plan": f"## Scope\n\n{text}\n\n## Budget\n\n| item | cost |\n|---|---|\n"
            + "".join(f"| {p.replace('|', '/')} | 1 |\n" for p in CORPUS[:10]),
            "summary": text,
            "key_finding": CORPUS[1],
            "answer": text,
            "sources": [],
        }
    )


@pytest.fixture(scope="module")
def llm() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    server.always(Answer(model_answer(), chunks=40))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def model_server(
    llm: ScriptedServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    env = {
        "PLANLOOP_PLANNER": "openai",
        "OPENAI_BASE_URL": llm.url,
        "PLANLOOP_MODEL": "test-model",
        "PLANLOOP_MODEL_STAGES": "draft,revise",
        **NO_LIMITS,
    }
    proc = ServerProcess(tmp_path_factory.mktemp("xss-model"), **env).start()
    yield proc
    proc.stop()


class Guard:
    """Watches a page: requests, dialogs, responses without the CSP, script errors."""

    def __init__(self, page: Page, watch: Watch, origin: str) -> None:
        self.page, self.watch, self.origin = page, watch, origin
        self.dialogs: list[str] = []
        self.no_csp: list[str] = []
        self.responses = 0
        page.on("dialog", self._dialog)
        page.on("response", self._response)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _response(self, response: Any) -> None:
        if response.url.startswith(self.origin):
            self.responses += 1
            if "content-security-policy" not in response.headers:
                self.no_csp.append(response.url)

    def check(self) -> None:
        page = self.page
        page.wait_for_timeout(300)  # give anything that would run or load its chance
        assert page.evaluate("window.__pwned") is None, page.evaluate("window.__pwned")
        assert self.dialogs == []
        foreign = [u for u in self.watch.requests if not u.startswith(self.origin)]
        assert foreign == [], foreign
        assert self.no_csp == [], self.no_csp
        problems = page.evaluate(DOM_AUDIT)
        assert problems == [], problems
        self.watch.check()  # no script errors, no CSP violations: the sanitizer did it all


DOM_AUDIT = r"""() => {
  const problems = [];
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc',
                    'poster', 'background', 'srcset', 'ping'];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.trim().toLowerCase();
      if (name.startsWith('on')) problems.push(`${el.tagName} has ${name}`);
      if (name === 'style') problems.push(`${el.tagName} has style`);
      if (urlAttrs.includes(name) && /^(javascript|data|vbscript):/.test(value)) {
        problems.push(`${el.tagName} ${name}=${value.slice(0, 40)}`);
      }
    }
  }
  const count = (sel) => document.querySelectorAll(sel).length;
  if (count('script') !== 1 || !document.querySelector('script[src="app.js"]')) {
    problems.push(`scripts: ${count('script')}`);
  }
  for (const sel of ['iframe', 'frame', 'object', 'embed', 'img', 'picture', 'video', 'audio',
                     'source', 'svg', 'math', 'base', 'style', 'template', 'noscript']) {
    if (count(sel)) problems.push(`${count(sel)} <${sel}>`);
  }
  if (count('meta') !== 3 || count('body meta')) problems.push(`meta: ${count('meta')}`);
  if (count('link') !== 2 || count('body link')) problems.push(`link: ${count('link')}`);
  const content = '.markdown, .msg-text, .pre, .feedback, .draft, .progress-line, ' +
    '#runs-list, #timeline, #run-title, #proposal-approach, #proposal-frameworks';
  for (const box of document.querySelectorAll(content)) {
    const inner = box.querySelectorAll('form, input, button, textarea, select, a[target]');
    // The runs list and the timeline are the page's own controls (text set with textContent).
    const own = box.id === 'runs-list' || box.id === 'timeline';
    if (inner.length && !own) problems.push(`controls in ${box.className}`);
  }
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    // The page's own links: a plan's downloads and its contents (never from plan text).
    const download = /^\/api\/runs\/[0-9a-f]+\/plan\?format=[a-z]+$/;
    const ours = (a.closest('.export-bar') && download.test(href))
      || (a.closest('.plan-toc') && /^#plan-[0-9a-f]{8}-[a-z0-9-]+$/.test(href));
    if (!ours && !/^(https?:|mailto:)/i.test(href)) problems.push(`a ${a.href}`);
  }
  return problems;
}"""


def context_for(browser: Browser, server: ServerProcess) -> BrowserContext:
    ctx = browser.new_context(viewport=DESKTOP, base_url=server.url, service_workers="block")
    ctx.set_default_timeout(20_000)
    return ctx


def wait_status(page: Page, run_id: str, wanted: str) -> dict[str, Any]:
    for _ in range(400):
        view: dict[str, Any] = page.request.get(f"/api/runs/{run_id}").json()
        if view["status"] == wanted:
            return view
        page.wait_for_timeout(50)
    raise AssertionError(f"run {run_id} never became {wanted}")


def open_finished_run(page: Page, run_id: str) -> None:
    page.goto(f"/#run={run_id}")
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    expect(transcript(page).locator(".plan[aria-busy]")).to_have_count(0)
    expect(transcript(page).locator(".plan").first).not_to_contain_text("Loading the plan")


def test_hostile_goals_feedback_and_chat_run_nothing_and_fetch_nothing(
    browser: Browser, offline_server: ServerProcess
) -> None:
    ctx = context_for(browser, offline_server)
    watch = Watch()
    try:
        page = new_page(ctx, watch)
        guard = Guard(page, watch, offline_server.url)
        page.goto("/")
        run_ids = []
        for text in chunks():
            body = {"goal": text, "max_iterations": 2, "checkpoint_interval": 1}
            r = page.request.post("/api/runs", data=body)
            assert r.status == 201, r.text()
            run_id = r.json()["run_id"]
            wait_status(page, run_id, "awaiting_approval")
            r = page.request.post(
                f"/api/runs/{run_id}/checkpoints/1",
                data={"decision": "approve", "feedback": text},
            )
            assert r.status == 200, r.text()
            wait_status(page, run_id, "completed")
            run_ids.append(run_id)
        for run_id in run_ids:
            open_finished_run(page, run_id)
            expect(transcript(page).locator(".feedback")).to_have_count(1)
            guard.check()
        # the chat: the message shown as text, the reply rendered as Markdown
        page.goto("/")
        box = page.get_by_label("Message or goal")
        for text in chunks():
            box.fill(text)
            box.press("Enter")
        replies = transcript(page).locator(".msg-assistant")
        expect(replies).to_have_count(len(chunks()))
        expect(replies.filter(has_text="Thinking…")).to_have_count(0)
        guard.check()
        assert guard.responses > 0
    finally:
        ctx.close()


def test_hostile_model_output_runs_nothing_and_fetches_nothing(
    browser: Browser, model_server: ServerProcess
) -> None:
    ctx = context_for(browser, model_server)
    watch = Watch()
    try:
        page = new_page(ctx, watch)
        guard = Guard(page, watch, model_server.url)
        page.goto("/")
        # the proposal: the model's approach and framework titles, shown in the dialog
        dialog = propose(page, "Open a bakery in Lisbon with a budget of $40,000")
        expect(dialog.locator("#proposal-approach")).to_contain_text("<script>")
        guard.check()
        dialog.get_by_label("Max iterations").fill("2")
        dialog.get_by_label("Checkpoint every").fill("1")
        button(dialog, "Approve").click()
        # the run streams the model's raw text, then parks: approve with hostile feedback
        cp = checkpoint_dialog(page, 1)
        expect(cp).to_be_visible()
        guard.check()
        cp.locator("#checkpoint-feedback").fill(chunks()[0][:3900])
        button(cp, "Approve").click()
        expect(says(page, "✅ Planning completed!")).to_have_count(1)
        expect(transcript(page).locator(".plan[aria-busy]")).to_have_count(0)
        expect(transcript(page).locator(".plan table").first).to_be_visible()
        guard.check()
        # reload: the whole run replayed from its events, the plan fetched again
        run_id = page.url.split("#run=", 1)[1]
        open_finished_run(page, run_id)
        guard.check()
        # the model's chat answer, rendered
        box = page.get_by_label("Message or goal")
        box.fill("What should the bakery budget be?")
        box.press("Enter")
        reply = transcript(page).locator(".msg-assistant")
        expect(reply.last).not_to_contain_text("Thinking…")
        expect(reply.last).to_contain_text("window.__pwned")  # the answer, as text at least
        # a streamed answer is rendered (as sanitized Markdown) once it is done
        expect(reply.last.locator(".markdown, .error-text")).to_have_count(1)
        guard.check()
    finally:
        ctx.close()


@pytest.mark.timeout(60)
def test_every_kind_of_response_carries_the_csp(offline_server: ServerProcess) -> None:
    """Pages, scripts, styles, icons, JSON, errors of every kind, refusals and streams."""
    from planloop.api.headers import CSP

    with httpx.Client(base_url=offline_server.url, timeout=10) as c:
        run_id = c.post("/api/runs", json={"goal": "Plan a launch", "max_iterations": 1}).json()[
            "run_id"
        ]
        checks = [
            c.get("/"),
            c.get("/index.html"),
            c.get("/app.js"),
            c.get("/style.css"),
            c.get("/favicon.svg"),
            c.get("/no-such-page"),
            c.get("/api/health"),
            c.get("/api/runs/missing"),
            c.post("/api/runs", content=b"{", headers={"content-type": "application/json"}),
            c.post("/api/runs", content=b"goal=x", headers={"content-type": "text/plain"}),
            c.post("/api/runs", json={"goal": "x"}, headers={"Sec-Fetch-Site": "cross-site"}),
            c.post(
                "/api/runs", content=b"x" * 70_000, headers={"content-type": "application/json"}
            ),
            c.delete("/api/runs"),
        ]
        with c.stream("GET", f"/api/runs/{run_id}/events") as stream:
            checks.append(stream)
        for r in checks:
            assert r.headers.get("content-security-policy") == CSP, (r.request.url, r.status_code)
            assert r.headers.get("x-content-type-options") == "nosniff"
