"""Item 8: oversized, malformed and hostile input — a clear JSON error, and nothing changes;
text that ends up in SSE frames can never break the framing or inject an event.

Bodies are sent as raw bytes, so what reaches the server is exactly what is listed here:
NUL bytes, invalid UTF-8, lone surrogates, JSON nested 30,000 deep, wrong content types.
Streams are read as raw bytes and split into frames the way the SSE spec does (CR, LF
and CRLF all end a line), so an injected ``\\n\\nevent: complete`` or a stray ``\\r``
would show up as an extra frame or field.
"""

from __future__ import annotations

import asyncio
import html
import json
import secrets
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.reliability.common import NO_LIMITS, eventually, parse_sse, read_log, state
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(90)

JSON = {"content-type": "application/json"}
# Text that would end a frame early or start a field, if it ever reached the wire raw.
INJECTION = (
    'Plan a bakery\n\nevent: complete\ndata: {"type": "complete", "status": "completed"}'
    "\n\nid: 999\r\nretry: 1\r\rdata: injected\r\n\r\n: comment\nevent:error\n"
    "data:{}\n\n\u2028\u2029\u0085 tab\tend"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path_factory.mktemp("hostile"), **NO_LIMITS).start()
    yield proc
    proc.stop()


@pytest.fixture
async def client(server: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=20) as c:
        await c.get("/api/runs")  # get the session cookie first
        yield c


async def total_runs(server: ServerProcess) -> int:
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as c:
        counts: dict[str, int] = (await c.get("/api/health")).json()["runs"]
    return sum(counts.values())


def assert_json_error(r: httpx.Response, status: int | tuple[int, ...]) -> str:
    statuses = status if isinstance(status, tuple) else (status,)
    assert r.status_code in statuses, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json"), r.headers
    error = r.json()["error"]
    assert isinstance(error["code"], str) and error["code"], error
    assert isinstance(error["message"], str) and error["message"].strip(), error
    code: str = error["code"]
    return code


def deep(n: int) -> bytes:
    return b'{"goal": ' + b"[" * n + b"]" * n + b"}"


def chunked(total: int) -> Any:
    async def body() -> AsyncIterator[bytes]:
        sent = 0
        while sent < total:
            yield b'{"goal": "' if sent == 0 else b"a" * 8192
            sent += 8192

    return body()


# name -> (content or a factory of it, headers, expected status(es), expected code or None)
RUN_BODIES: dict[str, tuple[Any, dict[str, str], int | tuple[int, ...], str | None]] = {
    "oversized": (b'{"goal": "' + b"a" * 70_000 + b'"}', JSON, 413, "body_too_large"),
    "oversized-chunked": (lambda: chunked(200_000), JSON, 413, "body_too_large"),
    "truncated": (b'{"goal": ', JSON, 400, "malformed_json"),
    "trailing-garbage": (b'{"goal": "a"} {', JSON, 400, "malformed_json"),
    "single-quotes": (b"{'goal': 'a'}", JSON, 400, "malformed_json"),
    "bare-keys": (b'{goal: "a"}', JSON, 400, "malformed_json"),
    "empty-body": (b"", JSON, 422, None),
    "array": (b"[]", JSON, 422, "invalid_request"),
    "string": (b'"goal"', JSON, 422, "invalid_request"),
    "null": (b"null", JSON, 422, "invalid_request"),
    "number": (b"42", JSON, 422, "invalid_request"),
    "nested-30000-deep": (deep(30_000), JSON, (400, 422), None),
    "huge-integer": (
        b'{"goal": "a", "max_iterations": ' + b"9" * 5000 + b"}",
        JSON,
        (400, 422),
        None,
    ),
    "raw-nul-byte": (b'{"goal": "bake\x00ry"}', JSON, 400, "malformed_json"),
    "escaped-nul": (b'{"goal": "bake\\u0000ry"}', JSON, 422, "invalid_input"),
    "escape-sequence": (b'{"goal": "bake\\u001b[31mry"}', JSON, 422, "invalid_input"),
    "invalid-utf8": (b'{"goal": "bak\xff\xfery"}', JSON, 400, "malformed_json"),
    "overlong-utf8": (b'{"goal": "bak\xc0\xafry"}', JSON, 400, "malformed_json"),
    "lone-surrogate": (b'{"goal": "bake\\ud800ry"}', JSON, 422, "invalid_input"),
    "only-newlines": (b'{"goal": "\\n\\r\\n\\t  "}', JSON, 422, "invalid_input"),
    "goal-4001-chars": (json.dumps({"goal": "a" * 4001}).encode(), JSON, 422, None),
    "goal-a-list": (b'{"goal": ["a"]}', JSON, 422, "invalid_request"),
    "goal-an-object": (b'{"goal": {"$ne": null}}', JSON, 422, "invalid_request"),
    "iterations-negative": (b'{"goal": "a", "max_iterations": -1}', JSON, 422, None),
    "iterations-nan": (b'{"goal": "a", "max_iterations": NaN}', JSON, (400, 422), None),
    "timeout-infinite": (b'{"goal": "a", "checkpoint_timeout_s": 1e999}', JSON, 422, None),
    "text-plain": (b'{"goal": "a"}', {"content-type": "text/plain"}, 415, None),
    "form-encoded": (
        b"goal=a",
        {"content-type": "application/x-www-form-urlencoded"},
        415,
        "unsupported_media_type",
    ),
    "multipart": (
        b'--b\r\nContent-Disposition: form-data; name="goal"\r\n\r\na\r\n--b--\r\n',
        {"content-type": "multipart/form-data; boundary=b"},
        415,
        None,
    ),
    "xml": (b"<goal>a</goal>", {"content-type": "application/xml"}, 415, None),
    "no-content-type": (b'{"goal": "a"}', {}, 415, None),
    "json-lookalike-type": (b'{"goal": "a"}', {"content-type": "application/jsonx"}, 415, None),
}


