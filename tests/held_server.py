"""``planloop serve`` whose offline planner a test can hold in the middle of an iteration.

    PLANLOOP_TEST_HOLD=/tmp/x/hold python -m tests.held_server serve ...

While the file ``PLANLOOP_TEST_HOLD`` names exists, an iteration that has reported its
first progress waits before it goes on; removing the file lets it finish. A page test
can so see progress on the page while the iteration is still running, in that order by
construction, whatever the machine's load: no clock is compared. Without the file the
planner is the offline planner, unchanged.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

from planloop.plan_processes import PlanProcesses
from planloop.planners.base import IterationContext, IterationResult, Planner, Progress
from planloop.planners.offline import OfflinePlanner
from planloop.settings import Settings


class HeldPlanner(OfflinePlanner):
    def __init__(
        self, step_delay_s: float, hold: Path, processes: PlanProcesses | None = None
    ) -> None:
        super().__init__(step_delay_s, processes)
        self.hold = hold

    async def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
        held = self.hold.exists()
        reported = False
        async for item in super().iterate(ctx):
            yield item
            if held and not reported and isinstance(item, Progress):
                reported = True
                while self.hold.exists():
                    await asyncio.sleep(0.02)


def main() -> None:
    from planloop import runtime
    from planloop.cli.main import main as cli_main

    make = runtime.make_planner
    hold = Path(os.environ["PLANLOOP_TEST_HOLD"])

    def held(settings: Settings, processes: PlanProcesses | None = None) -> Planner:
        planner = make(settings, processes)
        if isinstance(planner, OfflinePlanner):
            return HeldPlanner(settings.offline_step_delay_s, hold, processes)
        return planner

    runtime.make_planner = held
    cli_main()


if __name__ == "__main__":
    main()
