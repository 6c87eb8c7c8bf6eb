"""The floor's two parts, measured with planloop's own pieces and nothing around them.

* :class:`CommitProbe`: one durable commit of one event row and the run's update, the way
  the runner commits (``Ledger.apply`` with a :class:`~planloop.engine.ledger.Fence`: the
  row checked, not read, then the event appended and the run saved; one trip to
  aiosqlite's thread) on planloop's ``SqliteStore`` in a temp file, opened as the server
  opens it (WAL, ``synchronous=NORMAL``, its background checkpointer).
* ``python -m bench.floor_probe --port P [--commit]``: the sender, a subprocess that
  plays a bare SSE server on loopback (no ASGI, no engine): it answers any GET with a
  chunked ``text/event-stream`` and writes frames built by planloop's own encoder
  (``primary_frame``) straight to the socket, each stamped with ``ts`` like planloop's.
  Each line the client writes on the stream's connection (``tick\\n`` or ``go\\n``) is
  one frame: ``tick`` stamps ``ts`` first (emit → client, as the delivery figure),
  ``go`` answers a request (request → client, as the approval figure). With ``--commit``
  each frame's event is committed by a :class:`CommitProbe` between the stamp and the
  write, exactly as planloop stamps an event before its commit and sends it after.

The client (bench/floor.py) reads the frames with bench/sseclient.py, the same parser
that times planloop's streams.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import tempfile
from pathlib import Path

from bench.report import loop_factory
from planloop.api.compat.aliases import primary_frame
from planloop.domain import Proposal, Run, iso, utcnow
from planloop.engine.broker import Broker
from planloop.engine.ledger import Fence, Ledger
from planloop.events import EventBody, IterationProgress, StoredEvent
from planloop.store import Transaction
from planloop.store.sqlite import SqliteStore

WORKER = "floor-probe"
RUN_ID = "floor-run"


def progress(i: int) -> IterationProgress:
    """A typical frame's event: an offline planner's progress report (~300 bytes framed)."""
    return IterationProgress(
        iteration=1, stage="drafting", message=f"Drafting section {i % 8 + 1} of 8"
    )


class CommitProbe:
    """One run in a fresh SQLite store, committed to as the runner commits to it; the
    event comes back through the broker, as a stream's feed gets it."""

    def __init__(self, directory: Path) -> None:
        self.store = SqliteStore(f"sqlite:///{directory / 'floor.db'}")
        self.ledger = Ledger(self.store, Broker())
        self.run: Run | None = None
        self.sub = self.ledger.broker.subscribe(RUN_ID)

    async def open(self) -> None:
        await self.store.open()
        run = Run(
            id=RUN_ID,
            owner="floor",
            goal="floor",
            proposal=Proposal(approach="a", frameworks=[], max_iterations=1, checkpoint_interval=1),
            max_iterations=1,
            checkpoint_interval=1,
            checkpoint_timeout_s=60,
            planner="offline",
            lease_holder=WORKER,
        )

        async def nothing(run: Run, tx: Transaction) -> list[EventBody]:
            return []

        self.run = await self.ledger.apply(RUN_ID, nothing, create=run)

    async def commit(self, body: EventBody) -> StoredEvent:
        """Append ``body`` and save the run in one transaction (``ts`` is stamped inside,
        before the trip that commits); the event as stored and published."""

        async def one(run: Run, tx: Transaction) -> list[EventBody]:
            return [body]

        before = self.run
        assert before is not None
        self.run = await self.ledger.apply(RUN_ID, one, fence=Fence(before, WORKER))
        event = await self.sub.get()  # published by the commit: no wait
        assert event is not None
        return event

    async def close(self) -> None:
        self.sub.close()
        await self.store.close()


# -- the sender ------------------------------------------------------------------------------

HEAD = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n"
    b"cache-control: no-cache\r\ntransfer-encoding: chunked\r\n\r\n"
)


def chunk(body: bytes) -> bytes:
    """One HTTP/1.1 chunk, written as uvicorn writes a body message: one write."""
    return b"%x\r\n%s\r\n" % (len(body), body)


class Sender(asyncio.Protocol):
    def __init__(self, probe: CommitProbe | None) -> None:
        self.probe = probe
        self.transport: asyncio.Transport | None = None
        self.head = True
        self.buf = b""
        self.seq = 0
        self.queue: asyncio.Queue[bytes] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.task = asyncio.get_running_loop().create_task(self.serve())

    def data_received(self, data: bytes) -> None:
        self.buf += data
        if self.head:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            self.buf = self.buf[end + 4 :]
            self.head = False
            assert self.transport is not None
            self.transport.write(HEAD + chunk(b": floor\n\n"))
        *lines, self.buf = self.buf.split(b"\n")
        for line in lines:
            self.queue.put_nowait(line)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.task is not None:
            self.task.cancel()

    async def serve(self) -> None:
        """One frame per line, in order: stamped, committed (``--commit``), encoded, sent.
        A task between the line and the frame, as planloop's stream task sits between an
        event's publication and its write."""
        while True:
            await self.queue.get()
            self.seq += 1
            body = progress(self.seq)
            if self.probe is not None:
                event = await self.probe.commit(body)
            else:
                event = StoredEvent.build(RUN_ID, self.seq, iso(utcnow()), body)
            assert self.transport is not None
            self.transport.write(chunk(primary_frame(event)))


async def serve(port: int, commit: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="planloop-floor-") as tmp:
        probe = CommitProbe(Path(tmp)) if commit else None
        if probe is not None:
            await probe.open()
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)  # the temp dir goes with us
        server = await loop.create_server(lambda: Sender(probe), "127.0.0.1", port)
        print("ready", flush=True)
        try:
            await stop.wait()
        finally:
            server.close()
            if probe is not None:
                await probe.close()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.floor_probe", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--commit", action="store_true")
    args = parser.parse_args()
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        runner.run(serve(args.port, args.commit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