@pytest.mark.parametrize("name", list(RUN_BODIES))
async def test_bad_run_bodies_get_a_json_error_and_change_nothing(
    client: httpx.AsyncClient, server: ServerProcess, name: str
) -> None:
    content, headers, status, code = RUN_BODIES[name]
    if callable(content):
        content = content()
    before = await total_runs(server)
    r = await client.post("/api/runs", content=content, headers=headers)
    got = assert_json_error(r, status)
    if code is not None:
        assert got == code, (got, r.text[:200])
    assert await total_runs(server) == before


BAD_DECISIONS: dict[str, bytes] = {
    "unknown-decision": b'{"decision": "maybe"}',
    "upper-case": b'{"decision": "APPROVE"}',
    "no-decision": b'{"feedback": "x"}',
    "feedback-nul": b'{"decision": "approve", "feedback": "a\\u0000b"}',
    "feedback-raw-nul": b'{"decision": "approve", "feedback": "a\x00b"}',
    "feedback-invalid-utf8": b'{"decision": "approve", "feedback": "a\xffb"}',
    "feedback-4001-chars": json.dumps({"decision": "approve", "feedback": "a" * 4001}).encode(),
    "feedback-a-list": b'{"decision": "approve", "feedback": ["x"]}',
    "truncated": b'{"decision": "appr',
}


async def test_bad_decisions_change_nothing(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/api/runs", json={"goal": "Plan a launch", "max_iterations": 2, "checkpoint_interval": 1}
    )
    run_id = r.json()["run_id"]
    await read_log(client, run_id, until=lambda e: e["type"] == "checkpoint_reached")
    last = (await state(client, run_id))["last_seq"]
    url = f"/api/runs/{run_id}/checkpoints/1"
    for _name, body in BAD_DECISIONS.items():
        r = await client.post(url, content=body, headers=JSON)
        assert_json_error(r, (400, 422))
    for _name, (body, headers) in {
        "form": (b"decision=approve", {"content-type": "application/x-www-form-urlencoded"}),
        "text": (b'{"decision": "approve"}', {"content-type": "text/plain"}),
    }.items():
        assert_json_error(await client.post(url, content=body, headers=headers), 415)
    view = await state(client, run_id)
    assert view["status"] == "awaiting_approval" and view["pending_checkpoint"] == 1
    assert view["last_seq"] == last and view["feedback"] == []


