"""granian's supervisor for ``planloop serve --http2``, with one race of its own fixed.

At a stop the supervisor signals each worker, joins it with ``workers_kill_timeout`` and
kills it if it still looks alive. Meanwhile a thread of granian's (the worker's watcher)
waits for the same process in ``Process.join()``. When the worker exits, whichever
``waitpid`` comes first reaps it; if it is the watcher's, and that thread has not yet run
again to record the exit code, the supervisor's own ``waitpid`` meets ECHILD,
multiprocessing reads that as "still running", and granian logs "Killing worker-1 after it
refused to gracefully stop" for a worker that stopped gracefully, then sends SIGKILL to
its pid, which the system may already have given to another process. On a busy machine
that happened in about one stop in thirty (tests/api/test_http2.py).

A worker that has ended has closed its end of the pipe multiprocessing watches (its
sentinel), so it is asked too. A private part of granian 2 (pinned below 3), checked by
tests/cli/test_supervisor.py.
"""

from __future__ import annotations

from multiprocessing.connection import wait
from typing import Any

from granian.server.mp import MPServer, WorkerProcess


class Worker(WorkerProcess):
    """A worker process that is not alive once it has ended, however it was reaped."""

    def is_alive(self) -> bool:
        if not super().is_alive():  # type: ignore[no-untyped-call]
            return False
        return not wait([self.inner.sentinel], timeout=0)  # ready: it has ended


class Supervisor(MPServer):
    """granian's server of worker processes (``Granian`` on this Python), each worker a
    :class:`Worker`."""

    def _spawn_worker(self, *args: Any, **kwargs: Any) -> WorkerProcess:
        worker = super()._spawn_worker(*args, **kwargs)
        worker.__class__ = Worker
        return worker
