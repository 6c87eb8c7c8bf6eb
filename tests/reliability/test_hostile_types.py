"""Bad input, round two (a bad-input audit of every endpoint as an outside client meets
it): text that is no Unicode, values of the wrong type, fields nobody defined, resume
points past the end, paths and methods that do not exist. Each gets a clear JSON error and
changes nothing; before, some answered 500 after starting a run, and some were read as
something else (``true`` as one second, a misspelled ``approved`` as an approval)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.reliability.common import NO_LIMITS, read_log, state
from tests.reliability.test_hostile_input import JSON, assert_json_error, total_runs
from tests.server import ServerProcess
from tests.sse import frames

pytestmark = pytest.mark.timeout(90)

AGUI = {
    "threadId": "t1",
    "runId": "r1",
    "state": {},
    "tools": [],
    "context": [],
    "forwardedProps": {"max_iterations": 2},
    "messages": [{"id": "m", "role": "user", "content": "Plan a picnic for 10"}],
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path_factory.mktemp("types"), **NO_LIMITS).start()
    yield proc
    proc.stop()


@pytest.fixture
async def client(server: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=20) as c:
        await c.get("/api/runs")  # the session cookie first
        yield c


async def parked(client: httpx.AsyncClient, **body: Any) -> str:
    """A run waiting at checkpoint 1."""
    r = await client.post(
        "/api/runs",
        json={"goal": "Plan a launch", "max_iterations": 2, "checkpoint_interval": 1, **body},
    )
    assert r.status_code == 201, r.text
    run_id: str = r.json()["run_id"]
    await read_log(client, run_id, until=lambda e: e["type"] == "checkpoint_reached")
    return run_id


def agui(**changes: Any) -> bytes:
    return json.dumps({**AGUI, **changes}).encode()


LONE = "\\ud800"  # as JSON escapes it: valid JSON, but no character

NOT_UNICODE: dict[str, tuple[str, bytes]] = {
    "run-goal": ("/api/runs", b'{"goal": "Plan a picnic \\ud800"}'),
    "run-proposal": ("/api/runs", b'{"goal": "Plan a picnic", "proposal": "a\\udfff"}'),
    "proposal-goal": ("/api/proposals", b'{"goal": "Plan \\udc00 a picnic"}'),
    "agui-thread": ("/api/agui", agui(threadId="t" + LONE).replace(b"\\\\", b"\\")),
    "agui-state": ("/api/agui", agui(state={"k": LONE}).replace(b"\\\\", b"\\")),
    "agui-message": (
        "/api/agui",
        agui(messages=[{"id": "m", "role": "user", "content": "a" + LONE}]).replace(b"\\\\", b"\\"),
    ),
    "render": ("/api/render", b'{"markdown": "# x\\ud800"}'),
}


@pytest.mark.parametrize("name", list(NOT_UNICODE))
async def test_text_that_is_not_unicode_is_refused_before_any_work(
    client: httpx.AsyncClient, server: ServerProcess, name: str
) -> None:
    """A lone surrogate answered 500 from wherever the text was first stored or sent; the
    AG-UI endpoint had already made the run, which ran to its end unseen."""
    path, body = NOT_UNICODE[name]
    before = await total_runs(server)
    r = await client.post(path, content=body, headers=JSON)
    assert assert_json_error(r, 422) == "invalid_input"
    assert "lone surrogate" in r.json()["error"]["message"]
    assert await total_runs(server) == before


async def test_a_surrogate_pair_is_one_character_and_welcome(client: httpx.AsyncClient) -> None:
    body = b'{"goal": "Plan a birthday \\ud83c\\udf82 picnic", "max_iterations": 1}'
    r = await client.post("/api/runs", content=body, headers=JSON)
    assert r.status_code == 201, r.text
    assert (await state(client, r.json()["run_id"]))["goal"] == "Plan a birthday \U0001f382 picnic"


async def test_a_decision_that_is_not_unicode_changes_nothing(client: httpx.AsyncClient) -> None:
    run_id = await parked(client)
    last = (await state(client, run_id))["last_seq"]
    for body in (
        b'{"decision": "edit", "plan_markdown": "# x\\ud800"}',
        b'{"decision": "approve", "feedback": "fine \\udbff"}',
    ):
        r = await client.post(f"/api/runs/{run_id}/checkpoints/1", content=body, headers=JSON)
        assert assert_json_error(r, 422) == "invalid_input"
    view = await state(client, run_id)
    assert view["status"] == "awaiting_approval" and view["last_seq"] == last


async def test_a_query_that_is_not_utf8_is_refused(
    client: httpx.AsyncClient, server: ServerProcess
) -> None:
    """``?goal=%ff`` started a run named "\\ufffd"."""
    before = await total_runs(server)
    for query in ("goal=%ff", "goal=%ed%a0%80", "goal=a&session_id=%c0%af"):
        r = await client.get(f"/api/execute-plan?{query}")
        assert assert_json_error(r, 400) == "bad_request"
        assert "UTF-8" in r.json()["error"]["message"]
    assert await total_runs(server) == before


async def test_numbers_are_numbers(client: httpx.AsyncClient, server: ServerProcess) -> None:
    """``{"seconds": true}`` moved a checkpoint's deadline to a second from now, and the
    deadline then decided it; ``checkpoint_timeout_s: true`` made every checkpoint of a run
    expire after a second."""
    run_id = await parked(client, on_timeout="reject")
    before = await state(client, run_id)
    deadline = (await client.get(f"/api/runs/{run_id}/checkpoints/1")).json()["deadline"]
    url = f"/api/runs/{run_id}/checkpoints/1/extend"
    for seconds in (True, "100", None, [5], "NaN"):
        r = await client.post(url, json={"seconds": seconds})
        assert_json_error(r, 422)
    for raw in (b'{"seconds": NaN}', b'{"seconds": Infinity}'):
        r = await client.post(url, content=raw, headers=JSON)
        assert assert_json_error(r, (400, 422))
    runs = await total_runs(server)
    for body in (
        {"checkpoint_timeout_s": True},
        {"checkpoint_timeout_s": "60"},
        {"max_iterations": True},
        {"checkpoint_interval": "1"},
    ):
        r = await client.post("/api/runs", json={"goal": "Plan a launch", **body})
        assert_json_error(r, 422)
    for props in (
        {"max_iterations": True},
        {"checkpoint_timeout_s": True},
        {"max_iterations": "2"},
    ):
        r = await client.post("/api/agui", content=agui(forwardedProps=props), headers=JSON)
        assert_json_error(r, 422)
    assert await total_runs(server) == runs
    after = await state(client, run_id)
    assert after["status"] == "awaiting_approval"
    assert after["pending_checkpoint"] == 1 and after["last_seq"] == before["last_seq"]
    detail = (await client.get(f"/api/runs/{run_id}/checkpoints/1")).json()
    assert detail["deadline"] == deadline


async def test_a_field_nobody_defined_is_refused(
    client: httpx.AsyncClient, server: ServerProcess
) -> None:
    """A typo (``checkpoint_intervall``, ``feedbak``) was dropped: the run started with the
    defaults, the decision was recorded without its feedback."""
    runs = await total_runs(server)
    r = await client.post("/api/runs", json={"goal": "Plan a launch", "checkpoint_intervall": 1})
    assert "checkpoint_intervall" in r.json()["error"]["message"]
    assert_json_error(r, 422)
    assert await total_runs(server) == runs
    run_id = await parked(client)
    r = await client.post(
        f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve", "feedbak": "more"}
    )
    assert_json_error(r, 422)
    view = await state(client, run_id)
    assert view["status"] == "awaiting_approval" and view["feedback"] == []


async def test_the_original_approval_refuses_what_it_cannot_read(
    client: httpx.AsyncClient,
) -> None:
    """``{"aproved": false}`` approved (the misspelled field dropped, ``approved`` then
    true by default, as the original page sends no ``approved`` at all); so did ``"yes"``."""
    query = {"goal": "Plan a launch", "max_iterations": "2", "checkpoint_interval": "1"}
    async with client.stream("GET", "/api/execute-plan", params=query) as r:
        assert r.status_code == 200
        async for frame in frames(r):
            if frame.data_lines and frame.json["type"] == "checkpoint_reached":
                break
        run_id = (await client.get("/api/runs")).json()[0]["run_id"]
        for body in (
            {"checkpoint": 1, "aproved": False, "feedback": "Stop, this is wrong"},
            {"checkpoint": 1, "approved": "yes"},
            {"checkpoint": "1"},
            {"checkpoint": True},
        ):
            assert_json_error(await client.post("/api/checkpoint-approval", json=body), 422)
        assert (await state(client, run_id))["status"] == "awaiting_approval"
        answer = await client.post(
            "/api/checkpoint-approval", json={"session_id": None, "checkpoint": 1}
        )
        assert answer.status_code == 200 and answer.json()["status"] == "approved"


async def test_a_resume_point_past_the_end_is_refused(client: httpx.AsyncClient) -> None:
    """``Last-Event-ID: 500`` on a run at seq 8 opened a stream that dropped every event up
    to 500 as already seen: the next checkpoint never arrived."""
    run_id = await parked(client)
    last = (await state(client, run_id))["last_seq"]
    url = f"/api/runs/{run_id}/events"
    r = await client.get(url, headers={"Last-Event-ID": str(last + 1)})
    assert assert_json_error(r, 422) == "last_event_id_ahead"
    r = await client.get(url, params={"last_event_id": "500"})
    assert assert_json_error(r, 422) == "last_event_id_ahead"
    made = await client.post(f"/api/runs/{run_id}/shares", json={"role": "viewer"})
    token = made.json()["url"].rsplit("/s/", 1)[1]
    r = await client.get(f"/api/shares/{token}/events", headers={"Last-Event-ID": "500"})
    assert assert_json_error(r, 422) == "last_event_id_ahead"
    # at the last event itself: a stream that waits for what comes next
    async with client.stream("GET", url, headers={"Last-Event-ID": str(last)}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")


async def test_unknown_paths_and_methods_get_json(client: httpx.AsyncClient) -> None:
    """``PUT /api/runs`` answered 405 "GET, HEAD" from the page's files."""
    r = await client.put("/api/runs", json={})
    assert assert_json_error(r, 405) == "method_not_allowed"
    assert r.headers["allow"] == "GET, POST"
    r = await client.post("/api/nonexistent", json={})
    assert assert_json_error(r, 404) == "not_found"
    r = await client.delete("/api/runs/abc/shares/def/x")
    assert assert_json_error(r, 404) == "not_found"
    assert (await client.get("/")).status_code == 200  # the page is still served


async def test_errors_name_what_is_wrong(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/runs", content=b"", headers=JSON)
    assert "a JSON body is required" in r.json()["error"]["message"]
    run_id = await parked(client)
    r = await client.post(f"/api/runs/{run_id}/checkpoints/01", json={"decision": "approve"})
    assert "plain digits" in r.json()["error"]["message"]
    assert "^[" not in r.json()["error"]["message"]
    r = await client.post(
        f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve", "feedback": "a" * 4001}
    )
    assert assert_json_error(r, 422) == "feedback_too_long"  # as the README says
    assert (await state(client, run_id))["status"] == "awaiting_approval"


async def test_a_saved_plan_is_clean_text(client: httpx.AsyncClient) -> None:
    """The original page's save took a NUL (stored as U+FFFD) and raw escape sequences."""
    for body in (
        {"goal": "a\u0000", "plan_content": "p"},
        {"goal": "Plan", "plan_content": "a\u0000b"},
        {"goal": "Plan", "plan_content": "a\u001b[31m"},
        {"goal": "Plan", "plan_content": "p", "session_id": "bad id!"},
    ):
        assert_json_error(await client.post("/api/save-entity", json=body), 422)
    r = await client.get("/api/memory/entities")
    assert r.status_code == 200 and "manual" not in r.text


async def test_messages_say_what_is_wrong_with_the_bytes_and_the_id(
    client: httpx.AsyncClient,
) -> None:
    """The audit's unclear messages: invalid UTF-8 was "There was an error parsing the
    body", a 13-digit Last-Event-ID "must be a non-negative integer" (it is one)."""
    r = await client.post("/api/runs", content=b'{"goal": "bak\xff\xfery"}', headers=JSON)
    assert assert_json_error(r, 400) == "malformed_json"
    assert r.json()["error"]["message"] == "the request body is not text: byte 14 is not UTF-8"
    run_id = await parked(client)
    r = await client.get(f"/api/runs/{run_id}/events", headers={"Last-Event-ID": "9" * 13})
    assert assert_json_error(r, 422) == "invalid_input"
    assert "is too large: a seq has at most 12 digits" in r.json()["error"]["message"]


async def test_a_decision_after_a_request_for_changes_says_so_in_words(
    client: httpx.AsyncClient,
) -> None:
    run_id = await parked(client)
    sent = {"decision": "revise", "feedback": "More on suppliers."}
    assert (await client.post(f"/api/runs/{run_id}/checkpoints/1", json=sent)).status_code == 200
    r = await client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
    assert assert_json_error(r, 409) == "checkpoint_already_decided"
    message = r.json()["error"]["message"]
    assert "was already sent back with changes requested" in message, message
    assert "changes_requested" not in message


async def test_json_nested_too_deeply_says_so_and_starts_nothing(
    client: httpx.AsyncClient, server: ServerProcess
) -> None:
    """From the audit: JSON nested 30,000 deep was FastAPI's "There was an error parsing
    the body"; it is a 400 that says what is wrong, and no run starts."""
    before = await total_runs(server)
    deep = b'{"goal": "Plan a picnic", "x": ' + b"[" * 30_000 + b"]" * 30_000 + b"}"
    r = await client.post("/api/runs", content=deep, headers=JSON)
    assert assert_json_error(r, 400) == "malformed_json"
    assert r.json()["error"]["message"] == "the request body's JSON is nested too deeply to read"
    assert await total_runs(server) == before
    # many brackets side by side are not deep: the body reaches the app's own checks
    wide = json.dumps({"goal": "Plan a picnic", "x": [[] for _ in range(600)]}).encode()
    r = await client.post("/api/runs", content=wide, headers=JSON)
    assert_json_error(r, 422)
    assert "x" in r.json()["error"]["message"]  # no field of a run: the app's own answer


async def test_a_huge_id_is_not_echoed_whole(client: httpx.AsyncClient) -> None:
    """From the audit: ``GET /api/runs/<65,000 characters>`` echoed the id whole in its
    404; the message shows its start and its length."""
    huge = "a" * 65_000
    for r in (
        await client.get(f"/api/runs/{huge}"),
        await client.post(f"/api/runs/{huge}/checkpoints/1", json={"decision": "approve"}),
        await client.get(f"/api/runs/{huge}/plan"),
        await client.get(f"/api/runs/{huge}/nowhere"),
    ):
        assert_json_error(r, 404)
        message = r.json()["error"]["message"]
        assert "characters)" in message and len(message) < 200, message[:300]
