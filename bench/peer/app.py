"""The peer: the planning service as LangGraph's users would write it.

FastAPI; the graph of bench/peer/graph.py compiled with ``AsyncPostgresSaver``
(langgraph-checkpoint-postgres) over a psycopg pool. ``POST /runs`` starts a thread and
returns its id; ``GET /runs/{id}/events`` streams its events (SSE, with ids);
``POST /runs/{id}/approve`` resumes it with ``Command(resume=...)``. Each execution of the
graph (a start, a resume, a recovery) runs as a task under a semaphore of
``PEER_MAX_EXECUTIONS`` (32). Events live in memory, per run, for streams to replay from
``Last-Event-ID``; the checkpointer is the only durable record.

At startup, recovery: every thread's latest state is read (``aget_state``); a thread that
is neither finished (no next node) nor waiting at an interrupt was cut off mid-flight and
is resumed with ``astream(None, ...)``, as the documentation resumes after a failure.
Threads at an interrupt get a ``checkpoint_reached`` event so a reconnecting client sees
where they are.

Every event carries the fields the benchmark's client reads (``type``, ``run_id``,
``seq``, ``ts``, ``checkpoint_number``), named as planloop names them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import StreamingResponse
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.types import Command
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel, Field

from bench.peer.graph import build, initial_state
from bench.peer.work import Work

DATABASE_URL = os.environ.get("PEER_DATABASE_URL", "postgresql://postgres@127.0.0.1/postgres")
MAX_EXECUTIONS = int(os.environ.get("PEER_MAX_EXECUTIONS", "32"))
POOL_SIZE = int(os.environ.get("PEER_POOL_SIZE", "40"))
# LangGraph's default, "async": a step's checkpoint is saved while the next step runs;
# "sync" saves it before the next step starts.
DURABILITY = os.environ.get("PEER_DURABILITY", "async")


class Channel:
    """One run's events in memory: a list to replay and the queues of open streams."""

    def __init__(self) -> None:
        self.events: list[tuple[int, bytes]] = []
        self.listeners: set[asyncio.Queue[tuple[int, bytes] | None]] = set()
        self.finished = False

    def publish(self, run_id: str, body: dict[str, Any]) -> None:
        seq = len(self.events) + 1
        data = {"run_id": run_id, "seq": seq, "ts": time.time(), **body}
        frame = f"id: {seq}\ndata: {json.dumps(data)}\n\n".encode()
        self.events.append((seq, frame))
        for q in self.listeners:
            q.put_nowait((seq, frame))

    def finish(self) -> None:
        self.finished = True
        for q in self.listeners:
            q.put_nowait(None)


class Service:
    def __init__(self) -> None:
        self.work = Work.from_env()
        self.pool: AsyncConnectionPool[Any] | None = None
        self.graph: Any = None
        self.channels: dict[str, Channel] = {}
        self.gate = asyncio.Semaphore(MAX_EXECUTIONS)
        self.tasks: set[asyncio.Task[None]] = set()
        self.executing = 0
        self.recovery: dict[str, Any] = {}

    async def start(self) -> None:
        self.pool = AsyncConnectionPool(
            DATABASE_URL,
            min_size=POOL_SIZE,  # opened at startup, not while the first runs wait
            max_size=POOL_SIZE,
            kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
            open=False,
        )
        await self.pool.open()
        saver = AsyncPostgresSaver(self.pool)  # type: ignore[arg-type]
        await saver.setup()
        self.graph = build(self.work).compile(checkpointer=saver)
        await self.recover()

    async def stop(self) -> None:
        for t in list(self.tasks):
            t.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        if self.pool is not None:
            await self.pool.close()

    def channel(self, run_id: str) -> Channel:
        ch = self.channels.get(run_id)
        if ch is None:
            ch = self.channels[run_id] = Channel()
        return ch

    def launch(self, run_id: str, payload: Any) -> None:
        task = asyncio.create_task(self.execute(run_id, payload))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def execute(self, run_id: str, payload: Any) -> None:
        """One execution of the graph on a thread, until it finishes or interrupts."""
        ch = self.channel(run_id)
        config = {"configurable": {"thread_id": run_id}}
        async with self.gate:
            self.executing += 1
            try:
                waiting: dict[str, Any] | None = None
                async for mode, chunk in self.graph.astream(
                    payload, config, stream_mode=["custom", "updates"], durability=DURABILITY
                ):
                    if mode == "custom":
                        ch.publish(run_id, chunk)
                    elif "__interrupt__" in chunk:
                        waiting = chunk["__interrupt__"][0].value
                # The stream has ended, so its checkpoints are saved: an approval that
                # follows this announcement finds the thread at its interrupt.
                if waiting is not None:
                    ch.publish(run_id, {"type": "checkpoint_reached", **waiting})
                else:
                    ch.publish(run_id, {"type": "complete", "status": "completed"})
                    ch.finish()
            except Exception as exc:
                ch.publish(run_id, {"type": "error", "message": repr(exc)[:300]})
                ch.finish()
            finally:
                self.executing -= 1

    async def recover(self) -> None:
        """Resume every thread whose latest checkpoint is mid-flight."""
        t0 = time.monotonic()
        assert self.pool is not None
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT DISTINCT thread_id FROM checkpoints WHERE checkpoint_ns = ''"
            )
            threads = [row["thread_id"] for row in await cur.fetchall()]
        resumed, parked, finished = [], 0, 0
        for thread_id in threads:
            state = await self.graph.aget_state({"configurable": {"thread_id": thread_id}})
            if not state.next:
                finished += 1
            elif state.interrupts:
                parked += 1
                self.channel(thread_id).publish(
                    thread_id, {"type": "checkpoint_reached", **state.interrupts[0].value}
                )
            else:
                resumed.append(thread_id)
                self.channel(thread_id).publish(thread_id, {"type": "run_recovered"})
                self.launch(thread_id, None)
        self.recovery = {
            "threads": len(threads),
            "resumed": len(resumed),
            "parked": parked,
            "finished": finished,
            "scan_s": time.monotonic() - t0,
        }


