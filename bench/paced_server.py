"""``planloop serve`` whose planner reports progress as a streaming model does.

    BENCH_MODEL_STREAM_S=10 python -m bench.paced_server serve ...

Used by ``python -m bench pacing`` (issue 19, target 5), from outside src/ (never used in
production). Each iteration first "writes" for ``BENCH_MODEL_STREAM_S`` seconds: every
``FLUSH_INTERVAL_S`` (0.1 s) it yields the ``Progress`` the model planner's coalescer
releases (planners/openai/coalescer.py: a stage's verb, the running token count and the
text since the last release), so planloop's work per report is the model planner's —
the outbox, a durable commit, the relay and every watcher's frame. Then the offline
planner writes the iteration's real plan, checked as every plan is (both in a plan process
with ``PLANLOOP_PLAN_PROCESSES`` > 0, as ``bench pacing`` runs it by default). What is not
here is the ``openai`` SDK reading the model's own stream (bench/model_overhead.py measures
that part: ~1 ms an iteration).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator

from planloop.plan_processes import PlanProcesses
from planloop.planners.base import IterationContext, IterationResult, Planner, Progress
from planloop.planners.offline import OfflinePlanner
from planloop.planners.openai.coalescer import FLUSH_INTERVAL_S, Coalescer
from planloop.settings import Settings

TOKENS_PER_FLUSH = 5  # ~50 tokens/s: a small local model on a CPU
WORDS = "the plan keeps every date and cap the goal states and names an owner for each step "


class ModelPacedPlanner(OfflinePlanner):
    """The offline planner behind a model's pace of progress reports."""

    def __init__(self, stream_s: float, processes: PlanProcesses | None = None) -> None:
        super().__init__(step_delay_s=0.0, processes=processes)
        self.flushes = max(1, round(stream_s / FLUSH_INTERVAL_S))

    async def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
        coalescer = Coalescer()
        words = WORDS.split()
        tokens = 0
        # On the model's clock, not ours: a report due while the server was busy goes at
        # once, so every run offers ten a second however late the loop runs.
        loop = asyncio.get_running_loop()
        due = loop.time()
        for i in range(self.flushes):
            due += FLUSH_INTERVAL_S
            await asyncio.sleep(max(0.0, due - loop.time()))
            for k in range(TOKENS_PER_FLUSH):
                tokens += 1
                coalescer.push(words[(i * TOKENS_PER_FLUSH + k) % len(words)] + " ")
            progress = coalescer.flush("draft", tokens)
            if progress is not None:
                yield progress
        async for item in super().iterate(ctx):
            yield item


def main() -> None:
    from planloop import runtime
    from planloop.cli.main import main as cli_main

    stream_s = float(os.environ.get("BENCH_MODEL_STREAM_S", "10"))

    def paced(settings: Settings, processes: PlanProcesses | None = None) -> Planner:
        return ModelPacedPlanner(stream_s, processes)

    runtime.make_planner = paced
    cli_main()


if __name__ == "__main__":
    main()
