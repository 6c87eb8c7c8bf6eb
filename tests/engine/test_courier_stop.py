"""The courier stops when told, whatever it was doing (engine/courier.py).

On Python 3.11, ``asyncio.wait_for(event.wait(), t)`` returns the event's result when a
cancel lands in the same turn of the loop as the event is set, and the cancel is lost.
The courier's loop waited that way: a delivery that finished (its slot freed wakes the
courier) just as the app stopped left ``stop()`` waiting for ever. It waits with
``asyncio.timeout`` now, which a cancel always ends."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from planloop.engine.courier import Courier
from planloop.engine.webhooks import Webhooks
from planloop.settings import Settings
from planloop.store import Store, WebhookDelivery, open_store
from tests.server import database_url

pytestmark = pytest.mark.timeout(60)
SECRET = "whsec_" + base64.b64encode(bytes(32)).decode()


class Spied:
    """The real store, telling when the courier has looked for deliveries."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.looked = asyncio.Event()

    async def claim_webhooks(self, *args: Any) -> list[WebhookDelivery]:
        found: list[WebhookDelivery] = await self.store.claim_webhooks(*args)
        self.looked.set()
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = open_store(database_url(tmp_path))
    await opened.open()
    yield opened
    await opened.close()


@pytest.mark.parametrize("turns", range(6))
async def test_a_stop_as_the_courier_is_woken_stops_it(store: Store, turns: int) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        webhook_url="http://127.0.0.1:9/hooks",
        webhook_secret=SECRET,
        sweep_interval_s=30,  # it waits on its wake-up, not its poll
    )
    webhooks = Webhooks(settings)
    spied = Spied(store)
    courier = Courier(spied, webhooks, settings, "w1")  # type: ignore[arg-type]
    await courier.start()
    await asyncio.wait_for(spied.looked.wait(), 10)
    await asyncio.sleep(0)  # past the look, into the wait for a wake-up
    webhooks.wake()  # as a delivery that just finished does
    for _ in range(turns):  # the cancel lands some turns of the loop later
        await asyncio.sleep(0)
    stopping = asyncio.ensure_future(courier.stop())
    done, _ = await asyncio.wait({stopping}, timeout=10)
    assert done, "the courier did not stop"
    assert stopping.result() is None
