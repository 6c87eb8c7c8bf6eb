"""Two replicas on one PostgreSQL database share the webhook outbox: each webhook is sent
by one of them, once (claims are ``FOR UPDATE SKIP LOCKED``), whichever committed it."""

from __future__ import annotations

import asyncio
import base64
from collections import Counter
from pathlib import Path

import pytest

from tests.fakes.receiver import Receiver
from tests.helpers import start_run
from tests.inprocess import run_state, running_app, wait_status
from tests.server import database_url
from tests.waiting import wait_for

pytestmark = [pytest.mark.timeout(60)]

SECRET = "whsec_" + base64.b64encode(bytes(range(100, 132))).decode()


async def test_replicas_send_each_webhook_once(backend: str, tmp_path: Path) -> None:
    if backend != "postgres":
        pytest.skip("replicas share a PostgreSQL database (--backend=postgres)")
    url = database_url(tmp_path)
    with Receiver() as receiver:
        settings = {
            "database_url": url,
            "webhook_url": receiver.url,
            "webhook_secret": SECRET,
            "sweep_interval_s": 0.05,  # both look often: every row is contested
        }
        async with (
            running_app(tmp_path / "a", **settings) as (_, a),
            running_app(tmp_path / "b", **settings) as (_, b),
        ):
            runs = [await start_run(c, max_iterations=1) for c in (a, b, a, b)]
            for client, run_id in zip((a, b, a, b), runs, strict=True):
                await wait_status(client, run_id, "completed")

            async def all_delivered() -> bool:
                states = await asyncio.gather(
                    *(run_state(c, r) for c, r in zip((a, b, a, b), runs, strict=True))
                )
                return all([h["status"] for h in s["webhooks"]] == ["delivered"] for s in states)

            await wait_for(all_delivered)
        sent = Counter(r.id for r in receiver.requests())
        assert len(sent) == len(runs) and set(sent.values()) == {1}, sent
        kinds = {r.verified(SECRET)["type"] for r in receiver.requests()}
        assert kinds == {"run.completed"}
