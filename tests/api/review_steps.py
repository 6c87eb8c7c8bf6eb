"""Shared steps of the checkpoint-review tests (issue 16): park a run, wait gently, read
a run's plan and checkpoint."""

from __future__ import annotations

from typing import Any

import httpx

from tests.helpers import start_run
from tests.inprocess import run_state
from tests.waiting import wait_for

POLL_S = 0.1  # a session may ask 20 times a second (PLANLOOP_RATE_LIMIT_PER_S)


async def wait_state(
    client: httpx.AsyncClient, run_id: str, check: Any, what: str, timeout: float = 30
) -> dict[str, Any]:
    """Poll the run (gently) until ``check(state)`` holds; the state then."""
    seen: dict[str, Any] = {}

    async def holds() -> bool:
        seen.clear()
        seen.update(await run_state(client, run_id))
        return bool(check(seen))

    await wait_for(holds, timeout=timeout, interval=POLL_S, what=lambda: f"{what}: {seen}")
    return seen


async def parked(client: httpx.AsyncClient, **body: Any) -> tuple[str, dict[str, Any]]:
    """A new run, waiting at a checkpoint: its id and state."""
    run_id = await start_run(client, **body)
    return run_id, await waiting(client, run_id)


async def waiting(client: httpx.AsyncClient, run_id: str) -> dict[str, Any]:
    return await wait_state(
        client,
        run_id,
        lambda s: s["status"] == "awaiting_approval" and s["pending_checkpoint"] is not None,
        "waiting at a checkpoint",
    )


async def ended(client: httpx.AsyncClient, run_id: str) -> dict[str, Any]:
    return await wait_state(
        client,
        run_id,
        lambda s: s["status"] in ("completed", "rejected", "cancelled", "failed"),
        "ended",
    )


async def checkpoint(
    client: httpx.AsyncClient, run_id: str, number: int, **params: Any
) -> dict[str, Any]:
    r = await client.get(f"/api/runs/{run_id}/checkpoints/{number}", params=params)
    assert r.status_code == 200, r.text
    found: dict[str, Any] = r.json()
    return found


async def plan(client: httpx.AsyncClient, run_id: str, **params: Any) -> dict[str, Any]:
    r = await client.get(f"/api/runs/{run_id}/plan", params=params)
    assert r.status_code == 200, r.text
    found: dict[str, Any] = r.json()
    return found


async def decide(
    client: httpx.AsyncClient, run_id: str, number: int, **body: Any
) -> httpx.Response:
    return await client.post(f"/api/runs/{run_id}/checkpoints/{number}", json=body)
