"""``planloop serve`` that also records each model call as planloop's client sees it.

    BENCH_CALLS_OUT=/tmp/calls.txt python -m bench.timed_server serve ...

Wraps ``Endpoint.call`` (planners/openai/endpoint.py) from outside src/ (never used in
production): one line ``<start> <end>`` (epoch seconds) per call, from the moment the
planner starts the call (the ``openai`` SDK builds and sends the request) to the end of the
streamed answer. The
model-overhead benchmark subtracts these from an iteration to get planloop's own part.
The file is opened once, line-buffered: opening it at the end of each call was counted
as planloop's time after the call (~0.1 ms a call).
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import AsyncIterator
from typing import Any


def main() -> None:
    from planloop.cli.main import main as cli_main
    from planloop.planners.openai import endpoint

    out = open(os.environ["BENCH_CALLS_OUT"], "a", buffering=1)  # noqa: SIM115 (process-long)
    call = endpoint.Endpoint.call

    @functools.wraps(call)
    async def timed(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        start = time.time()
        try:
            async for item in call(*args, **kwargs):
                yield item
        finally:
            out.write(f"{start} {time.time()}\n")

    endpoint.Endpoint.call = timed  # type: ignore[method-assign]
    cli_main()


if __name__ == "__main__":
    main()
