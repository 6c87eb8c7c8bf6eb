"""Safe rendering (render.py), the page's routes (pages.py) and the security headers."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from planloop.api.headers import CSP
from planloop.render import render_markdown, sanitize
from tests.helpers import start_run
from tests.inprocess import TERMINAL, InProcessApp, finished_events, wait_status

pytestmark = [pytest.mark.timeout(60), pytest.mark.in_process]

WEB = Path(__file__).resolve().parents[2] / "src" / "planloop" / "web"
HOSTILE = (
    '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\n\n'
    "[x](javascript:alert(1)) ![r](http://127.0.0.1:9/x.png) [d](data:text/html,hi) "
    '[v](vbscript:msgbox) [p](//evil.example/x) <a href="javascript:alert(3)">a</a>'
)


def test_markdown_renders_headings_lists_tables_and_code() -> None:
    html = render_markdown(
        "# Plan\n\n## Steps\n\n- one\n- **two**\n\n3. c\n4. d\n\n"
        "| a | b |\n|:-|-:|\n| 1 | 2 |\n\n```\nx < y\n```\n\n> quote ~~old~~"
    )
    assert "<h1>Plan</h1>" in html and "<h2>Steps</h2>" in html
    assert "<li><strong>two</strong></li>" in html
    assert '<ol start="3">' in html
    assert "<table>" in html and '<th class="align-left col-short col-word">a</th>' in html
    assert '<td class="align-right col-short col-word">2</td>' in html
    assert "<pre><code>x &lt; y" in html
    assert "<blockquote>" in html and "<s>old</s>" in html
    assert "style=" not in html  # inline styles would be refused by the CSP anyway


def test_a_column_of_short_cells_is_marked_to_take_only_its_width() -> None:
    """On a phone every column's minimum width made "#" as wide as "Milestone", which then
    wrapped to seven lines (a page trial's): a column whose cells are all short is marked."""
    html = render_markdown(
        "| # | Milestone | Date |\n|---|---|---|\n"
        "| M1 | Race entries open and the route published | 2027-02-01 |\n"
    )
    assert '<th class="col-short col-word">#</th>' in html
    assert '<th class="col-long">Milestone</th>' in html
    assert '<td class="col-short col-word">2027-02-01</td>' in html
    assert '<td class="col-long">Race entries open and the route published</td>' in html


def test_raw_html_scripts_and_dangerous_links_never_survive() -> None:
    html = render_markdown(HOSTILE)
    assert "<img" not in html and "<script" not in html
    assert not re.search(r"<[a-z][^>]*\son\w+=", html)  # no tag carries a handler
    assert not re.search(r"<a [^>]*href=\"(?!https?:|mailto:)", html)
    assert "evil.example" not in html
    # the raw HTML is visible as text, the image as its alt text, fetching nothing
    assert "&lt;img src=x" in html and "&lt;script&gt;" in html
    assert '<span class="image-alt">[image: r]</span>' in html
    assert "127.0.0.1:9" not in html


def test_links_are_http_https_or_mailto_with_rel() -> None:
    html = render_markdown(
        "[w](https://example.com/a?b=1) [m](mailto:a@example.com) [h](http://x.y)"
    )
    assert html.count('rel="noopener noreferrer nofollow"') == 3
    assert 'href="https://example.com/a?b=1"' in html and 'href="mailto:a@example.com"' in html


@pytest.mark.parametrize(
    "dirty",
    [
        '<img src="http://127.0.0.1:9/x.png">',
        '<svg onload="alert(1)"><circle/></svg>',
        '<iframe src="https://example.com"></iframe>',
        '<a href="javascript:alert(1)" onclick="alert(2)">x</a>',
        '<p style="background:url(http://127.0.0.1:9/)">x</p>',
        "<object data=x></object><embed src=x><link rel=stylesheet href=//x><base href=//x>",
        '<table><td background="http://127.0.0.1:9/">x</td></table>',
        "<script>alert(1)</script><style>*{}</style>",
    ],
)
def test_sanitizer_drops_anything_that_runs_or_fetches(dirty: str) -> None:
    clean = sanitize(dirty)
    for bad in ("<img", "<svg", "<iframe", "<script", "<style", "<object", "<embed", "<link"):
        assert bad not in clean
    for bad in ("onload", "onclick", "javascript:", "style=", "background=", "<base", "alert"):
        assert bad not in clean


def test_empty_markdown_renders_empty() -> None:
    assert render_markdown("") == ""


# -- the page's own files --------------------------------------------------------------------


def test_page_has_no_inline_script_or_style_and_no_remote_assets() -> None:
    html = (WEB / "index.html").read_text()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="' in tag and 'type="module"' in tag
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html), "inline script"
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    for path in WEB.iterdir():
        text = path.read_text()
        assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in text, f"remote reference in {path.name}"


