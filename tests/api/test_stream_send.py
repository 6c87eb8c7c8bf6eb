"""How a stream bounds its sends (planloop.api.sse, ``EventStream._send``): a send the
transport takes at once arms no timer; one that has to wait is bounded by
``send_timeout_s``, and what it waits for (values sent in, a cancellation thrown in)
reaches it as if it were awaited whole. The stalled reader end to end, over real sockets,
is tests/reliability/test_stream_clients.py."""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest
from starlette.types import Message

from planloop.api.sse import EventStream, FrameFeed, as_is

pytestmark = pytest.mark.timeout(20)

BODY: Message = {"type": "http.response.body", "body": b"data: x\n\n", "more_body": True}


async def _no_frames() -> Any:
    return
    yield  # an async generator that ends at once


def _stream(send_timeout_s: float) -> EventStream:
    return EventStream(FrameFeed(_no_frames()), as_is, heartbeat_s=5, send_timeout_s=send_timeout_s)


@pytest.fixture
def timeouts(monkeypatch: pytest.MonkeyPatch) -> list[float | None]:
    """Every ``asyncio.timeout`` entered meanwhile, by its delay."""
    made: list[float | None] = []
    real = asyncio.timeout

    def counting(delay: float | None) -> AbstractAsyncContextManager[Any]:
        made.append(delay)
        return real(delay)

    monkeypatch.setattr(asyncio, "timeout", counting)
    return made


async def test_a_send_taken_at_once_arms_no_timer(timeouts: list[float | None]) -> None:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    stream = _stream(send_timeout_s=5)
    for _ in range(3):
        await stream._send(send, BODY)
    assert sent == [BODY] * 3
    assert timeouts == []


async def test_a_send_that_waits_is_bounded_and_gets_what_it_waited_for(
    timeouts: list[float | None],
) -> None:
    got: list[str] = []
    drained: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def send(message: Message) -> None:
        got.append(await drained)  # as a transport paused for flow control waits
        got.append(await asyncio.sleep(0, "after"))

    stream = _stream(send_timeout_s=5)
    task = asyncio.create_task(stream._send(send, BODY))
    await asyncio.sleep(0.01)
    assert not task.done()
    drained.set_result("drained")
    await task
    assert got == ["drained", "after"]
    assert timeouts == [5]


async def test_a_send_waiting_past_the_timeout_is_cancelled_and_times_out(
    timeouts: list[float | None],
) -> None:
    seen: list[str] = []

    async def send(message: Message) -> None:
        try:
            await asyncio.Event().wait()  # a reader that never reads again
        except asyncio.CancelledError:
            seen.append("cancelled")
            raise

    stream = _stream(send_timeout_s=0.05)
    with pytest.raises(TimeoutError):
        await stream._send(send, BODY)
    assert seen == ["cancelled"]
    assert timeouts == [0.05]


async def test_a_cancelled_stream_cancels_its_waiting_send() -> None:
    seen: list[str] = []
    waiting = asyncio.Event()

    async def send(message: Message) -> None:
        waiting.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            seen.append("cancelled")
            raise

    task = asyncio.create_task(_stream(send_timeout_s=5)._send(send, BODY))
    await waiting.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert seen == ["cancelled"]


async def test_an_awaitable_that_is_not_a_coroutine_is_bounded_whole(
    timeouts: list[float | None],
) -> None:
    never: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def send(message: Message) -> asyncio.Future[None]:
        return never

    with pytest.raises(TimeoutError):
        await _stream(send_timeout_s=0.05)._send(send, BODY)
    assert timeouts == [0.05]


async def test_a_waiting_send_that_is_closed_closes_its_coroutine() -> None:
    """A stream's task torn down without a throw (its coroutine closed) leaves no send
    coroutine behind to warn that it was never finished."""
    seen: list[str] = []

    async def send(message: Message) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            seen.append("closed")

    sending = _stream(send_timeout_s=5)._send(send, BODY)
    waiting = sending.send(None)  # step the stream's coroutine until the send waits
    assert waiting is not None
    sending.close()
    assert seen == ["closed"]