@pytest.mark.parametrize(
    "number",
    ["0", "-1", "x", "1.5", "9" * 20, "9" * 400],
    ids=["0", "-1", "x", "1.5", "9x20", "9x400"],
)
async def test_checkpoint_numbers_out_of_range_get_a_json_error(
    client: httpx.AsyncClient, number: str
) -> None:
    """Found by this battery: a checkpoint number past SQLite's 64-bit integers
    (``9`` * 20) is a 500 with a plain-text body — ``number: int`` in the route, and
    ``checkpoint: int`` in /api/checkpoint-approval, have no upper bound and the store
    cannot bind the value (OverflowError)."""
    r = await client.post(
        "/api/runs", json={"goal": "Plan a launch", "max_iterations": 2, "checkpoint_interval": 1}
    )
    run_id = r.json()["run_id"]
    await read_log(client, run_id, until=lambda e: e["type"] == "checkpoint_reached")
    r = await client.post(f"/api/runs/{run_id}/checkpoints/{number}", json={"decision": "approve"})
    assert_json_error(r, (404, 409, 422))
    if number.lstrip("-").isdigit():  # the original page's approval takes the number in JSON
        async with httpx.AsyncClient(base_url=str(client.base_url), cookies=client.cookies) as c:
            body = {"session_id": None, "checkpoint": int(number)}
            assert_json_error(await c.post("/api/checkpoint-approval", json=body), (404, 409, 422))
    view = await state(client, run_id)
    assert view["status"] == "awaiting_approval" and view["pending_checkpoint"] == 1


@pytest.mark.parametrize(
    "value", ["abc", "-1", "1.5", "1e3", "9" * 13, "0x10", "1 2", "²", "①", "一"]
)
async def test_bad_last_event_ids_get_json_not_a_stream(
    client: httpx.AsyncClient, value: str
) -> None:
    """Found by this battery: ``²`` (a character ``str.isdigit`` accepts but ``int``
    refuses) as ``?last_event_id=`` is a 500 from ``resume_point`` in api/streams.py."""
    r = await client.post("/api/runs", json={"goal": "Plan a launch", "max_iterations": 1})
    run_id = r.json()["run_id"]
    url = f"/api/runs/{run_id}/events"
    r = await client.get(url, headers={"Last-Event-ID": value.encode()})
    assert_json_error(r, 422)
    # a fresh connection: a 500 above would have closed the first one
    async with httpx.AsyncClient(base_url=str(client.base_url), cookies=client.cookies) as fresh:
        r = await fresh.get(url, params={"last_event_id": value})
        assert_json_error(r, 422)


async def test_bad_seed_queries_change_nothing(
    client: httpx.AsyncClient, server: ServerProcess
) -> None:
    before = await total_runs(server)
    for query in (
        "goal=a%00b&session_id=null",
        "goal=%1b%5b31m&session_id=null",
        "goal=" + "a" * 4001 + "&session_id=null",
        "goal=a&max_iterations=0&session_id=null",
        "goal=a&max_iterations=abc&session_id=null",
        "goal=a&checkpoint_interval=-2&session_id=null",
        "goal=a&session_id=" + quote("../../etc"),
        "goal=a&session_id=" + "s" * 101,
        "goal=&session_id=null",
    ):
        r = await client.get(f"/api/execute-plan?{query}")
        assert_json_error(r, 422)
    assert await total_runs(server) == before


# -- framing ----------------------------------------------------------------------------


async def pending(client: httpx.AsyncClient, run_id: str, number: int) -> bool:
    return bool((await state(client, run_id))["pending_checkpoint"] == number)


def frames_of(raw: bytes) -> list[list[tuple[str, str]]]:
    """The stream's event blocks, after checking its opening and that nothing was cut short."""
    parsed = parse_sse(raw)
    assert not any(b.get("unterminated") for b in parsed), "a frame was cut short"
    blocks = [b["fields"] for b in parsed]
    opening = blocks[0]  # the reconnection delay and a comment, nothing else
    assert opening[0][0] == "retry" and opening[0][1].isdigit(), opening
    assert all(name == "" for name, _ in opening[1:]), opening
    # everything else is an event, or a heartbeat made only of comment lines
    return [b for b in blocks[1:] if any(name != "" for name, _ in b)]


async def raw_stream(client: httpx.AsyncClient, url: str) -> bytes:
    """The raw bytes of a stream, until the server ends it (after ``complete``)."""
    raw = b""
    async with asyncio.timeout(60), client.stream("GET", url) as r:
        assert r.status_code == 200, await r.aread()
        async for chunk in r.aiter_bytes():
            raw += chunk
    return raw


