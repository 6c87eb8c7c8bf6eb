"""The wire is byte-identical to what the code sent before the old names moved to the edge.

``golden/frames.json`` was captured from the code at commit efdcf00, when the event models
still declared ``max``, ``error`` and ``checkpoint``: for each event, the row it stored
(``stored``) and the frames of the primary stream, the original page's stream and AG-UI.
Events built by today's models (new rows) and the stored rows (old rows, as they sit in
users' databases) must both send exactly those bytes.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

import pytest
from ag_ui.encoder import EventEncoder
from starlette.types import Message

from planloop.api import chat
from planloop.api.agui_wire import AguiMapper
from planloop.api.compat.aliases import ALIASES, primary_frame, wire_data
from planloop.api.compat.wire import seed_frame
from planloop.api.sse import EventStream, FrameFeed, as_is
from planloop.events import EVENT_MODELS, EventBody, StoredEvent

GOLDEN: dict[str, Any] = json.loads(
    (Path(__file__).parent / "golden" / "frames.json").read_text(encoding="utf-8")
)
CASES: list[dict[str, Any]] = GOLDEN["cases"]
MODELS: dict[str, type[EventBody]] = {str(m.model_fields["type"].default): m for m in EVENT_MODELS}
RUN = "3f2c9a1e5b7d4c08a6e2f1b09d8c7e65"
TS = "2026-11-26T10:00:00.123456Z"


def new_row(case: dict[str, Any]) -> StoredEvent:
    """The event as the engine builds and stores it now (no old names)."""
    body = MODELS[case["type"]].model_validate(case["fields"])
    return StoredEvent.build(RUN, case["seq"], TS, body)


def old_row(case: dict[str, Any]) -> StoredEvent:
    """The event as a database written before the change holds it."""
    return StoredEvent(
        run_id=RUN, seq=case["seq"], type=case["type"], ts=TS, payload=case["stored"]
    )


def agui(event: StoredEvent) -> str:
    encoder = EventEncoder()
    mapper = AguiMapper("thread-1", "agui-run-1", event.run_id, {"goal": "g"})
    return "".join(encoder.encode(e) for e in mapper.map(event))


ROWS = pytest.mark.parametrize("row", [new_row, old_row], ids=["new-row", "old-row"])
EACH = pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])


def test_the_golden_cases_cover_every_event_type_and_every_old_name() -> None:
    types = {c["type"] for c in CASES}
    assert types == set(MODELS)
    assert set(ALIASES) <= types


def test_new_rows_store_no_old_name() -> None:
    for case in CASES:
        if case["type"] in ALIASES:
            alias, _ = ALIASES[case["type"]]
            assert alias not in new_row(case).data
            assert alias in json.loads(case["stored"])  # ... and old rows do


@EACH
@ROWS
def test_primary_frame_is_byte_identical(case: dict[str, Any], row: Any) -> None:
    assert primary_frame(row(case)).decode() == case["primary"]


@EACH
@ROWS
def test_original_page_frame_is_byte_identical(case: dict[str, Any], row: Any) -> None:
    assert seed_frame(row(case)).decode() == case["seed"]


@EACH
@ROWS
def test_agui_frames_are_byte_identical(case: dict[str, Any], row: Any) -> None:
    assert agui(row(case)) == case["agui"]


@EACH
def test_old_rows_decode_into_todays_models(case: dict[str, Any]) -> None:
    event = old_row(case)
    fields = {k: v for k, v in event.data.items() if k not in ("run_id", "seq", "ts")}
    body = MODELS[case["type"]].model_validate(fields)
    assert body.fields() == case["fields"]
    assert wire_data(event) == json.loads(case["stored"])


def test_chat_frames_are_byte_identical() -> None:
    text = json.loads(GOLDEN["chat"]["delta"].split("data: ", 1)[1])["delta"]
    assert chat.frame("chat_delta", delta=text).decode() == GOLDEN["chat"]["delta"]
    done = chat.frame("chat_done", reply=text, sources=["a", "<b>"], session_id="default")
    assert done.decode() == GOLDEN["chat"]["done"]
    assert chat.error_frame("model_unavailable", text).decode() == GOLDEN["chat"]["error"]


async def test_a_frame_feed_stream_sends_its_frames_and_nothing_else() -> None:
    """Chat and AG-UI streams send their frames as they are, no preamble (as before)."""
    frames = [GOLDEN["chat"]["delta"].encode(), GOLDEN["chat"]["done"].encode()]

    async def produce() -> AsyncGenerator[bytes, None]:
        for frame in frames:
            await asyncio.sleep(0)
            yield frame

    sent: list[Message] = []
    never: asyncio.Future[Message] = asyncio.get_running_loop().create_future()

    async def receive() -> Message:
        return await never  # the client never leaves

    async def send(message: Message) -> None:
        sent.append(message)

    stream = EventStream(FrameFeed(produce()), as_is, heartbeat_s=5, send_timeout_s=5, preamble=b"")
    await stream({"type": "http", "method": "POST", "path": "/"}, receive, send)
    assert sent[0]["type"] == "http.response.start"
    headers = dict(sent[0]["headers"])
    assert headers[b"content-type"] == b"text/event-stream; charset=utf-8"
    assert headers[b"cache-control"] == b"no-cache"
    assert b"".join(m.get("body", b"") for m in sent[1:]) == b"".join(frames)
    assert sent[-1] == {"type": "http.response.body", "body": b"", "more_body": False}


async def test_a_frame_feed_pings_while_the_generator_is_slow_and_closes_it() -> None:
    started = asyncio.Event()
    closed = asyncio.Event()

    async def slow() -> AsyncGenerator[bytes, None]:
        try:
            started.set()
            await asyncio.sleep(3600)
            yield b"never"
        finally:
            closed.set()

    feed = FrameFeed(slow())
    assert await feed.next(0.01) is None  # time for a heartbeat; the generator waits on
    assert started.is_set() and not closed.is_set()
    assert await feed.next(0.01) is None
    feed.close()
    await asyncio.wait_for(closed.wait(), 1)
