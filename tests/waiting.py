"""Wait for a condition with a deadline, never for a length of time.

``await asyncio.sleep(0.3); assert x`` passes when the machine is fast enough and fails
when it is busy; ``await wait_for(lambda: x)`` passes as soon as ``x`` holds and fails
only when it never does (within a deadline generous enough for a loaded machine). The
deadline is a safety net, not a measurement: no test asserts on how long anything took.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable

# A condition that asks the server polls it at most 20 times a second: a test's session is
# rate limited to that (a burst of 60), so a faster poll of a slow condition got 429s.
POLL_S = 0.05


async def wait_for(
    condition: Callable[[], object],
    *,
    timeout: float = 20,
    interval: float = POLL_S,
    what: str | Callable[[], str] = "",
) -> object:
    """Poll ``condition`` (sync or async) until it returns something truthy; return that.
    AssertionError (naming ``what``) if it is still falsy after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if time.monotonic() >= deadline:
            said = what() if callable(what) else what
            raise AssertionError(f"not true within {timeout} s: {said or condition}")
        await asyncio.sleep(interval)


def wait_until(
    condition: Callable[[], object],
    *,
    timeout: float = 20,
    interval: float = 0.02,
    what: str | Callable[[], str] = "",
) -> object:
    """:func:`wait_for` for synchronous tests."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            said = what() if callable(what) else what
            raise AssertionError(f"not true within {timeout} s: {said or condition}")
        time.sleep(interval)