async def test_injected_newlines_and_fields_never_break_the_primary_stream(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post(
        "/api/runs", json={"goal": INJECTION, "max_iterations": 2, "checkpoint_interval": 1}
    )
    assert r.status_code == 201, r.text
    run_id = r.json()["run_id"]
    # (not read_log: its reader splits lines like str.splitlines, at U+2028 too)
    assert await eventually(lambda: pending(client, run_id, 1), timeout=30)
    r = await client.post(
        f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve", "feedback": INJECTION}
    )
    assert r.status_code == 200, r.text

    async def done() -> bool:
        return bool((await state(client, run_id))["status"] == "completed")

    assert await eventually(done, timeout=30)
    raw = await raw_stream(client, f"/api/runs/{run_id}/events")
    blocks = frames_of(raw)
    seen: list[dict[str, Any]] = []
    for fields in blocks:
        names = [name for name, _ in fields]
        assert names == ["id", "event", "data"], fields  # exactly one of each, in order
        data = json.loads(fields[2][1])
        assert data["type"] == fields[1][1] and data["seq"] == int(fields[0][1])
        seen.append(data)
    assert [e["seq"] for e in seen] == list(range(1, len(seen) + 1))
    kinds = [e["type"] for e in seen]
    assert kinds.count("complete") == 1 and kinds[-1] == "complete"
    assert "error" not in kinds
    assert seen[-1]["status"] == "completed"
    # the text arrived whole, every character of it
    assert seen[0]["goal"] == INJECTION.strip()
    approved = next(e for e in seen if e["type"] == "checkpoint_approved")
    assert approved["feedback"] == INJECTION.strip()


async def test_injected_newlines_and_fields_never_break_the_seed_stream(
    client: httpx.AsyncClient,
) -> None:
    convo = "inject-1"
    url = f"/api/execute-plan?goal={quote(INJECTION)}&max_iterations=2&checkpoint_interval=1"
    url += f"&session_id={convo}"

    async def approve_when_parked() -> None:
        for _ in range(300):
            runs = (await client.get("/api/runs")).json()
            mine = [x for x in runs if x["goal"] == INJECTION.strip()]
            if mine and (await state(client, mine[0]["run_id"]))["pending_checkpoint"] == 1:
                r = await client.post(
                    "/api/checkpoint-approval",
                    json={"session_id": convo, "checkpoint": 1, "feedback": INJECTION},
                )
                assert r.status_code == 200, r.text
                return
            await asyncio.sleep(0.05)
        raise AssertionError("the seed run never reached its checkpoint")

    approver = asyncio.create_task(approve_when_parked())
    raw = await raw_stream(client, url)
    await approver
    blocks = frames_of(raw)
    seen = []
    for fields in blocks:
        assert [name for name, _ in fields] == ["id", "data"], fields  # unnamed events only
        data = json.loads(fields[1][1])
        assert data["seq"] == int(fields[0][1])
        seen.append(data)
    assert [e["seq"] for e in seen] == list(range(1, len(seen) + 1))
    kinds = [e["type"] for e in seen]
    assert kinds.count("complete") == 1 and kinds[-1] == "complete"
    # the original page put these into innerHTML: they arrive escaped, and whole
    assert seen[0]["goal"] == html.escape(INJECTION.strip(), quote=True)
    approved = next(e for e in seen if e["type"] == "checkpoint_approved")
    assert approved["feedback"] == html.escape(INJECTION.strip(), quote=True)


async def test_the_terminal_client_reads_unicode_line_separators_whole(
    server: ServerProcess,
) -> None:
    """Found by this battery: the server sends U+2028, U+2029 and U+0085 raw inside its
    JSON (``ensure_ascii=False``), which SSE allows; but ``planloop``'s terminal client
    splits the stream with httpx's ``aiter_lines`` (src/planloop/cli/client.py,
    ``_sse_data``), which splits at those characters too, so it cuts the frame's data
    and cannot parse it. A goal, feedback or model output holding one breaks the CLI."""
    from planloop.cli.client import HttpBackend

    goal = "Plan a bakery\u2028in Lisbon\u2029by spring\u0085with $40,000"
    backend = HttpBackend(server.url, secrets.token_urlsafe(32))
    try:
        created = await backend.create_run({"goal": goal, "max_iterations": 1})
        got: list[dict[str, Any]] = []
        async with asyncio.timeout(30):
            async for event in backend.events(created["run_id"], 0):
                got.append(event)
                if event["type"] == "complete":
                    break
        assert got[0]["goal"] == goal and got[-1]["status"] == "completed"
    finally:
        await backend.aclose()