service = Service()


@contextlib.asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    await service.start()
    try:
        yield
    finally:
        await service.stop()


app = FastAPI(title="peer", lifespan=lifespan)


class RunIn(BaseModel):
    goal: str = Field(min_length=1, max_length=2000)
    max_iterations: int = Field(4, ge=1, le=100)
    checkpoint_interval: int = Field(2, ge=1, le=100)


class ApproveIn(BaseModel):
    approved: bool = True
    feedback: str = ""


@app.get("/health")
async def health() -> dict[str, Any]:
    return {"ok": True}


@app.get("/api/status")
async def status() -> dict[str, Any]:
    return {
        "runs_in_memory": len(service.channels),
        "executing": service.executing,
        "tasks": len(service.tasks),
        "max_executions": MAX_EXECUTIONS,
        "durability": DURABILITY,
        "work": {
            "target_ms": service.work.target_ms,
            "measured_ms": service.work.measured_ms,
            "rounds": service.work.rounds,
            "progress": service.work.progress,
            "plan_chars": service.work.plan_chars,
        },
        "recovery": service.recovery,
    }


@app.post("/runs", status_code=201)
async def create_run(body: RunIn) -> dict[str, str]:
    run_id = uuid.uuid4().hex
    service.channel(run_id)
    service.launch(run_id, initial_state(body.goal, body.max_iterations, body.checkpoint_interval))
    return {"run_id": run_id, "events_url": f"/runs/{run_id}/events"}


@app.post("/runs/{run_id}/approve", status_code=202)
async def approve(run_id: str, body: ApproveIn) -> dict[str, str]:
    state = await service.graph.aget_state({"configurable": {"thread_id": run_id}})
    if not state.interrupts:
        raise HTTPException(409, "the run is not waiting at a checkpoint")
    service.launch(run_id, Command(resume={"approved": body.approved, "feedback": body.feedback}))
    return {"run_id": run_id}


@app.get("/runs/{run_id}/events")
async def events(run_id: str, request: Request) -> StreamingResponse:
    ch = service.channels.get(run_id)
    if ch is None:
        raise HTTPException(404, "no such run")
    header = request.headers.get("last-event-id", "")
    after = int(header) if header.isdigit() else 0
    if after > len(ch.events):  # an id from before a restart: replay what this process has
        after = 0
    queue: asyncio.Queue[tuple[int, bytes] | None] = asyncio.Queue()
    for item in ch.events:
        if item[0] > after:
            queue.put_nowait(item)
    if ch.finished:
        queue.put_nowait(None)
    ch.listeners.add(queue)

    async def body() -> AsyncIterator[bytes]:
        try:
            yield b": open\n\n"
            while True:
                item = await queue.get()
                if item is None:
                    return
                yield item[1]
        finally:
            ch.listeners.discard(queue)

    return StreamingResponse(
        body(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )
