"""The benchmarks' baseline and peer run planloop's offline planner without an event loop
(bench/baseline/work.py): it must stay drivable that way, or `bench peer` and `bench all`
stop at their first calibration."""

from __future__ import annotations

from bench.baseline.work import Planning

from planloop.planners.base import IterationResult

GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"


def test_the_offline_planner_runs_to_a_plan_without_an_event_loop() -> None:
    planning = Planning(GOAL, "", max_iterations=2, interval=2)
    for iteration in (1, 2):
        results = [i for i in planning.iterate(iteration) if isinstance(i, IterationResult)]
        assert len(results) == 1
    assert len(planning.state.iterations) == 2
    assert "Budget" in planning.state.plan and "$40,000" in planning.state.plan
