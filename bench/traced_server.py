"""``planloop serve`` under tracemalloc, with a snapshot on demand.

    BENCH_TRACE_DIR=/tmp/trace python -m bench.traced_server serve ...

Tracing starts before planloop is imported, keeping the newest ``BENCH_TRACE_DEPTH``
frames (8) of each allocation. On SIGUSR1 the server collects garbage and writes
``snap<N>`` (``tracemalloc.Snapshot.dump``) then an empty ``snap<N>.done`` to the
directory. Used by the capacity benchmark (bench/capacity.py) to say who allocates a
parked stream's memory; never in production (tracing makes the server several times
slower).
"""

from __future__ import annotations

import gc
import itertools
import os
import signal
import tracemalloc
from pathlib import Path
from types import FrameType


def main() -> None:
    tracemalloc.start(int(os.environ.get("BENCH_TRACE_DEPTH", "8")))
    out = Path(os.environ["BENCH_TRACE_DIR"])
    numbers = itertools.count()

    def snapshot(signum: int, frame: FrameType | None) -> None:
        gc.collect()
        path = out / f"snap{next(numbers)}"
        tracemalloc.take_snapshot().dump(str(path))
        path.with_name(path.name + ".done").touch()

    signal.signal(signal.SIGUSR1, snapshot)
    from planloop.cli.main import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
