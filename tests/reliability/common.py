"""Shared steps of the reliability battery: read whole logs, check them, watch the server."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from tests.sse import events

# The lead's per-session abuse limits, raised out of the way for tests that are about
# something else (one session here stands for hundreds of tabs or a fuzzer).
NO_LIMITS = {
    "PLANLOOP_RATE_LIMIT_PER_S": "100000",
    "PLANLOOP_RATE_LIMIT_BURST": "100000",
    "PLANLOOP_MAX_STREAMS_PER_SESSION": "100000",
}

# Which status each event type leaves a run in (None: the status does not change).
STATUS_AFTER: dict[str, str | None] = {
    "planning_started": "running",
    "iteration_started": None,
    "iteration_progress": None,
    "iteration_completed": None,
    "plan_checked": None,
    "checkpoint_reached": "awaiting_approval",
    "checkpoint_approved": "running",
    "checkpoint_rejected": "rejected",
    "run_paused": "paused",
    "run_resumed": "running",
    "final_plan": None,
    "error": None,
}
TERMINAL = {"completed", "rejected", "cancelled", "expired", "failed"}
# The run's life as a graph: every status change an event may make.
ALLOWED = {
    (None, "running"),
    ("running", "awaiting_approval"),
    ("running", "paused"),
    ("awaiting_approval", "running"),
    ("awaiting_approval", "rejected"),
    ("paused", "running"),
    ("running", "completed"),
    ("running", "failed"),
    ("running", "cancelled"),
    ("paused", "cancelled"),
    ("awaiting_approval", "cancelled"),
    ("awaiting_approval", "expired"),
    ("failed", "running"),  # POST /retry of a failed run
}
# Events that may only happen while the run executes.
WHILE_RUNNING = {
    "iteration_started",
    "iteration_progress",
    "iteration_completed",
    "plan_checked",
    "final_plan",
}


def check_log(log: list[dict[str, Any]], *, first_seq: int = 1) -> None:
    """What every event log must satisfy, whatever happened to the server meanwhile."""
    seqs = [e["seq"] for e in log]
    assert seqs == list(range(first_seq, first_seq + len(log))), f"gap or duplicate: {seqs}"
    if first_seq != 1:
        return
    assert log and log[0]["type"] == "planning_started"
    status: str | None = None
    for e in log:
        if e["type"] in WHILE_RUNNING:
            assert status == "running", f"{e['type']} (seq {e['seq']}) while {status}"
        after = e["status"] if e["type"] == "complete" else STATUS_AFTER.get(e["type"])
        if after is not None and after != status:
            assert (status, after) in ALLOWED, f"{status} -> {after} at seq {e['seq']}"
        if e["type"] == "complete":
            assert status != "failed" or after == "failed"
        status = after if after is not None else status
    done = Counter(e["iteration"] for e in log if e["type"] == "iteration_completed")
    assert all(n == 1 for n in done.values()), f"an iteration was recorded twice: {done}"
    assert sorted(done) == list(range(1, len(done) + 1)), f"iterations out of order: {done}"
    reached = Counter(e["checkpoint_number"] for e in log if e["type"] == "checkpoint_reached")
    assert all(n == 1 for n in reached.values()), f"a checkpoint was reached twice: {reached}"
    decided = Counter(
        e["checkpoint_number"]
        for e in log
        if e["type"] in ("checkpoint_approved", "checkpoint_rejected")
    )
    assert all(n == 1 for n in decided.values()), f"two decisions for a checkpoint: {decided}"
    assert set(decided) <= set(reached), "a decision for a checkpoint never reached"
    completes = [i for i, e in enumerate(log) if e["type"] == "complete"]
    # complete ends the run; only a retry (run_resumed after a failure) may follow it.
    for i in completes[:-1]:
        assert log[i]["status"] == "failed" and log[i + 1]["type"] == "run_resumed"


def decisions(log: list[dict[str, Any]]) -> dict[int, str]:
    return {
        e["checkpoint_number"]: e["type"].removeprefix("checkpoint_")
        for e in log
        if e["type"] in ("checkpoint_approved", "checkpoint_rejected")
    }


async def read_log(
    client: httpx.AsyncClient,
    run_id: str,
    *,
    after: int = 0,
    until_seq: int | None = None,
    until: Callable[[dict[str, Any]], bool] | None = None,
) -> list[dict[str, Any]]:
    """Events after ``after``: to ``complete``, to ``until_seq``, or to the first ``until``.

    With ``until_seq`` the read goes on past a ``complete`` that a retry made not the
    last event (a stream ends at ``complete``; the rest is read after it).
    """
    got: list[dict[str, Any]] = []
    cursor = after
    for _ in range(10):
        if until_seq is not None and until_seq <= cursor:
            return got
        headers = {"Last-Event-ID": str(cursor)}
        async with client.stream("GET", f"/api/runs/{run_id}/events", headers=headers) as r:
            assert r.status_code == 200, (await r.aread()).decode()
            async for frame in events(r):
                e = frame.json
                got.append(e)
                cursor = e["seq"]
                if until_seq is not None and e["seq"] >= until_seq:
                    return got
                if until is not None and until(e):
                    return got
        if until_seq is None:
            return got
    raise AssertionError(f"run {run_id}: never reached seq {until_seq} (at {cursor})")


async def state(client: httpx.AsyncClient, run_id: str) -> dict[str, Any]:
    r = await client.get(f"/api/runs/{run_id}")
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


async def eventually(
    check: Callable[[], Awaitable[bool]], *, timeout: float, interval: float = 0.1
) -> bool:
    """Poll ``check`` until it holds; False if it never did within ``timeout`` (a hang guard)."""
    deadline = time.monotonic() + timeout
    while True:
        if await check():
            return True
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(interval)


def rss_mb(pid: int) -> float:
    """The resident memory of a process, from /proc (Linux)."""
    text = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", text, re.MULTILINE)
    assert match, text
    return int(match.group(1)) / 1024


async def health(base_url: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as c:
        r = await c.get("/api/health")
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()
        return data


async def open_streams(base_url: str) -> int:
    count: int = (await health(base_url))["streams"]
    return count


def entity_files(memory_dir: Path, run_id: str) -> list[Path]:
    """Markdown files in the memory folder that record ``run_id`` (its plan: one, or none)."""
    if not memory_dir.exists():
        return []
    return [
        p
        for p in memory_dir.rglob("*.md")
        if p.name != "user.md" and run_id in p.read_text(errors="replace")
    ]


def parse_sse(raw: bytes) -> list[dict[str, Any]]:
    """Split raw stream bytes into frames the way the SSE spec does (CR, LF or CRLF lines).

    Returns one dict per dispatched block: its fields in order, as (name, value) pairs.
    """
    text = raw.decode("utf-8")
    blocks: list[dict[str, Any]] = []
    fields: list[tuple[str, str]] = []
    for line in re.split(r"\r\n|\r|\n", text):
        if line == "":
            if fields:
                blocks.append({"fields": fields})
            fields = []
            continue
        name, colon, value = line.partition(":")
        if not colon:
            value = ""
        fields.append((name, value.removeprefix(" ")))
    if fields:
        blocks.append({"fields": fields, "unterminated": True})
    return blocks
