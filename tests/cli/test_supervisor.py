"""granian's supervisor as ``planloop serve --http2`` runs it (planloop.cli.supervisor)."""

from __future__ import annotations

import os
import time

import pytest
from granian.server.mp import MPServer, WorkerProcess

from planloop.cli.supervisor import Supervisor, Worker


def _quit() -> None:
    """A worker's whole life: it ends at once."""


def _reaped_unrecorded(worker: WorkerProcess) -> WorkerProcess:
    """``worker`` ended and reaped by another thread's ``waitpid`` (granian's watcher),
    which has not yet recorded it: the moment the supervisor's stop meets under load."""
    worker.inner.start()
    pid, _ = os.waitpid(worker.inner.pid, 0)
    assert pid == worker.inner.pid
    return worker


def test_granians_own_worker_reads_alive_once_reaped_elsewhere() -> None:
    """The race itself, as granian 2 has it: why its stop said "refused to gracefully stop"
    of a worker that had stopped, and sent SIGKILL to its pid. If this fails, granian has
    fixed it and planloop.cli.supervisor can go."""
    worker = _reaped_unrecorded(WorkerProcess(None, 0, _quit, ()))
    assert worker.is_alive()


def test_a_worker_reaped_elsewhere_has_ended() -> None:
    worker = WorkerProcess(None, 0, _quit, ())
    worker.__class__ = Worker
    assert not _reaped_unrecorded(worker).is_alive()


def test_a_running_worker_is_alive() -> None:
    worker = WorkerProcess(None, 0, time.sleep, (60,))
    worker.__class__ = Worker
    worker.inner.start()
    try:
        assert worker.is_alive()
    finally:
        worker.inner.kill()
        worker.inner.join()
    assert not worker.is_alive()


def test_the_supervisor_spawns_such_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every worker granian's server spawns (here without its sockets) is a Worker."""
    monkeypatch.setattr(MPServer, "_spawn_worker", lambda *_: WorkerProcess(None, 0, _quit, ()))
    server = Supervisor("planloop.cli.http2:app", factory=True, workers=1)
    assert type(server._spawn_worker(0, _quit, lambda: None)) is Worker