def test_scripts_never_write_html_from_strings() -> None:
    modules = sorted(WEB.glob("*.js"))
    assert len(modules) >= 5
    for path in modules:
        text = path.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in text, f"{sink} in {path.name}"
        assert len(text.splitlines()) < 300, f"{path.name} should stay small"


# -- HTTP: headers and routes ----------------------------------------------------------------

EXPECTED_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def _assert_secure(response: httpx.Response) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, (response.url, name)


async def test_security_headers_on_every_kind_of_response(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    _assert_secure(page)
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]
    for path in ("/app.js", "/style.css", "/api/health", "/api/runs", "/nope", "/api/nope"):
        _assert_secure(await client.get(path))
    assert (await client.get("/app.js")).headers["content-type"].startswith("text/javascript")
    # refused at the door by the guards (413, 415) and by validation (422)
    _assert_secure(await client.post("/api/render", content=b"x" * 70_000))
    _assert_secure(await client.post("/api/render", content=b"{}"))
    _assert_secure(await client.post("/api/render", json={}))
    # and on the event stream (in-process, read once the run is over and its stream ends)
    run_id = await start_run(client, max_iterations=1)
    await wait_status(client, run_id, *TERMINAL)
    async with client.stream("GET", f"/api/runs/{run_id}/events") as r:
        _assert_secure(r)
        assert r.headers["content-type"].startswith("text/event-stream")


async def test_plan_route_gives_markdown_and_sanitized_html(
    client: httpx.AsyncClient, app_server: InProcessApp
) -> None:
    run_id = await start_run(client, goal=HOSTILE, max_iterations=2, checkpoint_interval=2)
    events = await finished_events(client, run_id)
    assert events[-1]["status"] == "completed"
    r = await client.get(f"/api/runs/{run_id}/plan")
    assert r.status_code == 200
    body = r.json()
    assert body["iteration"] == 2 and body["partial"] is False
    assert body["plan_markdown"] == (await client.get(f"/api/runs/{run_id}")).json()["plan"]
    assert body["html"] == render_markdown(body["plan_markdown"])
    assert "<h" in body["html"]
    assert "<img" not in body["html"] and "<script" not in body["html"]
    assert not re.search(r"<a [^>]*href=\"(?!https?:|mailto:)", body["html"])
    # owner-checked: another session, or no such run, gets a 404 in the usual error shape
    async with app_server.client() as other:
        r = await other.get(f"/api/runs/{run_id}/plan")
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = await client.get("/api/runs/0123456789abcdef/plan")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


async def test_plan_route_before_any_iteration_is_empty(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client)
    await client.post(f"/api/runs/{run_id}/cancel")
    body = (await client.get(f"/api/runs/{run_id}/plan")).json()
    assert body["iteration"] >= 0 and body["partial"] is True
    assert body["html"] == render_markdown(body["plan_markdown"])


async def test_render_route(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/render", json={"markdown": "## Hi\n\n" + HOSTILE})
    assert r.status_code == 200
    html = r.json()["html"]
    assert "<h2>Hi</h2>" in html and "<img" not in html and "<script" not in html
    assert (await client.post("/api/render", json={"markdown": ""})).json() == {"html": ""}


async def test_render_route_limits(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/render", json={"markdown": 1})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    r = await client.post("/api/render", json={"markdown": "x" * (64 * 1024 + 1)})
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
    r = await client.post("/api/render", json={"markdown": "x" * 60_000})
    assert r.status_code == 200


async def test_cross_site_render_is_refused(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/api/render", json={"markdown": "x"}, headers={"Origin": "https://evil.example"}
    )
    assert r.status_code == 403
    _assert_secure(r)
