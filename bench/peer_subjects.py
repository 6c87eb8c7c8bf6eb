"""The three subjects of ``python -m bench peer``, driven through their own APIs.

``bench all`` drives planloop and the original design through the original's endpoints;
here each subject is driven the way its users would: ``POST`` a run (which returns its
id), ``GET`` its event stream (with ``Last-Event-ID`` on reconnect) and ``POST`` the
decision at a checkpoint.

* ``planloop SQLite`` and ``planloop PG``: ``planloop serve`` (bench.server.BenchServer,
  the foundation's settings) on a SQLite file, or on a database of the benchmark's own
  PostgreSQL; ``POST /api/runs``, ``GET /api/runs/{id}/events``,
  ``POST /api/runs/{id}/checkpoints/{n}``.
* ``peer``: ``python -m bench.peer serve`` (bench/peer/) on another database of the same
  PostgreSQL; ``POST /runs``, ``GET /runs/{id}/events``, ``POST /runs/{id}/approve``.

Everything else (``Flow``, parking, approval rounds, the ladder) is bench/subjects.py and
bench/ladder.py, unchanged.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.server import BenchServer
from bench.sseclient import SSEStream, open_stream
from bench.subjects import GOAL, Flow, Subject

SHARED_GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"


class NativeSubject(Subject):
    """A subject driven through its own run API (planloop's or the peer's)."""

    def __init__(self, name: str, server: BenchServer, *, planloop: bool) -> None:
        super().__init__(name, server, cookies=planloop)
        self.prefix = "/api" if planloop else ""
        self.shared_goal = False
        self.epoch = 0  # bumped by the kill test: before / after the restart
        # flow key -> [(iteration, epoch, time parsed)] for every such event seen
        self.completed: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
        self.started: dict[int, list[tuple[int, int, float]]] = defaultdict(list)

    def goal(self, flow: Flow) -> str:
        return SHARED_GOAL if self.shared_goal else GOAL.format(i=flow.key)

    async def create(self, flow: Flow, iterations: int, interval: int) -> str:
        resp = await self.pool.request(
            "POST",
            f"{self.prefix}/runs",
            {
                "goal": self.goal(flow),
                "max_iterations": iterations,
                "checkpoint_interval": interval,
            },
            cookie=flow.cookie,
        )
        if resp.status != 201:
            raise RuntimeError(f"{self.name} create: {resp.status} {resp.body[:200]!r}")
        run_id: str = resp.json()["run_id"]
        return run_id

    async def open(
        self,
        flow: Flow,
        iterations: int = 4,
        interval: int = 2,
        *,
        timeout: float = 30.0,
        last_event_id: int | None = None,
        stream_cls: type[SSEStream] = SSEStream,
    ) -> Flow:
        """Start the flow's run if it has none (POST), then open its stream (GET)."""
        async with asyncio.timeout(timeout):
            if flow.run_id is None:
                flow.run_id = await self.create(flow, iterations, interval)
        flow.stream = await open_stream(
            self.server.host,
            self.server.port,
            f"{self.prefix}/runs/{flow.run_id}/events",
            self.on_event,
            key=flow,
            cookie=flow.cookie,
            last_event_id=last_event_id,
            timeout=timeout,
            stream_cls=stream_cls,
        )
        return flow

    def on_event(self, stream: SSEStream, data: dict[str, Any], ta: float, tp: float) -> None:
        kind = data["type"]
        if kind == "iteration_completed":
            self.completed[stream.key.key].append((int(data["iteration"]), self.epoch, tp))
        elif kind == "iteration_started":
            self.started[stream.key.key].append((int(data["iteration"]), self.epoch, tp))
        super().on_event(stream, data, ta, tp)

    async def clear_memory(self) -> int:
        """planloop: delete every memory note (the plans finished runs filed), so a round
        starts with the memory the first one had; the peer has none. Returns how many."""
        if not self.cookies:
            return 0
        cookie = f"planloop_session={'m' * 32}"
        resp = await self.pool.request("GET", "/api/memory/entities", cookie=cookie)
        names = [e["name"] for e in resp.json()]
        for name in names:
            r = await self.pool.request(
                "DELETE", f"/api/memory/entities/{quote(name, safe='')}", cookie=cookie
            )
            if r.status != 200:
                raise RuntimeError(f"{self.name}: could not delete note {name!r}: {r.status}")
        return len(names)

    async def approve(self, flow: Flow, approved: bool = True) -> float:
        flow.approvals += 1
        if self.cookies:
            path = f"/api/runs/{flow.run_id}/checkpoints/{flow.checkpoint}"
            body: dict[str, Any] = {"decision": "approve" if approved else "reject"}
        else:
            path = f"/runs/{flow.run_id}/approve"
            body = {"approved": approved}
        resp = await self.pool.request("POST", path, body, cookie=flow.cookie)
        if resp.status not in (200, 202):
            raise RuntimeError(f"{self.name} approval: {resp.status} {resp.body[:200]!r}")
        return resp.t_sent


def planloop_server(
    workdir: Path, database_url: str | None = None, *, workers: int = 1
) -> BenchServer:
    workdir.mkdir(parents=True, exist_ok=True)
    env = {"PLANLOOP_DATABASE_URL": database_url} if database_url else {}
    args = ["--workers", str(workers)] if workers > 1 else []
    return BenchServer(workdir, args=args, **env)


def peer_server(
    workdir: Path, database_url: str, work_env: dict[str, str], durability: str = "async"
) -> BenchServer:
    workdir.mkdir(parents=True, exist_ok=True)
    return BenchServer(
        workdir,
        module="bench.peer",
        PEER_DATABASE_URL=database_url,
        PEER_DURABILITY=durability,
        **work_env,
    )


def subject(name: str, server: BenchServer) -> NativeSubject:
    return NativeSubject(name, server, planloop=not name.startswith("peer"))
